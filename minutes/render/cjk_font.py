"""Cuts of Noto Sans CJK SC holding the GB 2312 and the GBK characters, which the minutes'
Chinese is set in.

Each face of the system's Noto Sans CJK SC holds 65,000 glyphs (Japanese, Korean and traditional
forms too, in 20 MB). WeasyPrint copies the whole face into every PDF it writes and subsets it
keeping the glyph numbers, so each rendering read, subset and compressed two such faces: a third
of the rendering time, and most of the file. The cuts keep the same outlines: GB 2312 (6,763
Chinese characters, nearly all of any text) and GBK (20,902, the rarer characters of names
too); each is made once per data directory with HarfBuzz (under a second a weight) under a name
of its own, so that fontconfig never takes it for the full face. The stylesheet names the cuts
smallest first and the full face last, so a character is set in the smallest face that has it.
"""

from __future__ import annotations

import os
import tempfile
from hashlib import sha256
from io import BytesIO
from pathlib import Path

import uharfbuzz
from fontTools.ttLib import TTFont
from fontTools.ttLib.ttCollection import TTCollection

SOURCE_FAMILY = "Noto Sans CJK SC"
#: The cuts, smallest first, by the character set (a Python codec) each keeps: nearly every
#: text needs GB 2312 alone; GBK adds the rarer characters of names.
CUTS = ("gb2312", "gbk")
_NOTO = Path("/usr/share/fonts/opentype/noto")
#: The faces cut, by CSS weight; one missing (no Noto installed) is left to the fallback.
SOURCES = {400: _NOTO / "NotoSansCJK-Regular.ttc", 700: _NOTO / "NotoSansCJK-Bold.ttc"}
_STYLE_NAMES = {400: "Regular", 700: "Bold"}
#: Raised when what is cut changes, so that caches made before are not reused.
_CUT_VERSION = "1"
_PUNCTUATION = (range(0x2000, 0x2070), range(0x3000, 0x3040), range(0xFF00, 0xFFF0))


def family(cut: str) -> str:
    """The font family a cut is declared as, e.g. "Noto Sans CJK SC GB2312"."""
    return f"{SOURCE_FAMILY} {cut.upper()}"


def font_face_css(directory: Path) -> str:
    """``@font-face`` rules for the cut faces, found in ``directory`` or made there first."""
    rules = []
    for cut in CUTS:
        for weight, source in SOURCES.items():
            if source.is_file():
                path = cut_face(source, weight, cut, directory)
                rules.append(
                    f'@font-face {{ font-family: "{family(cut)}"; font-weight: {weight}; '
                    f'font-style: normal; src: url("{path.as_uri()}"); }}'
                )
    return "\n".join(rules)


def cut_face(source: Path, weight: int, cut: str, directory: Path) -> Path:
    """The ``cut`` of ``source``'s Simplified Chinese face kept in ``directory``."""
    stat = source.stat()
    made_from = (str(source), str(stat.st_size), str(stat.st_mtime_ns), uharfbuzz.__version__)
    identity = "|".join((_CUT_VERSION, cut, *made_from))
    digest = sha256(identity.encode()).hexdigest()[:16]
    path = directory / f"{source.stem}-{cut.upper()}-{digest}.otf"
    if not path.is_file():
        font = _subset(source, codepoints(cut))
        _write_atomically(path, _renamed(font, family(cut), _STYLE_NAMES[weight]))
        # A cut of an older font or version is not used again. Processes still running with it
        # are unaffected: WeasyPrint reads a @font-face font into a folder of its own.
        for stale in directory.glob(f"{source.stem}-{cut.upper()}-*.otf"):
            if stale != path:
                stale.unlink(missing_ok=True)
    return path


def codepoints(charset: str) -> list[int]:
    """Every character ``charset`` encodes, and the general, CJK and full-width punctuation."""
    points = {point for block in _PUNCTUATION for point in block}
    for point in range(0x20, 0x10000):
        if not 0xD800 <= point < 0xE000 and _encodes(charset, chr(point)):
            points.add(point)
    return sorted(points)


def _encodes(charset: str, character: str) -> bool:
    try:
        character.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def _subset(source: Path, characters: list[int]) -> bytes:
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(source), _face_index(source))
    wanted = uharfbuzz.SubsetInput()
    wanted.unicode_set.update(characters)
    wanted.name_id_set.update(range(256))  # the copyright, licence and vendor names too
    data: bytes = uharfbuzz.subset(face, wanted).blob.data
    return data


def _face_index(source: Path) -> int:
    for index, face in enumerate(TTCollection(source, lazy=True).fonts):
        if face["name"].getDebugName(1) == SOURCE_FAMILY:
            return index
    raise RuntimeError(f"{source} has no {SOURCE_FAMILY} face")


def _renamed(data: bytes, family: str, style: str) -> bytes:
    """The font named ``family`` (the outlines' copyright and licence kept)."""
    font = TTFont(BytesIO(data), lazy=True)
    names = font["name"]
    for name_id in (1, 2, 3, 4, 6, 16, 17):
        names.removeNames(nameID=name_id)
    postscript = f"{family.replace(' ', '')}-{style}"
    for name_id, text in ((1, family), (2, style), (3, postscript), (4, f"{family} {style}")):
        names.setName(text, name_id, 3, 1, 0x409)
    names.setName(postscript, 6, 3, 1, 0x409)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    # Workers starting together each write a file of their own and rename it into place, so
    # none ever reads a half-written font; the cuts are the same, whichever rename wins.
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, staging = tempfile.mkstemp(prefix=".font-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.chmod(staging, 0o644)  # a font, readable like the system's own
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
