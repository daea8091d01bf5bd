from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import RuleViolation
from hearing.jurisdictions.rules import JurisdictionRules
from hearing.sessions.composition import (
    CaseFacts,
    ParticipantSpec,
    check_booking_notice,
    check_composition,
    earliest_start,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
RULES = JurisdictionRules()


def spec(person_id: str, role: str, organization_id: str | None = None) -> ParticipantSpec:
    return ParticipantSpec(person_id, role, required=True, organization_id=organization_id)


def case_facts(**changes: object) -> CaseFacts:
    facts = CaseFacts(
        case_id="case-1",
        confidentiality="none",
        investigator_id="investigator",
        party_organization_ids=frozenset({"housing-bureau"}),
        conflicted_person_ids=frozenset({"conflicted"}),
    )
    return replace(facts, **changes)


def hearing(officers: int = 3) -> list[ParticipantSpec]:
    return [
        spec("chair", "presiding_officer", "bar-association"),
        *(spec(f"officer-{n}", "hearing_officer", "university") for n in range(officers)),
        spec("petitioner", "petitioner"),
        spec("housing", "department", "housing-bureau"),
        spec("clerk", "recorder", "petition-bureau"),
    ]


def mediation() -> list[ParticipantSpec]:
    return [
        spec("mediator", "mediator", "mediation-committee"),
        spec("petitioner", "petitioner"),
        spec("housing", "department", "housing-bureau"),
    ]


def refused(check: Callable[[], object]) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        check()
    return caught.value


def composition_error(
    kind: str, participants: list[ParticipantSpec], **case_changes: object
) -> RuleViolation:
    return refused(lambda: check_composition(kind, participants, case_facts(**case_changes), RULES))


# --- every kind --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "participants"),
    [
        ("public_hearing", hearing()),
        ("public_hearing", [*hearing(7), spec("citizen", "observer")]),
        ("mediation", mediation()),
        ("joint_reception", [spec("p", "petitioner"), spec("d", "department", "water")]),
        ("review", [spec("e", "evaluator", "university"), spec("d", "department", "water")]),
    ],
)
def test_valid_compositions_pass(kind: str, participants: list[ParticipantSpec]) -> None:
    check_composition(kind, participants, case_facts(), RULES)


def test_session_without_participants_is_refused() -> None:
    error = composition_error("review", [])
    assert (error.code, error.field) == ("participants_required", "participants")


def test_same_person_twice_is_refused_at_the_second_listing() -> None:
    participants = [*mediation(), spec("petitioner", "agent")]
    error = composition_error("mediation", participants)
    assert (error.code, error.field) == ("duplicate_participant", "participants[3].person_id")


def test_unknown_role_is_refused() -> None:
    error = composition_error("mediation", [*mediation(), spec("x", "judge")])
    assert (error.code, error.field) == ("unknown_participant_role", "participants[3].role")


def test_unknown_kind_is_refused() -> None:
    error = composition_error("tribunal", mediation())
    assert (error.code, error.field) == ("unknown_session_kind", "kind")


def test_observers_only_sit_in_public_hearings() -> None:
    error = composition_error("mediation", [*mediation(), spec("citizen", "observer")])
    assert (error.code, error.field) == ("observers_not_allowed", "participants[3].role")


# --- public hearing ----------------------------------------------------------------------


@pytest.mark.parametrize("secrecy", ["state_secret", "commercial_secret", "privacy"])
def test_public_hearing_refused_for_confidential_case(secrecy: str) -> None:
    error = composition_error("public_hearing", hearing(), confidentiality=secrecy)
    assert (error.code, error.field) == ("closed_session_required", "kind")


def test_public_hearing_refused_for_state_secret_case() -> None:
    error = composition_error("public_hearing", hearing(), confidentiality="state_secret")
    assert error.code == "closed_session_required"
    assert "state_secret" in error.message


def test_unknown_confidentiality_is_refused() -> None:
    error = composition_error("public_hearing", hearing(), confidentiality="secret-ish")
    assert error.code == "unknown_confidentiality"


@pytest.mark.parametrize("officers", [0, 1, 2, 4, 6, 8, 9])
def test_panel_sizes_outside_odd_three_to_seven_are_refused(officers: int) -> None:
    error = composition_error("public_hearing", hearing(officers))
    assert (error.code, error.field) == ("panel_size_invalid", "participants")


