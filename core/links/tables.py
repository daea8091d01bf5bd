"""Links revoked before their expiry, by token id."""

from __future__ import annotations

from piccolo.columns import UUID, Timestamptz, Varchar
from piccolo.table import Table


class RevokedLink(Table, tablename="revoked_links"):
    """A row per revoked token. ``expires_at`` is the token's own: once it has passed, the
    token is refused anyway and the row could go."""

    token_id = Varchar(length=32, primary_key=True)
    purpose = Varchar(length=40)
    expires_at = Timestamptz()
    revoked_at = Timestamptz()
    revoked_by = UUID(null=True, default=None)
