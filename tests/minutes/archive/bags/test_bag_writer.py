"""Bags written by ``minutes.archive.bags.writer``, judged by the ``bagit`` library: valid as
written, invalid after any change to any byte of them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import bagit
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.archive.bags.writer import (
    TAG_MANIFEST,
    BagPayload,
    bag_files,
    bag_problems,
    write_bag,
    zip_bag,
)

PAYLOAD = BagPayload(
    files={
        "minutes.pdf": b"%PDF-1.7\n sealed minutes \n%%EOF\n",
        "record.json": '{"case_title":"房屋征收补偿"}'.encode(),
        "audit.jsonl": b'{"seq":1}\n{"seq":2}\n',
    },
    info={
        "Source-Organization": "市信访局",
        "External-Identifier": "6f1c2d9e-7d4b-4c8e-9a51-0c3f2e1d0a42",
        "Bagging-Date": "2027-03-16",
        "Sealed-SHA256": "ab" * 32,
    },
)


def test_a_written_bag_is_valid_and_says_what_it_holds(tmp_path: Path) -> None:
    write_bag(tmp_path / "bag", PAYLOAD)

    bag = bagit.Bag(str(tmp_path / "bag"))
    bag.validate()
    assert sorted(bag.payload_files()) == [f"data/{name}" for name in sorted(PAYLOAD.files)]
    assert bag.info["Source-Organization"] == "市信访局"
    assert bag.info["Payload-Oxum"] == f"{sum(map(len, PAYLOAD.files.values()))}.3"
    assert {"manifest-sha256.txt", "tagmanifest-sha256.txt", "bag-info.txt", "bagit.txt"} <= {
        path.name for path in (tmp_path / "bag").iterdir()
    }


def test_a_line_break_in_a_value_cannot_start_a_label_of_its_own(tmp_path: Path) -> None:
    payload = BagPayload(PAYLOAD.files, {**PAYLOAD.info, "Source-Organization": "市信访局\nX: y"})
    write_bag(tmp_path / "bag", payload)

    info = bagit.Bag(str(tmp_path / "bag")).info
    assert info["Source-Organization"] == "市信访局 X: y"
    assert "X" not in info


def test_the_same_bag_zips_to_the_same_bytes_under_its_own_folder(tmp_path: Path) -> None:
    write_bag(tmp_path / "one" / "bag-1", PAYLOAD)
    write_bag(tmp_path / "two" / "bag-1", PAYLOAD)

    first = zip_bag(tmp_path / "one" / "bag-1")
    assert first == zip_bag(tmp_path / "two" / "bag-1")
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == sorted(names)
    assert all(name.startswith("bag-1/") for name in names)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_flipping_any_byte_of_any_file_but_the_tag_manifest_makes_the_bag_invalid(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    directory = tmp_path_factory.mktemp("tampered") / "bag"
    write_bag(directory, PAYLOAD)
    # The tag manifest protects the other tag files and nothing protects it: a hash digit turned
    # upper case there reads the same (hexadecimal is case-insensitive).
    name = data.draw(st.sampled_from(sorted(set(bag_files(PAYLOAD)) - {TAG_MANIFEST})))
    path = directory / name
    content = bytearray(path.read_bytes())
    position = data.draw(st.integers(0, len(content) - 1))
    content[position] ^= data.draw(st.integers(1, 255))
    path.write_bytes(bytes(content))

    assert bag_problems(directory)


def test_a_missing_payload_file_or_tag_file_is_a_problem(tmp_path: Path) -> None:
    for name in ("data/audit.jsonl", "manifest-sha256.txt", "bagit.txt"):
        directory = tmp_path / name.replace("/", "-")
        write_bag(directory, PAYLOAD)
        (directory / name).unlink()

        assert bag_problems(directory), name
