"""A public hearing through the API as it runs in the hearing room: composed with five hearing
officers, booked with a week's notice, the order of proceedings walked step by step with two
officers recused, the parties' positions (one amended in cross-examination), a split panel
whose dissent is kept, and the minutes signed by everyone who remains, sealed, and read back."""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from tests.support.api_builders import (
    assert_problem,
    book,
    get_json,
    open_records_days_ahead,
    public_hearing_body,
    public_hearing_people,
)
from tests.support.flow import next_weekday_at, post_ok

ITEM = "补偿标准"
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def _composed_hearing(client: Any, h: dict[str, str]) -> dict[str, Any]:
    """Petitioner, department, presiding officer and five hearing officers, with a room that
    seats them and the public, for a case open to the public."""
    people = await public_hearing_people(client, h, "PHP-1", officers=5)
    room = await post_ok(
        client,
        "/api/v1/rooms",
        h,
        {
            "name": "第一听证室",
            "capacity": 12,
            "public_seats": 20,
            "address": "人民路1号",
            "timezone": "Asia/Shanghai",
        },
    )
    case = await post_ok(
        client, "/api/v1/cases", h, {"reference": "PHP-1", "title": "房屋征收补偿争议"}
    )
    body = {**public_hearing_body(case["id"], people), "agenda": [ITEM]}
    session = await post_ok(client, "/api/v1/sessions", h, body)
    return {**people, "room": room, "case": case, "session": session}


async def _booked_with_a_weeks_notice(client: Any, h: dict[str, str], hearing: Any) -> None:
    session_id, room_id = hearing["session"]["id"], hearing["room"]["id"]
    too_soon = await book(client, h, session_id, room_id, next_weekday_at(10, days_ahead=3))
    assert_problem(too_soon, 422, "notice_too_short", "start")
    booked = await book(client, h, session_id, room_id, next_weekday_at(10, days_ahead=10))
    assert booked.status_code == 201, booked.text
    hearing["session"] = booked.json()


class Proceedings:
    """The coordinator at the hearing's laptop: takes each step, records what is said."""

    def __init__(self, client: Any, headers: dict[str, str], session_id: str) -> None:
        self.client, self.h = client, headers
        self.base = f"/api/v1/sessions/{session_id}"

    async def advance(self, step: str, **body: Any) -> Any:
        return await post_ok(
            self.client, f"{self.base}/procedure/advance", self.h, {"step": step, **body}, 200
        )

    async def record(self, what: str, body: dict[str, Any]) -> Any:
        return await post_ok(self.client, f"{self.base}/{what}", self.h, body)

    async def position(self, person: dict[str, Any], statement: str, **extra: Any) -> Any:
        body = {"person_id": person["id"], "agenda_item": ITEM, "statement": statement, **extra}
        return await self.record("positions", body)


async def _opening_and_recusal(run: Proceedings, hearing: dict[str, Any]) -> list[str]:
    """Identities, the matter and panel, then two officers recused: one declares a conflict of
    interest, the other is challenged by the petitioner; three officers remain."""
    for person in (hearing["petitioner"], hearing["department"], hearing["presiding"]):
        await run.record("attendance", {"person_id": person["id"], "status": "present"})
    await run.advance("identities_checked", note="核对了信访人、责任单位代表的身份证件")
    await run.advance("matter_and_panel_announced")
    conflicted, challenged = hearing["officers"][:2]
    declared = await run.client.post(
        f"/api/v1/people/{conflicted['id']}/conflicts",
        json={"case_id": hearing["case"]["id"], "reason": "系信访人近亲属"},
        headers=run.h,
    )
    assert declared.status_code == 204, declared.text
    recused = [conflicted["id"], challenged["id"]]
    taken = await run.advance(
        "recusal_asked",
        note="听证员 0 自行申请回避；信访人申请听证员 1 回避，准许",
        recused=recused,
    )
    assert taken["steps"][2]["recused"] == recused
    return recused


async def _statements(run: Proceedings, hearing: dict[str, Any]) -> None:
    await run.advance("rights_read")
    first = await run.position(
        hearing["petitioner"],
        "房屋于2019年被征收，补偿款按旧标准计算，明显偏低。",
        requests="按2023年评估价补足差额",
        evidence="征收补偿协议",
    )
    assert first["version"] == 1
    stated = await run.advance("petitioner_states", speakers=[hearing["petitioner"]["id"]])
    assert stated["steps"][4]["speakers"] == [hearing["petitioner"]["id"]]
    await run.position(
        hearing["department"],
        "补偿已按征收决定公告时的标准足额支付。",
        legal_basis="《国有土地上房屋征收与补偿条例》第十九条",
    )
    await run.advance("department_states")
    amended = await run.position(
        hearing["petitioner"],
        "经质证，信访人认可面积认定，仍主张按2023年评估价补偿。",
        requests="按2023年评估价补足差额",
    )
    assert (amended["version"], len(amended["versions"])) == (2, 2)
    await run.advance("cross_examination", note="双方就评估时点进行了质证")
    await run.advance("final_statements")


