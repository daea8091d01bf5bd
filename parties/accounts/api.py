"""HTTP endpoints for logging in and out, refreshing tokens, passwords and accounts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, patch, post
from litestar.params import FromPath, JSONBody

from core.access import Role
from core.web.client_address import client_address
from core.web.guards import account_of, admin_only
from core.web.wire import Body, Email
from parties.accounts import service as accounts
from parties.accounts.tokens import TokenPair

Password = Annotated[str, msgspec.Meta(max_length=200)]
Token = Annotated[str, msgspec.Meta(max_length=200)]


class TokenRequest(Body):
    email: Annotated[str, msgspec.Meta(max_length=254)]
    password: Password


class TokenResponse(msgspec.Struct):
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    token_type: str = "bearer"

    @classmethod
    def of(cls, pair: TokenPair) -> TokenResponse:
        return cls(
            access_token=pair.access_token,
            expires_in=pair.expires_in,
            refresh_token=pair.refresh_token,
            refresh_expires_in=pair.refresh_expires_in,
        )


class RefreshRequest(Body):
    refresh_token: Token


class PasswordChange(Body):
    current_password: Password
    new_password: Password


class AccountCreate(Body):
    email: Email
    password: Password
    role: Literal["coordinator", "participant", "archivist", "admin"]
    person_id: UUID | None = None


class AccountCreated(msgspec.Struct):
    id: UUID


class AccountChange(msgspec.Struct, forbid_unknown_fields=True):
    active: bool


class AccountState(msgspec.Struct):
    id: UUID
    active: bool


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/token", operation_id="issueToken", status_code=200)
    async def issue_token(
        self, request: Request[Any, Any, Any], data: JSONBody[TokenRequest]
    ) -> TokenResponse:
        pair = await accounts.issue_token(
            data.email, data.password, datetime.now(UTC), address=client_address(request)
        )
        return TokenResponse.of(pair)

    @post("/refresh", operation_id="refreshToken", status_code=200)
    async def refresh_token(
        self, request: Request[Any, Any, Any], data: JSONBody[RefreshRequest]
    ) -> TokenResponse:
        pair = await accounts.refresh_tokens(
            data.refresh_token, datetime.now(UTC), address=client_address(request)
        )
        return TokenResponse.of(pair)

    @post("/logout", operation_id="logOut", status_code=204)
    async def log_out(self, request: Request[Any, Any, Any]) -> None:
        await accounts.log_out(account_of(request), str(request.auth), datetime.now(UTC))

    @post("/password", operation_id="changePassword", status_code=204)
    async def change_password(
        self, request: Request[Any, Any, Any], data: JSONBody[PasswordChange]
    ) -> None:
        await accounts.change_password(
            account_of(request),
            str(request.auth),
            data.current_password,
            data.new_password,
            datetime.now(UTC),
            address=client_address(request),
        )

    @post("/accounts", operation_id="createAccount", guards=[admin_only])
    async def create_account(self, data: JSONBody[AccountCreate]) -> AccountCreated:
        account_id = await accounts.create_account(
            data.email, data.password, Role(data.role), data.person_id
        )
        return AccountCreated(id=account_id)

    @patch("/accounts/{account_id:uuid}", operation_id="updateAccount", guards=[admin_only])
    async def update_account(
        self,
        request: Request[Any, Any, Any],
        account_id: FromPath[UUID],
        data: JSONBody[AccountChange],
    ) -> AccountState:
        await accounts.set_account_active(
            account_of(request), account_id, data.active, datetime.now(UTC)
        )
        return AccountState(id=account_id, active=data.active)
