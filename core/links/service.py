"""Reading a link's token as a use case trusts it (signed, for this purpose, unexpired, not
revoked), and revoking one."""

from __future__ import annotations

from datetime import datetime

from core import signing
from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from core.errors import Forbidden, Unauthorized
from core.links.tables import RevokedLink
from core.signing import LinkClaims


async def read_link(token: str, purpose: str, now: datetime, field: str = "token") -> LinkClaims:
    """The claims of a token made for ``purpose``; 401 if altered, for something else, expired
    or revoked."""
    claims = signing.read(token, purpose, now, field)
    if await RevokedLink.exists().where(RevokedLink.token_id == claims.token_id):
        raise Unauthorized("the link has been revoked", code="token_revoked", field=field)
    return claims


async def revoke_link(viewer: Viewer, token: str, now: datetime) -> LinkClaims:
    """Stop one link from working before it expires (it leaked, was sent to the wrong person).
    Staff only; revoking twice is harmless. A token must be genuine to be revoked, so the list
    holds only ids of links Concord issued."""
    if not viewer.is_staff:
        raise Forbidden("only staff revoke links", code="role_not_allowed")
    claims = signing.read_signed(token)
    async with write_transaction():
        await RevokedLink.insert(
            RevokedLink(
                token_id=claims.token_id,
                purpose=claims.purpose,
                expires_at=claims.expires_at,
                revoked_at=now,
                revoked_by=viewer.account_id,
            )
        ).on_conflict(action="DO NOTHING")
        await record_event("link.revoked", "link", claims.token_id, {"purpose": claims.purpose})
    return claims