async def _deliberation(run: Proceedings, officers: list[dict[str, Any]]) -> Any:
    """The three remaining officers split two to one; the dissent is kept with its opinion."""
    views = (
        ("supported", "评估时点应以补偿实际支付时为准"),
        ("supported", None),
        ("not_supported", "补偿已按公告时标准足额支付"),
    )
    for officer, (view, opinion) in zip(officers, views, strict=True):
        body = {"person_id": officer["id"], "agenda_item": ITEM, "view": view}
        await run.record("votes", {**body, "opinion": opinion} if opinion else body)
    await run.advance("panel_deliberates")
    (item,) = (await get_json(run.client, f"{run.base}/conclusion", run.h))["items"]
    assert (item["result"], item["panel_size"]) == ("supported", 3)
    assert item["dissents"] == [
        {"person_id": officers[2]["id"], "view": "not_supported", "opinion": views[2][1]}
    ]
    return await run.advance("conclusion", note="听证结论作为信访事项处理的参考")


async def _signed_and_sealed(client: Any, h: dict[str, str], session_id: str) -> bytes:
    minutes = await post_ok(client, f"/api/v1/sessions/{session_id}/minutes", h, None)
    assert minutes["status"] == "draft"
    for person_id in minutes["pending_signers"]:
        body = {
            "person_id": person_id,
            "decision": "sign",
            "version_sha256": minutes["version_sha256"],
        }
        signed = await post_ok(client, f"/api/v1/minutes/{minutes['id']}/signatures", h, body)
    assert signed["pending_signers"] == []
    sealed = await post_ok(client, f"/api/v1/minutes/{minutes['id']}/seal", h, None, 200)
    assert sealed["status"] == "sealed"
    response = await client.get(f"/api/v1/minutes/{minutes['id']}/pdf", headers=h)
    assert response.status_code == 200, response.text
    assert response.headers["x-content-sha256"] == sealed["sealed_sha256"]
    return bytes(response.content)


def _text_of(pdf: bytes) -> str:
    """The PDF's text without the layout's line breaks and spaces."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def _local(moment: str) -> str:
    local = datetime.fromisoformat(moment).astimezone(SHANGHAI)
    return f"{local.year}年{local.month}月{local.day}日{local:%H:%M}"


async def test_a_public_hearing_from_booking_to_sealed_minutes(client, coordinator) -> None:
    h = coordinator
    hearing = await _composed_hearing(client, h)
    await _booked_with_a_weeks_notice(client, h, hearing)
    await open_records_days_ahead(30)
    run = Proceedings(client, h, hearing["session"]["id"])

    recused = await _opening_and_recusal(run, hearing)
    remaining = [o for o in hearing["officers"] if o["id"] not in recused]
    for officer in remaining:
        await run.record("attendance", {"person_id": officer["id"], "status": "present"})
    await _statements(run, hearing)
    procedure = await _deliberation(run, remaining)
    assert [step["status"] for step in procedure["steps"]] == ["done"] * 10

    text = _text_of(await _signed_and_sealed(client, h, hearing["session"]["id"]))

    first = procedure["steps"][0]
    for expected in (
        "程序进行情况",
        "以上时间均为Asia/Shanghai,UTC+08:00时间。",
        "核对身份",
        _local(first["started_at"]),
        "询问是否申请回避",
        "回避人员：听证员0、听证员1",
        "发言人：",
        "质证辩论",
        "双方就评估时点进行了质证",
        "宣布听证结论",
    ):
        assert expected in text, expected
    for expected in (
        "经质证，信访人认可面积认定，仍主张按2023年评估价补偿。",
        "补偿已按征收决定公告时的标准足额支付。",
        "《国有土地上房屋征收与补偿条例》第十九条",
    ):
        assert expected in text, expected
    assert "补偿款按旧标准计算，明显偏低" not in text
    for expected in (
        "听证员评议意见及结论",
        "多数意见：支持",
        "听证员3名：支持2票、部分支持0票、不支持1票、弃权0票",
        "不同意见",
        "听证员4：不支持：补偿已按公告时标准足额支付",
        "评估时点应以补偿实际支付时为准",
    ):
        assert expected in text, expected
    # Petitioner, department, presiding officer, three officers: in the signatures and again on
    # the audit page.
    body, audit = text.split("签署审计页")
    assert body.count("已签名") == 6 and audit.count("已签名") == 6
