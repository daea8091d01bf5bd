"""The minutes' Chinese is set in cuts of Noto Sans CJK SC (GB 2312, GBK), each made once and
named apart: a character in the smallest cut that has it, one beyond them in the full face."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from core.settings import get_settings
from minutes.render.cjk_font import CUTS, SOURCES, cut_face, family, font_face_css
from minutes.render.renderer import MinutesRenderer
from tests.minutes.test_document import sample_document

#: U+954E, U+5803: in GBK but not in GB 2312 (names: 朱镕基).
BEYOND_GB2312 = "镕堃"
#: U+4DAE: in CJK Extension A, not in GBK (so in neither cut), but in Noto Sans CJK SC.
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
        covered = {}
        for cut in CUTS:
            first = cut_face(source, weight, cut, directory)
            made = first.stat().st_mtime_ns
            assert cut_face(source, weight, cut, directory) == first
            assert first.stat().st_mtime_ns == made, "the cut was made again"
            font = TTFont(first, lazy=True)
            assert font["name"].getDebugName(1) == family(cut)
            covered[cut] = set(font.getBestCmap())
        assert {ord(c) for c in "张三，《》"} <= covered["gb2312"]
        assert not {ord(c) for c in BEYOND_GB2312} & covered["gb2312"]
        assert {ord(c) for c in BEYOND_GB2312} <= covered["gbk"]
        assert ord(BEYOND_GBK) not in covered["gbk"]
    assert font_face_css(directory).count("@font-face") == len(SOURCES) * len(CUTS)


def test_the_sample_is_set_in_the_smallest_cut_alone(renderer: MinutesRenderer) -> None:
    fonts = _base_fonts(renderer.render_pdf(sample_document("zh-CN")))

    assert {"Noto-Sans-CJK-SC-GB2312", "Noto-Sans-CJK-SC-GB2312-Bold"} <= fonts
    assert not {"Noto-Sans-CJK-SC-GBK", "Noto-Sans-CJK-SC"} & fonts


def test_a_rarer_character_comes_from_the_next_cut_and_one_beyond_both_from_the_full_face(
    renderer: MinutesRenderer,
) -> None:
    recorder = f"陈{BEYOND_GB2312}{BEYOND_GBK}"
    pdf = renderer.render_pdf(replace(sample_document("zh-CN"), recorder=recorder))

    assert {"Noto-Sans-CJK-SC-GB2312", "Noto-Sans-CJK-SC-GBK", "Noto-Sans-CJK-SC"} <= (
        _base_fonts(pdf)
    )
    assert recorder in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_a_cut_made_anew_replaces_the_stale_one(tmp_path) -> None:
    source = SOURCES[400]
    stale = tmp_path / f"{source.stem}-GB2312-0000000000000000.otf"
    stale.write_bytes(b"a cut of an older font")

    made = cut_face(source, 400, "gb2312", tmp_path)

    assert made.is_file() and not stale.exists()
    assert [path.name for path in tmp_path.iterdir()] == [made.name]
