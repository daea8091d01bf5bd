"""One answer for every fragment: the part alone for htmx, else wrapped in the layout with a
link back to the session's page, so each fragment is also a page of its own."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request
from litestar.response import Redirect, Template

from ui.record.refusals import Refusal
from ui.render import render

#: The event a successful record action sends (``HX-Trigger``): the minutes fragment listens.
RECORD_CHANGED = "record-changed"


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


async def fragment_answer(
    request: Request[Any, Any, Any],
    section: str,
    session_id: UUID,
    context: dict[str, Any],
    refusal: Refusal | None = None,
) -> Template:
    """``record/_{section}.html`` as htmx swaps it into ``<section id={section}>``, or as a page.

    htmx does not swap a 4xx answer by default, so a refusal reaches it as 200 with the
    refusal in the fragment; a plain form post gets the refusal's own status."""
    context = {**context, "section": section, "session_id": session_id, "refusal": refusal}
    fragment = f"record/_{section}.html"
    if is_htmx(request):
        return await render(request, fragment, context)
    status = refusal.status if refusal else 200
    page_context = {**context, "fragment": fragment}
    return await render(request, "record/page.html", page_context, status_code=status)


def after_action(section: str, session_id: UUID) -> Redirect:
    """A plain form post that worked goes back to the fragment's page (a reload sends nothing
    again); htmx asks for the fragment instead, see ``fragment_answer``."""
    return Redirect(f"/ui/sessions/{session_id}/{section}", status_code=303)
