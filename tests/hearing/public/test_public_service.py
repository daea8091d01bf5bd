"""The public notice and observer seats through the services, on the engine DATABASE_URL
selects: seats up to the room's public seats, a waiting list that moves up, race-safe."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email import message_from_string
from email.message import EmailMessage
from email.policy import default
from uuid import UUID, uuid4

import pytest

from core.errors import Conflict, NotFound, RuleViolation
from core.outbox import service as outbox
from core.tables import OutboxMessage
from hearing.cases import service as cases
from hearing.proceedings import service as record
from hearing.public import service as public
from hearing.tables import Observer
from parties.people import service as people
from scheduling.booking import service as booking
from scheduling.rooms import service as rooms
from tests.support.builders import booked_public_hearing, mediation_session


async def test_observers_are_seated_up_to_the_public_seats_then_wait(db: None) -> None:
    session, start = await booked_public_hearing("o1", public_seats=2)
    now = start - timedelta(days=3)
    statuses = [
        (await public.register_observer(session.id, f"旁听{n}", f"o{n}@x.cn", now)).status
        for n in range(4)
    ]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert (await public.notice_of(session.id)).seats_left == 0


async def test_two_registrations_for_the_last_seat_get_one_seat(db: None) -> None:
    session, start = await booked_public_hearing("o2", public_seats=1)
    now = start - timedelta(days=3)
    both = await asyncio.gather(
        public.register_observer(session.id, "甲", "a@x.cn", now),
        public.register_observer(session.id, "乙", "b@x.cn", now),
    )
    assert sorted(o.status for o in both) == ["confirmed", "waitlisted"]
    numbers = await Observer.select(Observer.queue_number).where(Observer.session == session.id)
    assert sorted(row["queue_number"] for row in numbers) == [1, 2]


async def test_a_cancelled_seat_goes_to_the_first_waiting_who_is_emailed(db: None) -> None:
    session, start = await booked_public_hearing("o3", public_seats=1)
    now = start - timedelta(days=3)
    seated = await public.register_observer(session.id, "甲", "a@x.cn", now)
    first = await public.register_observer(session.id, "乙", "b@x.cn", now)
    await public.register_observer(session.id, "丙", "c@x.cn", now)
    assert seated.cancel_token is not None
    cancelled = await public.cancel_registration(session.id, seated.id, seated.cancel_token, now)
    assert cancelled.status == "cancelled"
    rows = await Observer.select(Observer.id, Observer.status).where(Observer.session == session.id)
    assert {row["id"]: row["status"] for row in rows}[first.id] == "confirmed"
    assert sorted(row["status"] for row in rows) == ["cancelled", "confirmed", "waitlisted"]
    messages, _ = await outbox.list_messages(10, 0, entity_id=str(session.id))
    seat_mail = [m for m in messages if m["topic"] == "observer.seat_confirmed"]
    assert [m["recipient"] for m in seat_mail] == ["b@x.cn"]
    stored = await OutboxMessage.select(OutboxMessage.message).where(
        OutboxMessage.id == seat_mail[0]["id"]
    )
    body = message_from_string(stored[0]["message"], policy=default)
    assert isinstance(body, EmailMessage)
    text = body.get_content()
    assert "乙：" in text and "Dear 乙" in text and "人民路1号" in text


async def test_a_wrong_token_or_id_finds_no_registration(db: None) -> None:
    session, start = await booked_public_hearing("o4")
    now = start - timedelta(days=3)
    observer = await public.register_observer(session.id, "甲", "a@x.cn", now)
    with pytest.raises(NotFound) as caught:
        await public.cancel_registration(session.id, observer.id, "guessed", now)
    assert caught.value.code == "observer_not_found"
    with pytest.raises(NotFound):
        await public.cancel_registration(session.id, uuid4(), "guessed", now)


async def test_a_registration_is_cancelled_once(db: None) -> None:
    session, start = await booked_public_hearing("o5")
    now = start - timedelta(days=3)
    observer = await public.register_observer(session.id, "甲", "a@x.cn", now)
    assert observer.cancel_token is not None
    await public.cancel_registration(session.id, observer.id, observer.cancel_token, now)
    with pytest.raises(Conflict) as caught:
        await public.cancel_registration(session.id, observer.id, observer.cancel_token, now)
    assert caught.value.code == "registration_cancelled"


async def test_only_the_hash_of_the_cancel_token_is_stored(db: None) -> None:
    session, start = await booked_public_hearing("o6")
    observer = await public.register_observer(session.id, "甲", "a@x.cn", start - timedelta(days=3))
    row = await Observer.select().where(Observer.id == observer.id).first()
    assert row is not None and observer.cancel_token is not None
    assert observer.cancel_token not in str(row.values())


async def test_the_same_email_registers_once(db: None) -> None:
    session, start = await booked_public_hearing("o7")
    now = start - timedelta(days=3)
    await public.register_observer(session.id, "甲", "a@x.cn", now)
    with pytest.raises(Conflict) as caught:
        await public.register_observer(session.id, "甲", "A@X.cn", now)
    assert caught.value.code == "already_registered"


async def test_a_case_later_marked_private_takes_no_observers_and_has_no_notice(db: None) -> None:
    session, start = await booked_public_hearing("o8")
    await cases.update_case(session.case_id, {"confidentiality": "privacy"})
    with pytest.raises(RuleViolation) as caught:
        await public.register_observer(session.id, "甲", "a@x.cn", start - timedelta(days=3))
    assert caught.value.code == "closed_session_required"
    with pytest.raises(NotFound):
        await public.notice_of(session.id)


async def test_a_mediation_takes_no_observers(db: None) -> None:
    session, _ = await mediation_session("o9")
    with pytest.raises(RuleViolation) as caught:
        await public.register_observer(session.id, "甲", "a@x.cn", datetime.now(UTC))
    assert caught.value.code == "public_hearing_only"


async def test_a_hearing_not_booked_yet_takes_no_observers_and_has_no_notice(db: None) -> None:
    session, _ = await booked_public_hearing("o10", book=False)
    with pytest.raises(RuleViolation) as caught:
        await public.register_observer(session.id, "甲", "a@x.cn", datetime.now(UTC))
    assert caught.value.code == "session_not_booked"
    with pytest.raises(NotFound):
        await public.notice_of(session.id)


async def test_the_notice_carries_no_personal_data(db: None) -> None:
    session, _ = await booked_public_hearing("o11")
    notice = await public.notice_of(session.id)
    found = await people.get_people([p.person_id for p in session.participants])
    text = repr(notice)
    for person in found.values():
        assert person.name not in text and person.email not in text
    assert "张三家的房屋" not in text
    assert (notice.place.name, notice.place.address) == ("听证室 o11", "人民路1号")


async def test_observers_are_not_participants_and_not_in_the_record(db: None) -> None:
    session, start = await booked_public_hearing("o12")
    await public.register_observer(session.id, "甲", "a@x.cn", start - timedelta(days=3))
    whole = await record.session_record(session.id)
    assert whole.session.participants == session.participants


async def room_with(public_seats: int, name: str) -> UUID:
    room = await rooms.create_room(
        {"name": name, "capacity": 10, "public_seats": public_seats, "timezone": "Asia/Shanghai"}
    )
    return room.id


async def test_a_move_to_a_room_too_small_for_the_seated_observers_is_refused(db: None) -> None:
    session, start = await booked_public_hearing("o13", public_seats=2)
    now = start - timedelta(days=10)
    for n in range(2):
        await public.register_observer(session.id, f"旁听{n}", f"o{n}@x.cn", now)
    later = start.replace(hour=14)
    with pytest.raises(RuleViolation) as caught:
        await booking.reschedule_session(
            session.id, later, await room_with(1, "小会议室"), "room change", now
        )
    assert caught.value.code == "no_public_seats"


async def test_a_move_to_a_room_with_more_public_seats_seats_those_waiting(db: None) -> None:
    session, start = await booked_public_hearing("o14", public_seats=1)
    now = start - timedelta(days=10)
    await public.register_observer(session.id, "甲", "a@x.cn", now)
    waiting = await public.register_observer(session.id, "乙", "b@x.cn", now)
    assert waiting.status == "waitlisted"
    later = start.replace(hour=14)
    await booking.reschedule_session(
        session.id, later, await room_with(3, "大听证室"), "more seats", now
    )
    rows = await Observer.select(Observer.status).where(Observer.id == waiting.id)
    assert rows[0]["status"] == "confirmed"
    assert (await public.notice_of(session.id)).place.name == "大听证室"
    messages, _ = await outbox.list_messages(50, 0, entity_id=str(session.id))
    assert "b@x.cn" in [m["recipient"] for m in messages if m["topic"] == "observer.seat_confirmed"]


async def _called_off_mail(session_id: UUID, topic: str) -> dict[str, str]:
    """What each observer was sent under ``topic``, by recipient."""
    messages, _ = await outbox.list_messages(20, 0, entity_id=str(session_id))
    texts = {}
    for sent in (m for m in messages if m["topic"] == topic):
        stored = await OutboxMessage.select(OutboxMessage.message).where(
            OutboxMessage.id == sent["id"]
        )
        body = message_from_string(stored[0]["message"], policy=default)
        assert isinstance(body, EmailMessage)
        texts[sent["recipient"]] = f"{body['Subject']}\n{body.get_content()}"
    return texts


async def test_a_cancelled_hearing_tells_every_registered_observer_why(db: None) -> None:
    session, start = await booked_public_hearing("o9", public_seats=1)
    now = start - timedelta(days=3)
    seated = await public.register_observer(session.id, "甲", "a@x.cn", now)
    await public.register_observer(session.id, "乙", "b@x.cn", now)
    leaving = await public.register_observer(session.id, "丙", "c@x.cn", now)
    assert leaving.cancel_token is not None
    await public.cancel_registration(session.id, leaving.id, leaving.cancel_token, now)
    await booking.cancel_session(session.id, "信访人撤回信访事项", now)
    texts = await _called_off_mail(session.id, "observer.cancelled")
    assert set(texts) == {"a@x.cn", "b@x.cn"}  # who cancelled their own seat is not told
    assert "取消通知：公开听证" in texts["a@x.cn"] and "Cancelled: 公开听证" in texts["a@x.cn"]
    assert "信访人撤回信访事项" in texts["b@x.cn"] and "登记随之失效" in texts["b@x.cn"]
    assert seated.status == "confirmed"
