"""The follow-up page (督办): action items filtered by status and owner, each with its notes;
add a note, mark done, escalate, through the same use cases as the action-item API.

Each item's forms post on their own; with htmx the item is replaced in place, without it the
browser comes back to the list. A refusal (a rule of the use case, or text the API's body type
refuses) is shown next to the field of the form that was sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from core.errors import Conflict, DomainError, RuleViolation
from core.web.problems import status_of
from hearing.followup import escalation
from hearing.followup import service as followup
from hearing.followup.api import EscalationIn, NoteIn
from hearing.followup.service import ActionItemView
from hearing.vocabulary import ActionItemStatus
from parties.organizations import service as organizations
from parties.views import OrganizationView
from ui.forms import PageForm
from ui.i18n import labels
from ui.page import signed_in_viewer
from ui.render import render
from ui.session import safe_next

#: More items than one office follows up at once; the filters narrow the rest.
SHOWN = 200
#: Every organisation for the owner filter (an office has tens, a province hundreds).
MAX_ORGANIZATIONS = 1000
PAGE = "/ui/action-items"

Errors = dict[str, str]


class NoteForm(PageForm):
    text: str = ""
    next: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class DoneForm(PageForm):
    status: str = "done"
    next: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class EscalateForm(PageForm):
    reason: str = ""
    next: Annotated[str, msgspec.Meta(max_length=2000)] = ""


NoteBody = Annotated[NoteForm, Body(media_type=RequestEncodingType.URL_ENCODED)]
DoneBody = Annotated[DoneForm, Body(media_type=RequestEncodingType.URL_ENCODED)]
EscalateBody = Annotated[EscalateForm, Body(media_type=RequestEncodingType.URL_ENCODED)]


@dataclass(frozen=True)
class Refusal:
    """What a refused action shows: the field it belongs to, its label, its HTTP status."""

    field: str
    label: str
    status: int


def error_label(code: str) -> str:
    key = f"actions_error_{code}"
    return key if key in labels("en") else "actions_error_refused"


def _body_refusal(field: str) -> Refusal:
    return Refusal(field, "actions_error_invalid_text", 400)


def _rule_refusal(error: DomainError, field: str) -> Refusal:
    return Refusal(field, error_label(error.code), status_of(error))


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def _filters(status: str, owner: str, errors: Errors) -> followup.ActionItemFilter:
    wanted_status = None
    if status:
        try:
            wanted_status = ActionItemStatus(status)
        except ValueError:
            errors["status"] = "actions_error_unknown_status"
    owner_id = None
    if owner:
        try:
            owner_id = UUID(owner)
        except ValueError:
            errors["owner_organization_id"] = "actions_error_unknown_owner"
    return followup.ActionItemFilter(status=wanted_status, owner_organization_id=owner_id)


async def _names(items: list[ActionItemView]) -> dict[UUID, OrganizationView]:
    wanted = [i.owner_organization_id for i in items] + [
        i.escalated_to for i in items if i.escalated_to
    ]
    return await organizations.get_organizations(wanted)


class ActionItemsController(Controller):
    path = PAGE
    include_in_schema = False

    @get("/")
    async def list_items(
        self,
        request: Request[Any, Any, Any],
        status: FromQuery[str] = "",
        owner_organization_id: FromQuery[str] = "",
    ) -> Template:
        return await _list_page(request, status, owner_organization_id)

    @post("/{item_id:uuid}/notes", status_code=303)
    async def add_note(
        self, request: Request[Any, Any, Any], item_id: FromPath[UUID], data: NoteBody
    ) -> Redirect | Template:
        viewer = signed_in_viewer(request)
        try:
            text = msgspec.convert({"text": data.text}, NoteIn).text
        except msgspec.ValidationError:
            return await _refused(request, item_id, _body_refusal("text"), data.next)
        try:
            item = await followup.add_note(viewer, item_id, text, datetime.now(UTC))
        except (RuleViolation, Conflict) as refused:
            return await _refused(request, item_id, _rule_refusal(refused, "text"), data.next)
        return await _done(request, item, data.next)

    @post("/{item_id:uuid}/done", status_code=303)
    async def mark_done(
        self, request: Request[Any, Any, Any], item_id: FromPath[UUID], data: DoneBody
    ) -> Redirect | Template:
        viewer = signed_in_viewer(request)
        try:
            item = await followup.update_action_item(
                viewer, item_id, {"status": ActionItemStatus.DONE}, datetime.now(UTC)
            )
        except (RuleViolation, Conflict) as refused:
            return await _refused(request, item_id, _rule_refusal(refused, "status"), data.next)
        return await _done(request, item, data.next)

    @post("/{item_id:uuid}/escalate", status_code=303)
    async def escalate(
        self, request: Request[Any, Any, Any], item_id: FromPath[UUID], data: EscalateBody
    ) -> Redirect | Template:
        viewer = signed_in_viewer(request)
        try:
            reason = msgspec.convert({"reason": data.reason}, EscalationIn).reason
        except msgspec.ValidationError:
            return await _refused(request, item_id, _body_refusal("reason"), data.next)
        try:
            item = await escalation.escalate_action_item(viewer, item_id, reason, datetime.now(UTC))
        except (RuleViolation, Conflict) as refused:
            return await _refused(request, item_id, _rule_refusal(refused, "reason"), data.next)
        return await _done(request, item, data.next)


def _back(target: str) -> str:
    return safe_next(target if target.startswith(PAGE) else PAGE)


async def _list_page(
    request: Request[Any, Any, Any],
    status: str,
    owner: str,
    *,
    item_errors: dict[UUID, Errors] | None = None,
    status_code: int = 200,
    back: str | None = None,
) -> Template:
    viewer = signed_in_viewer(request)
    now = datetime.now(UTC)
    errors: Errors = {}
    found_by = _filters(status, owner, errors)
    items: list[ActionItemView] = []
    total = 0
    if not errors:
        items, total = await followup.list_action_items(viewer, found_by, SHOWN, 0, now)
    owners, _ = await organizations.list_organizations(MAX_ORGANIZATIONS, 0)
    context = {
        "filters": {"status": status, "owner_organization_id": owner},
        "errors": errors,
        "statuses": list(ActionItemStatus),
        "owners": owners,
        "items": items,
        "total": total,
        "names": await _names(items),
        "item_errors": item_errors or {},
        "may_act": viewer.is_staff,
        # Where each item's forms come back to: this list, as filtered.
        "back": back or request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }
    return await render(
        request, "action_items/page.html", context, status_code=400 if errors else status_code
    )


async def _item_fragment(
    request: Request[Any, Any, Any], item: ActionItemView, errors: Errors, target: str
) -> Template:
    context = {
        "item": item,
        "names": await _names([item]),
        "errors": errors,
        "may_act": signed_in_viewer(request).is_staff,
        "back": target,
    }
    return await render(request, "action_items/_item.html", context)


async def _done(
    request: Request[Any, Any, Any], item: ActionItemView, target: str
) -> Redirect | Template:
    if _is_htmx(request):
        return await _item_fragment(request, item, {}, _back(target))
    return Redirect(f"{_back(target)}#item-{item.id}", status_code=303)


async def _refused(
    request: Request[Any, Any, Any], item_id: UUID, refusal: Refusal, target: str
) -> Template:
    """The item again with the refusal next to its field: in place for htmx (a swap needs a
    2xx), else the whole list with the refusal's own status."""
    errors = {refusal.field: refusal.label}
    if _is_htmx(request):
        item = await followup.get_action_item(signed_in_viewer(request), item_id, datetime.now(UTC))
        return await _item_fragment(request, item, errors, _back(target))
    back = _back(target)
    query = parse_qs(urlsplit(back).query)
    return await _list_page(
        request,
        query.get("status", [""])[0],
        query.get("owner_organization_id", [""])[0],
        item_errors={item_id: errors},
        status_code=refusal.status,
        back=back,
    )
