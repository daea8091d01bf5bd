"""The session pages' labels: every one a template names is in the catalogs, and every role,
status, answer and refusal code the services can produce has one, so no page shows a raw
code (or fails: the templates are strict about undefined labels)."""

from __future__ import annotations

import re

from hearing.cases.clock import Light
from hearing.vocabulary import Confidentiality, ParticipantRole, PartStat, SessionStatus
from ui.i18n import labels
from ui.render import TEMPLATES

_NAMED_LABEL = re.compile(r"\bt\.(\w+)|\bt\[\"(\w+)\"\]")
EN = labels("en")


def test_every_label_the_session_templates_name_is_in_the_catalogs() -> None:
    named = {
        a or b
        for template in (TEMPLATES / "sessions").glob("*.html")
        for a, b in _NAMED_LABEL.findall(template.read_text("utf-8"))
    }
    assert {"psess_new_title", "psess_find_slots", "psess_timeline"} <= named
    assert named <= set(EN)


def test_every_role_status_answer_light_and_confidentiality_has_a_label() -> None:
    needed = (
        {f"psess_role_{role}" for role in ParticipantRole}
        | {f"psess_status_{status}" for status in SessionStatus}
        | {f"psess_answer_{stat.lower().replace('-', '_')}" for stat in PartStat}
        | {f"psess_light_{light}" for light in Light}
        | {f"psess_confidentiality_{level}" for level in Confidentiality}
    )
    assert needed <= set(EN)


def test_the_chinese_labels_are_chinese() -> None:
    zh = labels("zh-CN")
    keys = [key for key in zh if key.startswith("psess_")]
    assert len(keys) > 100
    han = re.compile(r"[\u4e00-\u9fff]")
    assert all(han.search(zh[key]) for key in keys), [k for k in keys if not han.search(zh[k])]
