"""Sealed PDFs and the ways they get tampered with, for seal and verification tests."""

from __future__ import annotations

import re
from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from minutes.document import MinutesDocument
from minutes.render.renderer import MinutesRenderer
from minutes.seal.pades import seal_pdf

_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")


def sealed_document(document: MinutesDocument) -> bytes:
    """``document`` rendered and sealed, as sealing minutes does (blocking)."""
    rendered = MinutesRenderer().render_pdf(document)
    return seal_pdf(rendered, signer_name="某市信访局", reason="test", location=None)


def signed_ranges(pdf: bytes) -> list[range]:
    """The byte ranges the seal's signature covers."""
    seal = PdfFileReader(BytesIO(pdf)).embedded_regular_signatures[0]
    start1, length1, start2, length2 = (int(v) for v in seal.sig_object["/ByteRange"])
    return [range(start1, start1 + length1), range(start2, start2 + length2)]


def flip_byte_in_a_signed_stream(pdf: bytes) -> bytes:
    """One bit changed inside compressed stream data the seal covers: the file still parses."""
    first = signed_ranges(pdf)[0]
    for stream in _STREAM_START.finditer(pdf, first.stop // 3, first.stop):
        if b"endstream" not in pdf[stream.end() : stream.end() + 256]:
            position = stream.end() + 128
            return pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1 :]
    raise AssertionError("the sealed PDF has no long stream in its signed revision")


def append_annotation_and_info_change(pdf: bytes) -> bytes:
    """An incremental update after sealing: a note on page 1 and a new document title."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    page_ref, _ = writer.find_page_for_modification(0)  # type: ignore[no-untyped-call]
    page = page_ref.get_object()
    note = writer.add_object(
        generic.DictionaryObject(  # type: ignore[no-untyped-call]
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/Text"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(n) for n in (20, 20, 60, 60)]  # type: ignore[no-untyped-call]
                ),
                generic.NameObject("/Contents"): generic.TextStringObject("补充：已同意"),
            }
        )
    )
    annotations = page.get("/Annots", generic.ArrayObject())
    annotations.append(note)
    page[generic.NameObject("/Annots")] = annotations
    writer.update_container(page)
    info = writer.trailer["/Info"].get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject("改过的标题")
    writer.update_container(info)
    out = BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()
