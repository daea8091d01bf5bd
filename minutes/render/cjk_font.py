"""A cut of Noto Sans CJK SC holding the GBK characters, which the minutes' Chinese is set in.

Each face of the system's Noto Sans CJK SC holds 65,000 glyphs (Japanese, Korean and traditional
forms too, in 20 MB). WeasyPrint copies the whole face into every PDF it writes and subsets it
keeping the glyph numbers, so each rendering read, subset and compressed two such faces: a third
of the rendering time, and most of the file. The cut keeps the glyphs of the characters of GBK
(its 20,902 Chinese characters cover the names of people and places) with the same outlines;
it is made once per data directory with HarfBuzz (about a second a weight) under a name of its
own, so that fontconfig never takes it for the full face. A character outside it is still set
in the full face, which the stylesheet names after it.
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

FAMILY = "Noto Sans CJK SC GBK"
SOURCE_FAMILY = "Noto Sans CJK SC"
_NOTO = Path("/usr/share/fonts/opentype/noto")
#: The faces cut, by CSS weight; one missing (no Noto installed) is left to the fallback.
SOURCES = {400: _NOTO / "NotoSansCJK-Regular.ttc", 700: _NOTO / "NotoSansCJK-Bold.ttc"}
_STYLE_NAMES = {400: "Regular", 700: "Bold"}
#: Raised when what is cut changes, so that caches made before are not reused.
_CUT_VERSION = "1"
_PUNCTUATION = (range(0x2000, 0x2070), range(0x3000, 0x3040), range(0xFF00, 0xFFF0))


def font_face_css(directory: Path) -> str:
    """``@font-face`` rules for the cut faces, found in ``directory`` or made there first."""
    rules = []
    for weight, source in SOURCES.items():
        if source.is_file():
            path = cut_face(source, weight, directory)
            rules.append(
                f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
                f'font-style: normal; src: url("{path.as_uri()}"); }}'
            )
    return "\n".join(rules)


def cut_face(source: Path, weight: int, directory: Path) -> Path:
    """The cut of ``source``'s Simplified Chinese face kept in ``directory``."""
    stat = source.stat()
    identity = "|".join(
        (_CUT_VERSION, str(source), str(stat.st_size), str(stat.st_mtime_ns), uharfbuzz.__version__)
    )
    path = directory / f"{source.stem}-GBK-{sha256(identity.encode()).hexdigest()[:16]}.otf"
    if not path.is_file():
        _write_atomically(path, _renamed(_subset(source), _STYLE_NAMES[weight]))
    return path


def gbk_codepoints() -> list[int]:
    """Every character GBK encodes, and the general, CJK and full-width punctuation."""
    codepoints = {point for block in _PUNCTUATION for point in block}
    for point in range(0x20, 0x10000):
        if not 0xD800 <= point < 0xE000 and _in_gbk(chr(point)):
            codepoints.add(point)
    return sorted(codepoints)


def _in_gbk(character: str) -> bool:
    try:
        character.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _subset(source: Path) -> bytes:
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(source), _face_index(source))
    wanted = uharfbuzz.SubsetInput()
    wanted.unicode_set.update(gbk_codepoints())
    wanted.name_id_set.update(range(256))  # the copyright, licence and vendor names too
    data: bytes = uharfbuzz.subset(face, wanted).blob.data
    return data


def _face_index(source: Path) -> int:
    for index, face in enumerate(TTCollection(source, lazy=True).fonts):
        if face["name"].getDebugName(1) == SOURCE_FAMILY:
            return index
    raise RuntimeError(f"{source} has no {SOURCE_FAMILY} face")


def _renamed(data: bytes, style: str) -> bytes:
    """The font named ``FAMILY`` (the outlines' copyright and licence kept)."""
    font = TTFont(BytesIO(data), lazy=True)
    names = font["name"]
    for name_id in (1, 2, 3, 4, 6, 16, 17):
        names.removeNames(nameID=name_id)
    postscript = f"{FAMILY.replace(' ', '')}-{style}"
    for name_id, text in ((1, FAMILY), (2, style), (3, postscript), (4, f"{FAMILY} {style}")):
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
