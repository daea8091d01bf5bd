from __future__ import annotations

import io

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes.archive.pdf_inspection import embedded_record, identify_minutes
from minutes.document import document_to_record, sha256_hex
from minutes.render.renderer import MinutesRenderer
from tests.minutes.test_document import sample_document


@pytest.fixture(scope="module")
def minutes_pdf() -> bytes:
    return MinutesRenderer().render_pdf(sample_document("zh-CN"))


def _pdf_without_marker() -> bytes:
    output = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.docinfo["/Keywords"] = "minutes, unrelated"
        pdf.save(output)
    return output.getvalue()


def _flip_byte_in_first_content_stream(pdf: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        contents = document.pages[0].obj.Contents
        object_number = (contents[0] if isinstance(contents, pikepdf.Array) else contents).objgen[0]
    object_start = pdf.index(f"\n{object_number} 0 obj".encode())
    offset = pdf.index(b"stream\n", object_start) + len(b"stream\n") + 10
    return pdf[:offset] + bytes([pdf[offset] ^ 0x01]) + pdf[offset + 1 :]


def test_identify_minutes_reads_id_and_version(minutes_pdf: bytes) -> None:
    assert identify_minutes(minutes_pdf) == ("6f1c2d9e-7d4b-4c8e-9a51-0c3f2e1d0a42", 2)


def test_embedded_record_equals_the_document_record(minutes_pdf: bytes) -> None:
    assert embedded_record(minutes_pdf) == document_to_record(sample_document("zh-CN"))


def test_a_pdf_without_marker_is_not_identified() -> None:
    pdf = _pdf_without_marker()

    assert identify_minutes(pdf) is None
    assert embedded_record(pdf) is None


@pytest.mark.parametrize("data", [b"", b"hello", b"%PDF-1.7\n", b"\x00" * 1000])
def test_unreadable_input_is_not_identified(data: bytes) -> None:
    assert identify_minutes(data) is None
    assert embedded_record(data) is None


def test_truncated_minutes_do_not_raise(minutes_pdf: bytes) -> None:
    truncated = minutes_pdf[: len(minutes_pdf) // 2]

    assert identify_minutes(truncated) in (None, ("6f1c2d9e-7d4b-4c8e-9a51-0c3f2e1d0a42", 2))


def test_a_copy_with_one_flipped_content_byte_hashes_differently(minutes_pdf: bytes) -> None:
    modified = _flip_byte_in_first_content_stream(minutes_pdf)

    assert len(modified) == len(minutes_pdf)
    assert sha256_hex(modified) != sha256_hex(minutes_pdf)
    # The marker survives, so verification can still say which minutes were tampered with.
    assert identify_minutes(modified) == identify_minutes(minutes_pdf)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert identify_minutes(data) is None
    assert embedded_record(data) is None


@settings(max_examples=25, deadline=None)
@given(position=st.floats(min_value=0, max_value=1, exclude_max=True), bit=st.integers(0, 7))
def test_any_single_bit_flip_never_raises(minutes_pdf: bytes, position: float, bit: int) -> None:
    offset = int(position * len(minutes_pdf))
    damaged = minutes_pdf[:offset] + bytes([minutes_pdf[offset] ^ (1 << bit)])
    damaged += minutes_pdf[offset + 1 :]

    identified = identify_minutes(damaged)
    record = embedded_record(damaged)

    assert identified is None or isinstance(identified[1], int)
    assert record is None or isinstance(record, dict)
