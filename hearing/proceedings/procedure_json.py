"""The procedure state as the JSON kept in ``sessions.procedure``, and back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hearing.proceedings.procedure import (
    Interruption,
    InterruptionKind,
    ProcedureState,
    StepRecord,
    StepStatus,
    Withdrawal,
    start_procedure,
)


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _required_instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


def procedure_to_json(state: ProcedureState) -> dict[str, Any]:
    return {
        "kind": state.kind,
        "opened_at": state.opened_at.isoformat() if state.opened_at else None,
        "ended_reason": state.ended_reason,
        "taken": [
            {
                "step": record.step,
                "status": record.status.value,
                "started_at": record.started_at.isoformat(),
                "ended_at": record.ended_at.isoformat(),
                "note": record.note,
                "skip_reason": record.skip_reason,
                "recused": list(record.recused),
                "speakers": list(record.speakers),
            }
            for record in state.taken
        ],
        "withdrawals": [
            {"person_id": w.person_id, "reason": w.reason, "at": w.at.isoformat()}
            for w in state.withdrawals
        ],
        "interruptions": [
            {
                "kind": i.kind.value,
                "reason": i.reason,
                "at": i.at.isoformat(),
                "resumed_at": i.resumed_at.isoformat() if i.resumed_at else None,
            }
            for i in state.interruptions
        ],
    }


def procedure_from_json(kind: str, data: dict[str, Any] | None) -> ProcedureState:
    """The stored state of a ``kind`` session; a session whose procedure never opened has an
    empty object stored and starts afresh."""
    if not data:
        return start_procedure(kind)
    return ProcedureState(
        kind=data["kind"],
        opened_at=_instant(data.get("opened_at")),
        ended_reason=data.get("ended_reason"),
        taken=tuple(
            StepRecord(
                step=item["step"],
                status=StepStatus(item["status"]),
                started_at=_required_instant(item["started_at"]),
                ended_at=_required_instant(item["ended_at"]),
                note=item.get("note"),
                skip_reason=item.get("skip_reason"),
                recused=tuple(item.get("recused") or ()),
                speakers=tuple(item.get("speakers") or ()),
            )
            for item in data.get("taken", [])
        ),
        withdrawals=tuple(
            Withdrawal(item["person_id"], item["reason"], _required_instant(item["at"]))
            for item in data.get("withdrawals", [])
        ),
        interruptions=tuple(
            Interruption(
                InterruptionKind(item["kind"]),
                item["reason"],
                _required_instant(item["at"]),
                _instant(item.get("resumed_at")),
            )
            for item in data.get("interruptions", [])
        ),
    )
