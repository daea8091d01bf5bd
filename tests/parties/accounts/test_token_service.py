"""Token lifetimes on the clock the caller passes in: no sleeping."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from core.access import Role
from core.errors import Unauthorized
from parties.accounts import service as accounts
from parties.accounts import tokens
from tests.conftest import PASSWORD

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
ADDRESS = "192.0.2.10"


async def test_a_refresh_token_works_until_its_lifetime_ends_and_not_from_then_on(db) -> None:
    await accounts.create_account("a@example.cn", PASSWORD, Role.COORDINATOR)
    expiring = await accounts.issue_token("a@example.cn", PASSWORD, NOW, address=ADDRESS)
    lapsed = await accounts.issue_token("a@example.cn", PASSWORD, NOW, address=ADDRESS)
    lifetime = timedelta(seconds=expiring.refresh_expires_in)

    renewed = await accounts.refresh_tokens(
        expiring.refresh_token, NOW + lifetime - timedelta(seconds=1), address=ADDRESS
    )
    with pytest.raises(Unauthorized) as caught:
        await accounts.refresh_tokens(lapsed.refresh_token, NOW + lifetime, address=ADDRESS)

    assert caught.value.code == "invalid_token"
    later = NOW + lifetime - timedelta(seconds=1)
    assert (await tokens.authenticate(renewed.access_token, later)).email == "a@example.cn"


async def test_a_renewed_access_token_lives_its_full_lifetime_from_the_refresh(db) -> None:
    await accounts.create_account("a@example.cn", PASSWORD, Role.COORDINATOR)
    first = await accounts.issue_token("a@example.cn", PASSWORD, NOW, address=ADDRESS)
    refreshed_at = NOW + timedelta(seconds=first.expires_in)

    renewed = await accounts.refresh_tokens(first.refresh_token, refreshed_at, address=ADDRESS)

    end = refreshed_at + timedelta(seconds=renewed.expires_in)
    await tokens.authenticate(renewed.access_token, end - timedelta(seconds=1))
    with pytest.raises(Unauthorized):
        await tokens.authenticate(renewed.access_token, end)
    with pytest.raises(Unauthorized):
        await tokens.authenticate(first.access_token, refreshed_at)


async def test_two_uses_of_one_refresh_token_at_once_make_one_pair_and_revoke_the_family(
    db,
) -> None:
    await accounts.create_account("a@example.cn", PASSWORD, Role.COORDINATOR)
    pair = await accounts.issue_token("a@example.cn", PASSWORD, NOW, address=ADDRESS)

    outcomes = await asyncio.gather(
        accounts.refresh_tokens(pair.refresh_token, NOW, address=ADDRESS),
        accounts.refresh_tokens(pair.refresh_token, NOW, address=ADDRESS),
        return_exceptions=True,
    )

    issued = [o for o in outcomes if isinstance(o, tokens.TokenPair)]
    refused = [o for o in outcomes if isinstance(o, Unauthorized)]
    assert (len(issued), [r.code for r in refused]) == (1, ["refresh_token_reused"])
    with pytest.raises(Unauthorized):
        await tokens.authenticate(issued[0].access_token, NOW)
