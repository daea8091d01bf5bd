"""The public notice and the seat email: what the public reads, and nothing personal."""

from __future__ import annotations

from datetime import UTC, datetime

from hearing.public.mail import Sender, compose_seat_confirmed
from hearing.public.notice import NoticeFacts, Place, mask_names, public_notice

FACTS = NoticeFacts(
    title="张三的公开听证",
    matter="张三与住建局补偿争议",
    locale="zh-CN",
    start=datetime(2027, 3, 10, 1, 0, tzinfo=UTC),
    end=datetime(2027, 3, 10, 3, 0, tzinfo=UTC),
    timezone="Asia/Shanghai",
    place=Place("听证室", "人民路1号"),
    public_seats=20,
    confirmed=5,
    names=("张三", "Li, Wei"),
)
URL = "http://testserver/api/v1/sessions/1/observers"


def test_a_chinese_name_keeps_only_its_surname() -> None:
    assert mask_names("张三与住建局", ["张三"]) == "张某与住建局"


def test_other_names_are_withheld_whole() -> None:
    assert mask_names("Hearing of Li, Wei", ["Li, Wei", " "]) == "Hearing of ***"


def test_the_longer_of_two_overlapping_names_is_masked_first() -> None:
    assert mask_names("张三丰", ["张三", "张三丰"]) == "张某"


def test_the_notice_names_no_participant_and_counts_the_free_seats() -> None:
    notice = public_notice(FACTS, URL)
    assert (notice.title, notice.matter) == ("张某的公开听证", "张某与住建局补偿争议")
    assert notice.seats_left == 15
    assert notice.register_fields == ("name", "email")
    assert URL in notice.how_to_register


def test_the_notice_gives_the_time_in_the_rooms_zone() -> None:
    notice = public_notice(FACTS, URL)
    assert notice.start.isoformat() == "2027-03-10T09:00:00+08:00"


def test_the_notice_explains_registration_in_the_sessions_language() -> None:
    english = public_notice(NoticeFacts(**{**FACTS.__dict__, "locale": "en"}), URL)
    assert english.how_to_register.startswith("Members of the public")
    assert public_notice(FACTS, URL).how_to_register.startswith("欢迎公众旁听")


def test_a_full_room_has_no_seat_left_rather_than_a_negative_count() -> None:
    full = NoticeFacts(**{**FACTS.__dict__, "confirmed": 25})
    assert public_notice(full, URL).seats_left == 0


def test_the_seat_email_is_in_the_sessions_language_then_the_other() -> None:
    notice = public_notice(FACTS, URL)
    message = compose_seat_confirmed(
        notice,
        "赵旁听",
        "zhao@example.cn",
        "zh-CN",
        Sender("信访局", "office@example.gov.cn"),
        datetime(2027, 3, 2, tzinfo=UTC),
    )
    text = message.get_content()
    assert message["Subject"].startswith("旁听席位已确认")
    assert text.index("赵旁听：") < text.index("Dear 赵旁听")
    assert "2027-03-10 09:00" in text and "人民路1号" in text
    assert message["To"].addresses[0].addr_spec == "zhao@example.cn"


def test_an_english_session_writes_english_first() -> None:
    notice = public_notice(FACTS, URL)
    message = compose_seat_confirmed(
        notice,
        "Ann",
        "ann@example.com",
        "en",
        Sender("Office", "office@example.gov.cn"),
        datetime(2027, 3, 2, tzinfo=UTC),
    )
    assert message["Subject"].startswith("Your seat is confirmed")
