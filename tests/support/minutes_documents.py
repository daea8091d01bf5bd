"""Minutes documents of sessions whose proceedings were recorded: a public hearing that went
through every step to a split panel, and a mediation that ended in an agreement."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hearing.vocabulary import AttendanceStatus, ParticipantRole, SessionKind
from minutes.document import (
    MinutesAgreement,
    MinutesConsent,
    MinutesDocument,
    MinutesPanelItem,
    MinutesPanelView,
    MinutesParticipant,
    MinutesStep,
    MinutesTerm,
    MinutesViewCount,
)
from tests.minutes.test_document import sample_document

# 01:30 UTC is 09:30 in Shanghai, where the sample sessions sit.
OPENED = datetime(2027, 3, 15, 1, 30, tzinfo=UTC)
AGREEMENT_HASH = "cd" * 32

_HEARING_STEPS = (
    ("identities_checked", "Identities checked", "核对身份"),
    ("matter_and_panel_announced", "Matter and panel announced", "宣布事项及听证员"),
    ("recusal_asked", "Recusal asked", "询问是否申请回避"),
    ("rights_read", "Rights read", "告知权利义务"),
    ("petitioner_states", "Petitioner states", "信访人陈述"),
    ("department_states", "Department states", "责任单位陈述"),
    ("cross_examination", "Cross-examination", "质证辩论"),
    ("final_statements", "Final statements", "最后陈述"),
    ("panel_deliberates", "Panel deliberates", "听证员评议"),
    ("conclusion", "Conclusion", "宣布听证结论"),
)


def _hearing_steps(locale: str) -> tuple[MinutesStep, ...]:
    """Each step five minutes from 09:30; final statements skipped; the conclusion current."""
    steps = []
    for index, (key, english, chinese) in enumerate(_HEARING_STEPS):
        started = OPENED + timedelta(minutes=5 * index)
        current = key == "conclusion"
        steps.append(
            MinutesStep(
                key=key,
                title=english if locale == "en" else chinese,
                status="current" if current else "skipped" if key == "final_statements" else "done",
                started_at=started,
                ended_at=None if current else started + timedelta(minutes=5),
                note="双方对补偿标准有争议" if key == "cross_examination" else None,
                skip_reason="双方均表示无补充意见" if key == "final_statements" else None,
                recused=("听证员 3", "听证员 4") if key == "recusal_asked" else (),
            )
        )
    return tuple(steps)


def _view(person_id: str, name: str, view: str, opinion: str | None) -> MinutesPanelView:
    return MinutesPanelView(person_id, name, view, opinion)


def _split_panel() -> MinutesPanelItem:
    dissent = _view("o3", "听证员 2", "not_supported", "补偿已按当年标准足额支付")
    return MinutesPanelItem(
        agenda_item="议题1 Compensation",
        result="supported",
        counts=(
            MinutesViewCount("supported", 2),
            MinutesViewCount("partly_supported", 0),
            MinutesViewCount("not_supported", 1),
            MinutesViewCount("abstain", 0),
        ),
        views=(
            _view("o1", "听证员 0", "supported", "补偿标准明显偏低"),
            _view("o2", "听证员 1", "supported", None),
            dissent,
        ),
        dissents=(dissent,),
        panel_size=3,
    )


def recorded_hearing_document(locale: str) -> MinutesDocument:
    """The sample public hearing with its proceedings and a split panel recorded."""
    return replace(
        sample_document(locale), procedure=_hearing_steps(locale), panel=(_split_panel(),)
    )


def recorded_mediation_document(locale: str) -> MinutesDocument:
    """A mediation to which both parties consented, ending in an effective agreement."""
    participants = (
        MinutesParticipant(
            "p1", "张三", ParticipantRole.PETITIONER, None, AttendanceStatus.PRESENT
        ),
        MinutesParticipant("p2", "李四", ParticipantRole.DEPARTMENT, "市住建局", "present"),
        MinutesParticipant("p6", "Li, Wei", ParticipantRole.MEDIATOR, "调解中心", "present"),
    )
    consent_step = MinutesStep(
        "consent",
        "Consent to mediation" if locale == "en" else "征询调解意愿",
        "done",
        OPENED,
        OPENED + timedelta(minutes=5),
        None,
        None,
    )
    return replace(
        sample_document(locale),
        session_kind=SessionKind.MEDIATION,
        session_title="补偿争议调解 Compensation mediation",
        participants=participants,
        signatures=(),
        procedure=(consent_step,),
        consents=(
            MinutesConsent("p1", "张三", True, OPENED + timedelta(minutes=2)),
            MinutesConsent("p2", "李四", True, OPENED + timedelta(minutes=3)),
        ),
        agreement=_effective_agreement(),
    )


def _effective_agreement() -> MinutesAgreement:
    return MinutesAgreement(
        status="effective",
        version_sha256=AGREEMENT_HASH,
        facts="2019年征收张三房屋，补偿款按旧标准计算。",
        disputed_issues=("补偿标准", "过渡费 transition allowance"),
        terms=(
            MinutesTerm(
                "p2",
                "李四",
                "按2023年标准重新核算补偿款",
                "书面核算报告送达信访人",
                date(2027, 4, 15),
            ),
            MinutesTerm("p1", "张三", "配合入户测量", "约定时间在家", date(2027, 4, 20)),
        ),
    )


def ended_mediation_document(locale: str) -> MinutesDocument:
    """A mediation the department refused and from which the petitioner withdrew, saying why."""
    doc = recorded_mediation_document(locale)
    withdrew = replace(
        doc.participants[0],
        attendance=AttendanceStatus.WITHDREW,
        attendance_note="另行提起行政诉讼",
        withdrew_at=OPENED + timedelta(minutes=4),
    )
    refused = MinutesConsent("p2", "李四", False, OPENED + timedelta(minutes=3))
    return replace(
        doc,
        participants=(withdrew, *doc.participants[1:]),
        consents=(doc.consents[0], refused),
        ended_reason="consent_refused",
        agreement=None,
    )
