"""What changed between two versions of the minutes: a recursive diff of their stored records.

Lists of objects that carry a stable key (a person, an agenda item, a procedure step) are
matched by that key, so that a position added in front of the others shows as one addition
rather than as every later position changed; lists without such a key are compared by index.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

#: The fields that tell the items of a list apart; a list is keyed by those of them that every
#: item has (positions: person and agenda item together), when that makes every item unique.
KEY_FIELDS = ("person_id", "agenda_item", "key")


@dataclass(frozen=True)
class Change:
    #: Where, as in ``positions[2].statement``; the index is the item's place in the newer
    #: version, or in the older one for an item that was taken out.
    path: str
    #: None when the value was added (or was null).
    before: object
    #: None when the value was taken out (or is null).
    after: object


def diff_records(before: object, after: object) -> list[Change]:
    """Every leaf that differs between two JSON values, in document order."""
    return list(_diff("", before, after))


def _diff(path: str, before: object, after: object) -> Iterator[Change]:
    if isinstance(before, dict) and isinstance(after, dict):
        yield from _diff_objects(path, before, after)
    elif isinstance(before, list) and isinstance(after, list):
        yield from _diff_lists(path, before, after)
    # In Python True == 1; in JSON they are different values.
    elif before != after or isinstance(before, bool) != isinstance(after, bool):
        yield Change(path or "$", before, after)


def _member(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _diff_objects(
    path: str, before: dict[str, object], after: dict[str, object]
) -> Iterator[Change]:
    for name, old in before.items():
        if name in after:
            yield from _diff(_member(path, name), old, after[name])
        else:
            yield Change(_member(path, name), old, None)
    for name, new in after.items():
        if name not in before:
            yield Change(_member(path, name), None, new)


def _diff_lists(path: str, before: list[object], after: list[object]) -> Iterator[Change]:
    key = _list_key(before, after)
    if key is None:
        for index in range(max(len(before), len(after))):
            old = before[index] if index < len(before) else None
            new = after[index] if index < len(after) else None
            if index >= len(before) or index >= len(after):
                yield Change(f"{path}[{index}]", old, new)
            else:
                yield from _diff(f"{path}[{index}]", old, new)
        return
    old_by_key = {_key_of(item, key): item for item in before}
    new_keys = set()
    for index, new in enumerate(after):
        item_key = _key_of(new, key)
        new_keys.add(item_key)
        if item_key in old_by_key:
            yield from _diff(f"{path}[{index}]", old_by_key[item_key], new)
        else:
            yield Change(f"{path}[{index}]", None, new)
    for index, old in enumerate(before):
        if _key_of(old, key) not in new_keys:
            yield Change(f"{path}[{index}]", old, None)


def _key_of(item: object, fields: tuple[str, ...]) -> tuple[str, ...]:
    assert isinstance(item, dict)
    return tuple(str(item[name]) for name in fields)


def _list_key(before: list[object], after: list[object]) -> tuple[str, ...] | None:
    """The key fields both lists' items can be matched by, or None to compare by index."""
    items = [*before, *after]
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    fields = tuple(
        name
        for name in KEY_FIELDS
        if all(isinstance(item, dict) and item.get(name) is not None for item in items)
    )
    if not fields:
        return None
    for side in (before, after):
        if len({_key_of(item, fields) for item in side}) != len(side):
            return None
    return fields
