"""A sample invitation event and its attendees, shared by the writer's tests."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hearing.vocabulary import ParticipantRole
from scheduling.invitations.writer import InvitationAttendee, InvitationEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
DTSTAMP = datetime(2026, 3, 1, 8, 30, 15, tzinfo=UTC)

ZHANG = InvitationAttendee("zhang.san@example.cn", "张三", ParticipantRole.PETITIONER)
LI = InvitationAttendee("li.wei@example.cn", "Li, Wei", ParticipantRole.MEDIATOR)
DEPARTMENT = InvitationAttendee(
    "office@gov.example.cn",
    "住建局; Housing: Office",
    ParticipantRole.DEPARTMENT,
    partstat="ACCEPTED",
)
EXPERT = InvitationAttendee(
    "expert@example.org",
    "Dr. Wang",
    ParticipantRole.EVALUATOR,
    required=False,
    partstat="TENTATIVE",
)
OBSERVER = InvitationAttendee("guest@example.org", "旁听人 Zhao", ParticipantRole.OBSERVER)


def make_event(**changes: Any) -> InvitationEvent:
    event = InvitationEvent(
        uid="2f1c9a7e-5d4b-4c2a-9e61-0b7d3c8a1f20@concord",
        sequence=0,
        summary="调解 Mediation: case 2026-017",
        start=datetime(2026, 3, 10, 9, 30, tzinfo=SHANGHAI),
        end=datetime(2026, 3, 10, 11, 0, tzinfo=SHANGHAI),
        organizer_email="coordinator@xinfang.example.cn",
        organizer_name="信访局, Coordinator",
        attendees=(ZHANG, LI, DEPARTMENT, EXPERT, OBSERVER),
        location="Room 3, 人民路 1号",
        description="Bring your ID card.\n请携带身份证。",
    )
    return dataclasses.replace(event, **changes)
