"""What the minutes print of the proceedings: the steps with their times, consent to mediation,
the panel's views and conclusion, and the mediation agreement, translated and formatted."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from minutes.document import MinutesDocument, MinutesPanelItem, MinutesPanelView, MinutesStep
from minutes.render.formatting import (
    LABELS,
    format_date,
    format_moment,
    format_span,
    label,
    zone_note,
)


def _step_row(doc: MinutesDocument, step: MinutesStep) -> dict[str, Any]:
    labels = LABELS[doc.locale]
    zone = ZoneInfo(doc.timezone)
    return {
        "title": step.title,
        "status": label(labels, "step", step.status),
        "times": format_span(step.started_at, step.ended_at, zone, doc.locale)
        if step.started_at
        else "",
        "note": step.note,
        "skip_reason": step.skip_reason,
        "recused": labels["list_separator"].join(step.recused),
        "speakers": labels["list_separator"].join(step.speakers),
    }


def procedure_context(doc: MinutesDocument) -> dict[str, Any]:
    """The steps in order; times in the session's zone, which is named once above them."""
    labels = LABELS[doc.locale]
    first = next((step.started_at for step in doc.procedure if step.started_at), None)
    anchor = first or doc.start or doc.generated_at
    return {
        "steps": [_step_row(doc, step) for step in doc.procedure],
        "zone": labels["times_in"].format(zone=zone_note(anchor, doc.timezone)),
        "ended": label(labels, "ended", doc.ended_reason) if doc.ended_reason else None,
    }


def consent_rows(doc: MinutesDocument) -> list[dict[str, str]]:
    labels = LABELS[doc.locale]
    zone = ZoneInfo(doc.timezone)
    return [
        {
            "name": consent.name,
            "decision": labels["consent.given" if consent.consent else "consent.refused"],
            "recorded_at": format_moment(consent.recorded_at, zone, doc.locale),
        }
        for consent in doc.consents
    ]


def _view_row(doc: MinutesDocument, view: MinutesPanelView) -> dict[str, str | None]:
    return {
        "name": view.name,
        "view": label(LABELS[doc.locale], "view", view.view),
        "opinion": view.opinion,
    }


def _panel_item(doc: MinutesDocument, item: MinutesPanelItem) -> dict[str, Any]:
    labels = LABELS[doc.locale]
    counts = labels["list_separator"].join(
        labels["count"].format(view=label(labels, "view", count.view), count=count.count)
        for count in item.counts
    )
    return {
        "agenda_item": item.agenda_item,
        "result": label(labels, "result", item.result),
        "counts": labels["panel_counts"].format(size=item.panel_size, counts=counts),
        "views": [_view_row(doc, view) for view in item.views],
        "dissents": [_view_row(doc, view) for view in item.dissents],
    }


def panel_items(doc: MinutesDocument) -> list[dict[str, Any]]:
    """Per agenda item: every hearing officer's view, the result, and each dissent."""
    return [_panel_item(doc, item) for item in doc.panel]


def agreement_context(doc: MinutesDocument) -> dict[str, Any] | None:
    agreement = doc.agreement
    if agreement is None:
        return None
    labels = LABELS[doc.locale]
    return {
        "status": label(labels, "agreement", agreement.status),
        "facts": agreement.facts,
        "disputed_issues": list(agreement.disputed_issues),
        "terms": [
            {
                "obligor": term.obligor,
                "obligation": term.obligation,
                "manner": term.manner,
                "deadline": format_date(term.deadline, doc.locale),
            }
            for term in agreement.terms
        ],
        "version_sha256": agreement.version_sha256,
    }
