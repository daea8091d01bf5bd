"""The diff of two versions' records: paths, keyed lists, index lists, added and removed."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from minutes.versions.diff import Change, diff_records

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "person_id", "key"]), children, max_size=4)
    ),
    max_leaves=20,
)


def position(person: str, item: str, statement: str) -> dict[str, Any]:
    return {"person_id": person, "agenda_item": item, "statement": statement}


def test_a_changed_statement_is_named_by_its_path() -> None:
    before = {"positions": [position("p", "补偿", "过低"), position("d", "补偿", "合规")]}
    after = {"positions": [position("p", "补偿", "明显过低"), position("d", "补偿", "合规")]}
    assert diff_records(before, after) == [Change("positions[0].statement", "过低", "明显过低")]


def test_a_position_said_first_in_the_newer_version_is_one_addition() -> None:
    kept = position("d", "补偿", "合规")
    added = position("p", "安置", "要求安置")
    assert diff_records({"positions": [kept]}, {"positions": [added, kept]}) == [
        Change("positions[0]", None, added)
    ]


def test_a_position_taken_out_is_named_by_its_place_in_the_older_version() -> None:
    first, second = position("p", "补偿", "过低"), position("d", "补偿", "合规")
    assert diff_records({"positions": [first, second]}, {"positions": [second]}) == [
        Change("positions[0]", first, None)
    ]


def test_participants_are_matched_by_person_even_when_reordered() -> None:
    zhang = {"person_id": "p", "attendance": None}
    wang = {"person_id": "d", "attendance": "present"}
    after = [
        {"person_id": "d", "attendance": "present"},
        {"person_id": "p", "attendance": "absent"},
    ]
    assert diff_records({"participants": [zhang, wang]}, {"participants": after}) == [
        Change("participants[1].attendance", None, "absent")
    ]


def test_items_without_a_unique_key_are_compared_by_index() -> None:
    before = {"action_items": [{"title": "评估"}, {"title": "复核"}]}
    after = {"action_items": [{"title": "评估"}, {"title": "复查"}, {"title": "回访"}]}
    assert diff_records(before, after) == [
        Change("action_items[1].title", "复核", "复查"),
        Change("action_items[2]", None, {"title": "回访"}),
    ]


def test_duplicate_keys_fall_back_to_index() -> None:
    before = [{"person_id": "p", "view": "a"}, {"person_id": "p", "view": "b"}]
    after = [{"person_id": "p", "view": "b"}, {"person_id": "p", "view": "b"}]
    assert diff_records({"v": before}, {"v": after}) == [Change("v[0].view", "a", "b")]


def test_added_and_removed_members_and_a_changed_type() -> None:
    assert diff_records({"a": 1, "gone": "x", "flag": 1}, {"a": 1, "new": [], "flag": True}) == [
        Change("gone", "x", None),
        Change("flag", 1, True),
        Change("new", None, []),
    ]


@given(JSON)
def test_a_record_never_differs_from_itself(record: Any) -> None:
    assert diff_records(record, record) == []


@given(JSON, JSON)
def test_records_that_differ_in_no_path_are_equal_unless_keyed_items_moved(
    before: Any, after: Any
) -> None:
    if not diff_records(before, after) and before != after:
        # Only a keyed list's order may differ unreported.
        assert _without_order(before) == _without_order(after)


def _without_order(value: Any) -> Any:
    if isinstance(value, dict):
        return {name: _without_order(item) for name, item in value.items()}
    if isinstance(value, list):
        return sorted(repr(_without_order(item)) for item in value)
    return (type(value).__name__, value)
