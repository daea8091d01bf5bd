"""Rendering minutes to PDF off the event loop."""

from __future__ import annotations

import threading
from functools import cache

from core.db import in_thread
from minutes.document import (
    MinutesDocument,
)
from minutes.render.renderer import MinutesRenderer

_render_lock = threading.Lock()


@cache
def _renderer() -> MinutesRenderer:
    return MinutesRenderer()


def _render_blocking(doc: MinutesDocument) -> bytes:
    # One renderer per process, used by one thread at a time: WeasyPrint's font
    # configuration is not documented as thread-safe.
    with _render_lock:
        return _renderer().render_pdf(doc)


async def render(doc: MinutesDocument) -> bytes:
    """Render off the event loop: a PDF takes a few hundred milliseconds of CPU."""
    return await in_thread(_render_blocking, doc)
