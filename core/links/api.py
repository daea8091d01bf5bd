"""HTTP endpoint for revoking one link (an invitation answer or signing link) before it expires."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, post
from litestar.params import JSONBody

from core.links import service as links
from core.web.guards import account_of


class LinkRevoke(msgspec.Struct, forbid_unknown_fields=True):
    #: The token of the link: the ``token`` query parameter of an answer link, or the last
    #: path segment of a signing page (/ui/p/{token}).
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class LinkRevoked(msgspec.Struct):
    token_id: str
    purpose: str
    expires_at: datetime
    revoked: bool = True


class LinkController(Controller):
    path = "/api/v1/links"
    tags = ("access",)

    @post("/revoke", operation_id="revokeLink", status_code=200)
    async def revoke(
        self, request: Request[Any, Any, Any], data: JSONBody[LinkRevoke]
    ) -> LinkRevoked:
        """The link stops working at once (401 token_revoked); staff only."""
        claims = await links.revoke_link(account_of(request), data.token, datetime.now(UTC))
        return LinkRevoked(
            token_id=claims.token_id, purpose=claims.purpose, expires_at=claims.expires_at
        )
