"""Probes of cases and their clocks, the record of session A, the public hearing's panel and
observers, the agreement and follow-up supervision."""

from __future__ import annotations

from tests.api.access.probes import Probe

A = "/api/v1/sessions/{session}"
CASE = "/api/v1/cases/{case}"
CLOSED = "/api/v1/cases/{closed_case}"
HEARING = "/api/v1/sessions/{hearing}"
ITEM = "/api/v1/action-items/{item}"

PARTIES = [
    {"person_id": "{member}", "role": "petitioner"},
    {"person_id": "{department}", "role": "department"},
    {"person_id": "{mediator}", "role": "mediator"},
]

PROBES = (
    Probe("listCases", "GET", "/api/v1/cases"),
    Probe("getCase", "GET", CASE),
    Probe("createCase", "POST", "/api/v1/cases", json={"reference": "AM-9", "title": "新信访事项"}),
    Probe("updateCase", "PATCH", CASE, json={"summary": "补偿面积存在争议"}),
    Probe("acceptCase", "POST", CASE + "/accept", json={"accepted_on": "{today}"}),
    Probe("extendCase", "POST", CASE + "/extension", json={"days": 10, "reason": "需补充鉴定"}),
    Probe(
        "closeCase",
        "POST",
        "/api/v1/cases/{spare_case}/close",
        json={"closed_on": "{today}", "reply_summary": "已答复 AM"},
    ),
    Probe("rateCase", "POST", CLOSED + "/satisfaction", json={"rating": "satisfied"}),
    Probe(
        "decideCaseReview",
        "POST",
        CLOSED + "/review-requests/{review}/decision",
        json={"decided_on": "{today}", "decision": "维持原处理意见"},
    ),
    Probe(
        "requestCaseReview",
        "POST",
        CLOSED + "/review-requests",
        json={"level": "re_review", "requested_on": "{today}"},
    ),
    Probe("satisfactionReport", "GET", "/api/v1/reports/satisfaction"),
    Probe("getSessionRecord", "GET", A + "/record"),
    Probe("getSessionProcedure", "GET", A + "/procedure"),
    Probe(
        "recordMediationConsent",
        "POST",
        A + "/consent",
        json={"person_id": "{member}", "consent": True},
    ),
    Probe("advanceSessionProcedure", "POST", A + "/procedure/advance", json={"step": "consent"}),
    Probe(
        "recordAttendance",
        "POST",
        A + "/attendance",
        json={"person_id": "{member}", "status": "present"},
    ),
    Probe(
        "recordPosition",
        "POST",
        A + "/positions",
        json={"person_id": "{member}", "agenda_item": "补偿标准", "statement": "补偿过低"},
    ),
    Probe(
        "recordOutcome",
        "POST",
        A + "/outcomes",
        json={"agenda_item": "补偿标准", "status": "partially_agreed"},
    ),
    Probe(
        "skipSessionProcedureStep",
        "POST",
        A + "/procedure/skip",
        json={"step": "parties_state", "reason": "双方已书面陈述 AM"},
    ),
    Probe(
        "draftAgreement",
        "POST",
        A + "/agreement",
        json={
            "facts": "房屋征收补偿争议",
            "disputed_issues": ["补偿标准"],
            "terms": [
                {
                    "obligor_id": "{department}",
                    "obligation": "补足差额",
                    "manner": "转账",
                    "deadline": "{in_20_days}",
                }
            ],
        },
    ),
    Probe("getAgreement", "GET", A + "/agreement"),
    Probe(
        "signAgreement",
        "POST",
        A + "/agreement/signatures",
        json={
            "person_id": "{member}",
            "decision": "sign",
            "version_sha256": "{agreement_sha256}",
        },
    ),
    Probe("getPublicNotice", "GET", HEARING + "/notice"),
    Probe(
        "registerObserver",
        "POST",
        HEARING + "/observers",
        json={"name": "旁听人乙", "email": "observer2.AM@example.cn"},
    ),
    Probe(
        "cancelObserver",
        "POST",
        HEARING + "/observers/{observer}/cancel",
        json={"cancel_token": "{cancel_observer}"},
    ),
    Probe(
        "recordVote",
        "POST",
        HEARING + "/votes",
        json={"person_id": "{hearing_officer}", "agenda_item": "补偿标准", "view": "supported"},
    ),
    Probe("getPanelConclusion", "GET", HEARING + "/conclusion"),
    Probe(
        "createActionItem",
        "POST",
        A + "/action-items",
        json={
            "title": "复核面积 AM",
            "owner_organization_id": "{org}",
            "due_date": "{in_20_days}",
        },
    ),
    Probe("listActionItems", "GET", "/api/v1/action-items"),
    Probe("getActionItem", "GET", ITEM),
    Probe("addActionItemNote", "POST", ITEM + "/notes", json={"text": "已联系住建局"}),
    Probe("updateActionItem", "PATCH", ITEM, json={"due_date": "{in_20_days}"}),
    Probe("escalateActionItem", "POST", ITEM + "/escalate", json={"reason": "逾期未办"}),
    Probe(
        "createFollowUpSession",
        "POST",
        ITEM + "/follow-up-session",
        json={
            "kind": "mediation",
            "title": "督办回访 AM",
            "duration_minutes": 60,
            "participants": PARTIES,
        },
    ),
    Probe("deleteCase", "DELETE", "/api/v1/cases/{spare_case}"),
)
