"""The institution's sealed rendering of a minutes document: rendered, then sealed."""

from __future__ import annotations

from pyhanko.sign.timestamps.common_utils import TimestampRequestError

from core.db import in_thread
from core.settings import get_settings
from minutes.document import MinutesDocument
from minutes.render.service import render
from minutes.seal.guarded_timestamper import unavailable
from minutes.seal.pades import seal_pdf


async def sealed_pdf(document: MinutesDocument) -> bytes:
    """``document`` rendered and sealed by the institution (PAdES), off the event loop; 503
    when the timestamp authority cannot be used."""
    pdf = await render(document)
    try:
        return await in_thread(
            seal_pdf,
            pdf,
            signer_name=document.issuing_body or get_settings().seal_display_name,
            reason=f"盖章确认笔录 Minutes sealed (version {document.version})",
            location=None,
        )
    except TimestampRequestError as exc:
        raise unavailable(exc) from exc
