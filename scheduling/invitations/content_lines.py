"""iCalendar content lines (RFC 5545 §3.1): folding, CRLF line ends and DATE-TIME text.

Shared by the invitation writer (``scheduling.invitations.writer``) and the VTIMEZONE builder
(``scheduling.invitations.vtimezone``).
"""

from __future__ import annotations

from datetime import datetime

FOLD_OCTETS = 75
CRLF = "\r\n"


def fold_line(line: str) -> str:
    """Fold one content line at 75 octets without splitting a UTF-8 sequence (RFC 5545 §3.1)."""
    data = line.encode()
    if len(data) <= FOLD_OCTETS:
        return line
    pieces: list[bytes] = []
    start, limit = 0, FOLD_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back off to its lead byte
            cut -= 1
        pieces.append(data[start:cut])
        start, limit = cut, FOLD_OCTETS - 1  # the continuation's leading space counts
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


def fold_lines(lines: list[str]) -> str:
    """Content lines as folded, CRLF-terminated text."""
    return CRLF.join(map(fold_line, lines)) + CRLF


def date_time_text(moment: datetime) -> str:
    """A DATE-TIME value without zone suffix: the wall time of ``moment`` as given."""
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )
