"""The institution's sealed rendering of a minutes document: rendered, then sealed."""

from __future__ import annotations

import asyncio

from core.settings import get_settings
from minutes.document import MinutesDocument
from minutes.render.service import render
from minutes.seal.pades import seal_pdf


async def sealed_pdf(document: MinutesDocument) -> bytes:
    """``document`` rendered and sealed by the institution (PAdES), off the event loop."""
    return await asyncio.to_thread(
        seal_pdf,
        await render(document),
        signer_name=document.issuing_body or get_settings().seal_display_name,
        reason=f"盖章确认笔录 Minutes sealed (version {document.version})",
        location=None,
    )
