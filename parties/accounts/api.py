"""HTTP endpoints for logging in and creating accounts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar import Controller, post
from litestar.params import JSONBody

from core.access import Role
from core.web.guards import admin_only
from core.web.wire import Body, Email
from parties.accounts import service as accounts


class TokenRequest(Body):
    email: Annotated[str, msgspec.Meta(max_length=254)]
    password: Annotated[str, msgspec.Meta(max_length=200)]


class TokenResponse(msgspec.Struct):
    access_token: str
    expires_in: int
    token_type: str = "bearer"


class AccountCreate(Body):
    email: Email
    password: Annotated[str, msgspec.Meta(min_length=8, max_length=200)]
    role: Literal["coordinator", "participant", "archivist", "admin"]
    person_id: UUID | None = None


class AccountCreated(msgspec.Struct):
    id: UUID


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/token", operation_id="issueToken", status_code=200)
    async def issue_token(self, data: JSONBody[TokenRequest]) -> TokenResponse:
        issued = await accounts.issue_token(data.email, data.password, datetime.now(UTC))
        return TokenResponse(access_token=issued.access_token, expires_in=issued.expires_in)

    @post("/accounts", operation_id="createAccount", guards=[admin_only])
    async def create_account(self, data: JSONBody[AccountCreate]) -> AccountCreated:
        account_id = await accounts.create_account(
            data.email, data.password, Role(data.role), data.person_id
        )
        return AccountCreated(id=account_id)