def test_panel_of_four_is_refused() -> None:
    assert composition_error("public_hearing", hearing(4)).code == "panel_size_invalid"


@pytest.mark.parametrize("officers", [3, 5, 7])
def test_odd_panels_of_three_to_seven_are_accepted(officers: int) -> None:
    check_composition("public_hearing", hearing(officers), case_facts(), RULES)


def test_panel_size_follows_the_jurisdiction_setting() -> None:
    rules = JurisdictionRules(panel_min=5, panel_max=9)
    with pytest.raises(RuleViolation, match="between 5 and 9"):
        check_composition("public_hearing", hearing(3), case_facts(), rules)
    check_composition("public_hearing", hearing(9), case_facts(), rules)


def test_public_hearing_without_presiding_officer_is_refused() -> None:
    participants = [p for p in hearing() if p.role != "presiding_officer"]
    error = composition_error("public_hearing", participants)
    assert (error.code, error.field) == ("presiding_officer_required", "participants")


def test_public_hearing_with_two_presiding_officers_is_refused() -> None:
    participants = [*hearing(), spec("second-chair", "presiding_officer", "court")]
    assert composition_error("public_hearing", participants).code == "presiding_officer_required"


def test_investigator_cannot_preside() -> None:
    error = composition_error("public_hearing", hearing(), investigator_id="chair")
    assert (error.code, error.field) == (
        "presiding_officer_is_investigator",
        "participants[0].person_id",
    )


def test_hearing_officer_from_a_party_organisation_must_recuse() -> None:
    participants = hearing()
    participants[2] = spec("officer-1", "hearing_officer", "housing-bureau")
    error = composition_error("public_hearing", participants)
    assert (error.code, error.field) == ("panel_conflict_of_interest", "participants[2].person_id")


def test_hearing_officer_with_declared_conflict_must_recuse() -> None:
    participants = hearing()
    participants[3] = spec("conflicted", "hearing_officer", "university")
    error = composition_error("public_hearing", participants)
    assert (error.code, error.field) == ("panel_conflict_of_interest", "participants[3].person_id")


def test_presiding_officer_with_declared_conflict_must_recuse() -> None:
    participants = hearing()
    participants[0] = spec("conflicted", "presiding_officer", "court")
    error = composition_error("public_hearing", participants)
    assert (error.code, error.field) == ("panel_conflict_of_interest", "participants[0].person_id")


def test_panel_member_sharing_an_organisation_with_a_department_present_must_recuse() -> None:
    participants = [*hearing(), spec("water-rep", "department", "water-bureau")]
    participants[1] = spec("officer-0", "hearing_officer", "water-bureau")
    error = composition_error("public_hearing", participants)
    assert (error.code, error.field) == ("panel_conflict_of_interest", "participants[1].person_id")


def test_investigator_cannot_sit_as_hearing_officer() -> None:
    error = composition_error("public_hearing", hearing(), investigator_id="officer-2")
    assert (error.code, error.field) == ("panel_conflict_of_interest", "participants[3].person_id")


def test_recorder_from_the_petition_bureau_is_no_conflict() -> None:
    facts = case_facts(party_organization_ids=frozenset({"housing-bureau", "petition-bureau"}))
    check_composition("public_hearing", hearing(), facts, RULES)


def test_public_hearing_without_petitioner_is_refused() -> None:
    participants = [p for p in hearing() if p.role != "petitioner"]
    error = composition_error("public_hearing", participants)
    assert (error.code, error.field) == ("petitioner_required", "participants")


# --- mediation, joint reception, review --------------------------------------------------


def test_mediation_without_mediator_is_refused() -> None:
    error = composition_error("mediation", mediation()[1:])
    assert (error.code, error.field) == ("mediator_required", "participants")


def test_mediation_with_one_party_is_refused() -> None:
    error = composition_error("mediation", mediation()[:2])
    assert (error.code, error.field) == ("parties_required", "participants")


def test_petitioner_and_own_agent_are_not_two_parties() -> None:
    participants = [*mediation()[:2], spec("lawyer", "agent", "law-firm")]
    assert composition_error("mediation", participants).code == "parties_required"


def test_two_petitioners_can_be_mediated() -> None:
    participants = [*mediation()[:2], spec("neighbour", "petitioner")]
    check_composition("mediation", participants, case_facts(), RULES)


