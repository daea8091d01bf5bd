"""One rule for time-zone names, shared by people, rooms, working hours and the slot engine."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from core.errors import RuleViolation
from core.timezones import check_timezone, zone_for


@pytest.mark.parametrize("name", ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"])
def test_an_iana_zone_is_accepted_by_both_checks(name: str) -> None:
    assert check_timezone(name) == name
    assert zone_for(name) == ZoneInfo(name)


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "../etc/passwd", "", "asia/shanghai"])
def test_a_name_that_is_no_iana_zone_is_refused_by_both_checks(name: str) -> None:
    with pytest.raises(RuleViolation) as checked:
        check_timezone(name, field="rooms[0].timezone")
    with pytest.raises(RuleViolation) as looked_up:
        zone_for(name)

    assert (checked.value.code, checked.value.field) == ("unknown_timezone", "rooms[0].timezone")
    assert (looked_up.value.code, looked_up.value.field) == ("unknown_timezone", "timezone")
    assert checked.value.message == looked_up.value.message
    assert "IANA" in checked.value.message


def test_the_slot_engine_gets_the_same_zone_object_on_every_lookup() -> None:
    assert zone_for("Europe/Berlin") is zone_for("Europe/Berlin")
