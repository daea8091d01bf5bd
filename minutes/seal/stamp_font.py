"""The font the visible seal is drawn with, embedded in the PDF as PDF/A requires.

pyHanko's default stamp uses a standard font that is not embedded, which breaks PDF/A and
cannot print a Chinese issuing body's name. The seal uses Noto Sans CJK SC instead. Its
collection file holds 65,000 glyphs per face: subsetting that on every seal would cost half a
second, so the face is cut once per process down to the characters a seal can print (the
issuing body's name, the fixed wording, ASCII), and pyHanko subsets that small font again for
each PDF.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.ttCollection import TTCollection
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.writer import BasePdfFileWriter

#: Tried in order; DejaVu has no CJK glyphs but is better than a font that is not embedded.
FONT_CANDIDATES = (
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), "Noto Sans CJK SC"),
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), None),
)


@dataclass(frozen=True)
class SubsetFontFactory(FontEngineFactory):
    """Creates pyHanko font engines from font bytes held in memory."""

    font: bytes
    font_size: int = 10

    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: Any = None) -> FontEngine:
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()  # type: ignore[no-untyped-call]
        return GlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(self.font),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def stamp_font(text: str, font_size: int = 10) -> SubsetFontFactory:
    """A font holding every character of ``text`` and of ASCII, for the seal's stamp."""
    return SubsetFontFactory(_subset_font("".join(sorted(set(text + string.printable)))), font_size)


@cache
def _subset_font(characters: str) -> bytes:
    font = _load_font()
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # Without layout tables: pyHanko drops them from the font it embeds anyway, and reading
    # them again for every seal took most of its subsetting time. The stamp loses only the
    # Latin kerning pairs.
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


def _load_font() -> TTFont:
    for path, family in FONT_CANDIDATES:
        if not path.is_file():
            continue
        if family is None:
            return TTFont(path)
        for number, face in enumerate(TTCollection(path, lazy=True).fonts):
            if face["name"].getDebugName(1) == family:
                return TTFont(path, fontNumber=number)
    raise RuntimeError(
        "no font for the seal's stamp: install fonts-noto-cjk (or fonts-dejavu-core); tried "
        + ", ".join(str(path) for path, _ in FONT_CANDIDATES)
    )
