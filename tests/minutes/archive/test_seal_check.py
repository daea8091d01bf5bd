"""Checking the seal on arbitrary bytes: what pyHanko's validator says, and never an exception."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from minutes.archive.seal_check import LEVEL_B_LTA, check_seal
from minutes.render.renderer import MinutesRenderer
from tests.minutes.test_document import sample_document
from tests.support.seal_files import (
    append_annotation_and_info_change,
    flip_byte_in_a_signed_stream,
    sealed_document,
    signed_ranges,
)


@pytest.fixture(scope="module")
def sealed() -> bytes:
    return sealed_document(sample_document())


@pytest.fixture(scope="module")
def unsealed() -> bytes:
    return MinutesRenderer().render_pdf(replace(sample_document(), version=3))


def test_an_untouched_seal_is_valid_timestamped_and_covers_the_whole_file(sealed) -> None:
    check = check_seal(sealed)
    assert check.problems == ()
    assert (check.valid, check.timestamp_valid, check.covers_whole_file) == (True, True, True)
    assert check.holds
    assert check.signer is not None and check.signer.endswith("(development seal)")
    assert check.signed_at is not None and check.signed_at.tzinfo is not None
    assert abs(check.signed_at - datetime.now(UTC)) < timedelta(minutes=10)
    assert check.level == LEVEL_B_LTA


def test_forty_years_on_the_seal_still_holds_from_the_file_s_own_validation_data(
    sealed,
) -> None:
    # By then every certificate has expired: only the timestamps and the embedded DSS remain.
    later = datetime.now(UTC) + timedelta(days=365 * 40)
    check = check_seal(sealed, as_of=later)
    assert (check.valid, check.timestamp_valid, check.covers_whole_file) == (True, True, True)
    assert check.level == LEVEL_B_LTA
    assert check.problems == ()


def test_forty_years_on_a_flipped_byte_still_breaks_the_seal(sealed) -> None:
    damaged = bytearray(sealed)
    damaged[len(damaged) // 3] ^= 0x01
    check = check_seal(bytes(damaged), as_of=datetime.now(UTC) + timedelta(days=365 * 40))
    assert not check.valid
    assert check.problems


def test_a_flipped_byte_inside_the_signed_range_breaks_the_seal(sealed) -> None:
    check = check_seal(flip_byte_in_a_signed_stream(sealed))
    assert check.valid is False
    assert check.level is None
    assert any("altered" in problem for problem in check.problems), check.problems


def test_an_update_appended_after_sealing_is_not_covered_by_the_seal(sealed) -> None:
    check = check_seal(append_annotation_and_info_change(sealed))
    # The sealed revision itself is untouched: the seal is valid, but no longer the last word.
    assert check.valid is True
    assert check.covers_whole_file is False
    assert not check.holds
    assert any("changed after it was sealed" in problem for problem in check.problems)


def test_a_pdf_without_a_seal_says_so(unsealed) -> None:
    check = check_seal(unsealed)
    assert not check.holds
    assert check.problems == ("the file carries no seal (no PDF signature)",)


def test_an_encrypted_pdf_is_reported_not_opened(unsealed) -> None:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(unsealed)))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = BytesIO()
    writer.write(out)
    check = check_seal(out.getvalue())
    assert not check.holds
    [problem] = check.problems
    assert "encrypted" in problem


@pytest.mark.parametrize(
    "garbage",
    [b"", b"hello", b"%PDF-1.7\n", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog\n%%EOF", b"\x00" * 64],
)
def test_garbage_is_a_problem_not_an_exception(garbage: bytes) -> None:
    check = check_seal(garbage)
    assert (check.valid, check.timestamp_valid, check.covers_whole_file) == (False, False, False)
    assert check.signer is None and check.signed_at is None
    assert len(check.problems) == 1


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_single_byte_change_in_the_signed_range_keeps_the_seal_holding(sealed, data) -> None:
    ranges = signed_ranges(sealed)
    position = data.draw(st.sampled_from(ranges).flatmap(st.sampled_from))
    bit = data.draw(st.integers(min_value=0, max_value=7))
    tampered = sealed[:position] + bytes([sealed[position] ^ (1 << bit)]) + sealed[position + 1 :]
    check = check_seal(tampered)
    assert not (check.valid and check.covers_whole_file)
    assert check.problems


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=10**7))
def test_a_truncated_seal_never_raises_and_never_holds(sealed, cut) -> None:
    end_of_signature = signed_ranges(sealed)[1].stop
    check = check_seal(sealed[: cut % end_of_signature])
    assert not check.holds
    assert check.problems
