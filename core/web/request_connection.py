"""Each HTTP request runs its queries on one database connection (core.postgres_pool)."""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from core.db import database
from core.postgres_pool import LendingPostgresEngine


class OneConnectionPerRequest:
    """Lends the request a connection for its queries and takes it back once the response
    starts: what is left is sending, which a slow client can make long. The embedded SQLite
    engine lends its connections query by query (core.sqlite_pool)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        engine = database()
        if scope["type"] != ScopeType.HTTP or not isinstance(engine, LendingPostgresEngine):
            await self.app(scope, receive, send)
            return
        async with engine.lend_connection() as give_back:

            async def sending(message: Message) -> None:
                if message["type"] == "http.response.start":
                    await give_back()
                await send(message)

            await self.app(scope, receive, sending)