def test_mediator_from_a_party_organisation_is_refused() -> None:
    participants = mediation()
    participants[0] = spec("mediator", "mediator", "housing-bureau")
    error = composition_error("mediation", participants)
    assert (error.code, error.field) == ("panel_conflict_of_interest", "participants[0].person_id")


def test_joint_reception_needs_a_petitioner() -> None:
    error = composition_error("joint_reception", [spec("d", "department", "water")])
    assert (error.code, error.field) == ("petitioner_required", "participants")


def test_joint_reception_needs_a_department() -> None:
    error = composition_error("joint_reception", [spec("p", "petitioner")])
    assert (error.code, error.field) == ("department_required", "participants")


def test_review_needs_an_evaluator() -> None:
    error = composition_error("review", [spec("d", "department", "water")])
    assert (error.code, error.field) == ("evaluator_required", "participants")


def test_evaluator_with_declared_conflict_is_refused() -> None:
    error = composition_error("review", [spec("conflicted", "evaluator", "university")])
    assert error.code == "panel_conflict_of_interest"


# --- booking notice ----------------------------------------------------------------------

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=SHANGHAI)


def test_public_hearing_exactly_seven_days_ahead_is_accepted() -> None:
    check_booking_notice("public_hearing", NOW + timedelta(days=7), NOW, RULES)


def test_public_hearing_with_short_notice_is_refused_naming_earliest_start() -> None:
    start = NOW + timedelta(days=7) - timedelta(minutes=1)
    error = refused(lambda: check_booking_notice("public_hearing", start, NOW, RULES))
    assert (error.code, error.field) == ("notice_too_short", "start")
    assert "2027-03-08T10:00:00+08:00" in error.message
    assert error.extra["earliest_start"] == "2027-03-08T10:00:00+08:00"


def test_notice_is_compared_as_instants_across_zones() -> None:
    # 09:30 in Berlin on 8 March is 16:30 in Shanghai: after the earliest allowed start.
    start = datetime(2027, 3, 8, 9, 30, tzinfo=BERLIN)
    check_booking_notice("public_hearing", start, NOW, RULES)
    too_early = datetime(2027, 3, 8, 2, 59, tzinfo=BERLIN)
    error = refused(lambda: check_booking_notice("public_hearing", too_early, NOW, RULES))
    assert error.code == "notice_too_short"


def test_notice_period_counts_calendar_days_across_daylight_saving() -> None:
    now = datetime(2027, 3, 25, 10, 0, tzinfo=BERLIN)
    earliest = earliest_start("public_hearing", now, RULES)
    assert earliest == datetime(2027, 4, 1, 10, 0, tzinfo=BERLIN)
    assert earliest.astimezone(UTC) - now.astimezone(UTC) == timedelta(days=7, hours=-1)


def test_earliest_start_on_a_skipped_wall_time_moves_past_the_gap() -> None:
    # 02:30 on 28 March 2027 does not exist in Berlin (clocks jump from 02:00 to 03:00).
    now = datetime(2027, 3, 21, 2, 30, tzinfo=BERLIN)
    earliest = earliest_start("public_hearing", now, RULES)
    assert earliest.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert (earliest.hour, earliest.minute) == (3, 30)


def test_notice_days_follow_the_jurisdiction_setting() -> None:
    rules = JurisdictionRules(public_hearing_notice_days=10)
    start = NOW + timedelta(days=9)
    error = refused(lambda: check_booking_notice("public_hearing", start, NOW, rules))
    assert error.code == "notice_too_short"


def test_mediation_may_be_booked_without_notice() -> None:
    check_booking_notice("mediation", NOW + timedelta(minutes=30), NOW, RULES)
    assert earliest_start("mediation", NOW, RULES) == NOW


def test_session_in_the_past_is_refused() -> None:
    error = refused(lambda: check_booking_notice("mediation", NOW - timedelta(hours=1), NOW, RULES))
    assert (error.code, error.field) == ("start_in_past", "start")


def test_naive_start_is_refused() -> None:
    naive = datetime(2027, 3, 20, 10, 0)
    error = refused(lambda: check_booking_notice("public_hearing", naive, NOW, RULES))
    assert (error.code, error.field) == ("timezone_required", "start")
