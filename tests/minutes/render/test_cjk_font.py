"""The minutes' Chinese is set in a cut of Noto Sans CJK SC (the GBK characters), made once and
named apart; a character beyond it still comes from the full face."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from core.settings import get_settings
from minutes.render.cjk_font import FAMILY, SOURCES, cut_face, font_face_css
from minutes.render.renderer import MinutesRenderer
from tests.minutes.test_document import sample_document

#: U+4DAE: in CJK Extension A, not in GBK (so not in the cut), but in Noto Sans CJK SC.
BEYOND_GBK = "䶮"


@pytest.fixture(scope="module")
def renderer() -> MinutesRenderer:
    return MinutesRenderer()


def _base_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_each_weight_is_cut_once_under_a_name_of_its_own() -> None:
    directory = get_settings().data_dir / "fonts"
    for weight, source in SOURCES.items():
        first = cut_face(source, weight, directory)
        made = first.stat().st_mtime_ns
        assert cut_face(source, weight, directory) == first
        assert first.stat().st_mtime_ns == made, "the cut was made again"
        font = TTFont(first, lazy=True)
        assert font["name"].getDebugName(1) == FAMILY
        assert {ord(c) for c in "张三镕堃喆，《》"} <= set(font.getBestCmap())
        assert ord(BEYOND_GBK) not in font.getBestCmap()
    assert font_face_css(directory).count("@font-face") == len(SOURCES)


def test_the_sample_is_set_in_the_cut_alone(renderer: MinutesRenderer) -> None:
    fonts = _base_fonts(renderer.render_pdf(sample_document("zh-CN")))

    assert {"Noto-Sans-CJK-SC-GBK", "Noto-Sans-CJK-SC-GBK-Bold"} <= fonts
    assert "Noto-Sans-CJK-SC" not in fonts  # the full face is not embedded


def test_a_character_beyond_the_cut_comes_from_the_full_face(renderer: MinutesRenderer) -> None:
    pdf = renderer.render_pdf(replace(sample_document("zh-CN"), recorder=f"陈{BEYOND_GBK}"))

    assert "Noto-Sans-CJK-SC" in _base_fonts(pdf)
    assert f"陈{BEYOND_GBK}" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
