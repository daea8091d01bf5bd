"""Rendering a page: one Jinja environment for every template, and one helper that gives each
template its reader (language, labels, clock) so no controller assembles that by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from ui.i18n import LANGUAGES, labels
from ui.page import Reader, reader_of

TEMPLATES = Path(__file__).parent / "templates"


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    # StrictUndefined: a label missing from a catalog fails the page (and its test), it does
    # not render as an empty string.
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))


def page_context(reader: Reader, request: Request[Any, Any, Any]) -> dict[str, Any]:
    return {
        "t": labels(reader.language),
        "lang": reader.language,
        "languages": LANGUAGES,
        "viewer": reader.viewer,
        "when": reader.when,
        "day": reader.day,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }


async def render(
    request: Request[Any, Any, Any],
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    reader: Reader | None = None,
) -> Template:
    """``template`` (a file under ui/templates/) for this request's viewer, with ``context``;
    pass ``reader`` when the controller needed it already."""
    reader = reader or await reader_of(request)
    return Template(
        template_name=template,
        context={**page_context(reader, request), **(context or {})},
        status_code=status_code,
    )
