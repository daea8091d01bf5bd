"""The institution's PAdES seal on a rendered minutes PDF.

The seal is appended as incremental updates, so the rendered PDF/A file, its attached record
and its XMP identification stay byte for byte what the renderer wrote. pyHanko writes three
revisions: the signature (with an RFC 3161 signature timestamp), the DSS holding every
certificate and the CRL needed to check it offline (PAdES B-LT), and a document timestamp
over all of it (B-LTA), which later timestamps can extend for as long as the archive keeps
the file.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.stamp import TextStampStyle
from pypdf import PdfReader

from core.settings import get_settings
from minutes.seal.institution import institution
from minutes.seal.stamp_font import stamp_font
from minutes.seal_area import SEAL_AREA_ID, height_points, width_points

SEAL_FIELD = "Seal"
#: Without the sealed rendering's seal area (a file from elsewhere), the stamp sits in the
#: bottom margin of the last page, measured from the page box.
_FALLBACK_RIGHT = 51  # 18 mm, the template's side margin
_FALLBACK_BOTTOM = 10
_SEALED = "已盖章 Sealed"
_DEVELOPMENT = "开发用印章，不具效力 Development seal, not valid"


def seal_pdf(pdf: bytes, *, signer_name: str, reason: str, location: str | None) -> bytes:
    """``pdf`` with the institution's visible PAdES B-LTA seal on its last page (blocking)."""
    seal = institution()
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    sealed_at = datetime.now(ZoneInfo(get_settings().jurisdiction_timezone))
    lines = [signer_name, f"{_SEALED} {sealed_at.isoformat(' ', 'minutes')}"]
    if seal.is_development:
        lines.append(_DEVELOPMENT)
    text = "\n".join(lines)
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        name=signer_name,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        embed_validation_info=True,
        use_pades_lta=True,
        validation_context=seal.validation_context(),
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        seal.signer,
        timestamper=seal.timestamper,
        stamp_style=TextStampStyle(
            stamp_text="%(seal)s",
            text_box_style=TextBoxStyle(font=stamp_font(text, font_size=8), leading=11),
            border_width=1,
            inner_content_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(4),  # type: ignore[no-untyped-call]
            ),
        ),
        new_field_spec=_seal_field(pdf, writer),
    )
    out = pdf_signer.sign_pdf(writer, appearance_text_params={"seal": text})
    return bytes(out.getbuffer())


def _seal_field(pdf: bytes, writer: IncrementalPdfFileWriter) -> fields.SigFieldSpec:
    """The seal over the area the sealed rendering left for it, else in the last page's margin."""
    area = _seal_area(pdf)
    if area is not None:
        page, left, top = area
        box = (int(left), int(top - height_points()), int(left + width_points()), int(top))
        return fields.SigFieldSpec(SEAL_FIELD, on_page=page, box=box)
    return fields.SigFieldSpec(SEAL_FIELD, on_page=-1, box=_margin_box(writer, page=-1))


def _seal_area(pdf: bytes) -> tuple[int, float, float] | None:
    """The page and top-left corner of the seal area's named destination, if the file has one."""
    try:
        reader = PdfReader(BytesIO(pdf))
        destination = reader.named_destinations.get(SEAL_AREA_ID)
        if destination is None or destination.left is None or destination.top is None:
            return None
        page = reader.get_destination_page_number(destination)
    except Exception:  # a file not rendered by Concord: fall back to the margin
        return None
    if page is None:
        return None
    return page, float(destination.left), float(destination.top)


def _margin_box(writer: IncrementalPdfFileWriter, page: int) -> tuple[int, int, int, int]:
    page_ref, _ = writer.find_page_for_modification(page)  # type: ignore[no-untyped-call]
    page_dict = page_ref.get_object()
    box = page_dict.get("/CropBox") or _inherited(page_dict, "/MediaBox")
    left, bottom, right, _ = (float(value) for value in box)
    x2 = int(right) - _FALLBACK_RIGHT
    x1 = max(int(left), x2 - int(width_points()))
    y1 = int(bottom) + _FALLBACK_BOTTOM
    return x1, y1, x2, y1 + int(height_points())


def _inherited(page: generic.DictionaryObject, key: str) -> generic.ArrayObject:
    node: generic.DictionaryObject | None = page
    while node is not None:
        if key in node:
            value: generic.ArrayObject = node[key]
            return value
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    raise ValueError(f"the page has no {key}")
