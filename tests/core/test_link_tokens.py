"""Link tokens are single-purpose, expire, and are refused once altered."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from core import signing
from core.errors import Unauthorized

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
LATER = NOW + timedelta(days=7)


def refusal(token: str, purpose: str, now: datetime = NOW) -> tuple[str, str | None]:
    with pytest.raises(Unauthorized) as refused:
        signing.read(token, purpose, now)
    return refused.value.code, refused.value.field


def test_a_token_says_its_purpose_subject_and_expiry_and_is_issued_alike_each_time() -> None:
    token = signing.issue("rsvp", "session:person", LATER)
    claims = signing.read(token, "rsvp", NOW)
    assert (claims.purpose, claims.subject, claims.expires_at) == ("rsvp", "session:person", LATER)
    assert signing.issue("rsvp", "session:person", LATER) == token
    assert signing.issue("rsvp", "session:person", LATER + timedelta(seconds=1)) != token


def test_a_token_for_one_purpose_is_refused_for_another() -> None:
    token = signing.issue("rsvp", "a:b", LATER)
    assert refusal(token, "minutes-sign") == ("invalid_token", "token")


def test_a_token_stops_working_at_its_expiry() -> None:
    token = signing.issue("rsvp", "a:b", LATER)
    assert signing.read(token, "rsvp", LATER - timedelta(seconds=1)).subject == "a:b"
    assert refusal(token, "rsvp", LATER) == ("token_expired", "token")


def test_a_stretched_expiry_or_any_other_change_is_refused() -> None:
    token = signing.issue("rsvp", "a:b", NOW - timedelta(days=1))
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    data, mac = raw[:-16], raw[-16:]
    version, purpose, token_id, _, subject = data.decode().split("|")
    stretched = f"{version}|{purpose}|{token_id}|{int(LATER.timestamp())}|{subject}".encode()
    forged = base64.urlsafe_b64encode(stretched + mac).decode().rstrip("=")
    assert refusal(forged, "rsvp") == ("invalid_token", "token")
    for garbage in ("", "!!!", "AAAA", token[:-1]):
        assert refusal(garbage, "rsvp")[0] == "invalid_token"
