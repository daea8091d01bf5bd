"""Where the institution's visible seal goes: an empty box the sealed rendering leaves at the
end of its last page, found again by its named destination when the seal is applied."""

from __future__ import annotations

#: The element id, which WeasyPrint turns into a named destination of the PDF.
SEAL_AREA_ID = "seal-area"
WIDTH_MM = 85
HEIGHT_MM = 26
_POINTS_PER_MM = 72 / 25.4


def width_points() -> float:
    return WIDTH_MM * _POINTS_PER_MM


def height_points() -> float:
    return HEIGHT_MM * _POINTS_PER_MM
