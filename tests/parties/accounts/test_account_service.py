"""Account use cases on a real database: creation rules, logins and bearer-token lifetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, NotFound, RuleViolation, Unauthorized
from core.settings import get_settings
from parties.accounts import service as accounts
from parties.accounts import tokens
from parties.people import service as people
from parties.tables import Account

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"
ADDRESS = "192.0.2.10"


async def test_a_password_shorter_than_twelve_characters_is_refused(db) -> None:
    with pytest.raises(RuleViolation) as caught:
        await accounts.create_account("a@example.cn", "Vq8#zL2!mR4", Role.COORDINATOR)

    assert (caught.value.code, caught.value.field) == ("weak_password", "password")
    assert not await Account.exists()


async def test_two_accounts_cannot_share_an_email(db) -> None:
    await accounts.create_account("a@example.cn", PASSWORD, Role.COORDINATOR)

    with pytest.raises(Conflict) as caught:
        await accounts.create_account("A@Example.CN", "another-password", Role.ADMIN)

    assert (caught.value.code, caught.value.field) == ("email_taken", "email")
    assert await Account.count() == 1


async def test_an_account_for_an_unknown_person_is_refused(db) -> None:
    with pytest.raises(NotFound) as caught:
        await accounts.create_account("a@example.cn", PASSWORD, Role.PARTICIPANT, uuid4())

    assert (caught.value.code, caught.value.field) == ("person_not_found", "person_id")


async def test_a_token_stands_for_the_account_its_role_and_its_person(db) -> None:
    zhang = await people.create_person({"name": "张三", "email": "zhang@example.cn"})
    account_id = await accounts.create_account(
        "zhang@example.cn", PASSWORD, Role.PARTICIPANT, zhang.id
    )

    issued = await accounts.issue_token("zhang@example.cn", PASSWORD, NOW, address=ADDRESS)
    viewer = await tokens.authenticate(issued.access_token, NOW)

    assert issued.expires_in == get_settings().token_ttl_seconds
    assert viewer == Viewer(account_id, "zhang@example.cn", Role.PARTICIPANT, zhang.id)


@pytest.mark.parametrize(
    ("email", "password"),
    [("a@example.cn", "wrong-password"), ("nobody@example.cn", PASSWORD)],
)
async def test_a_wrong_password_or_unknown_email_gets_no_token(db, email, password) -> None:
    await accounts.create_account("a@example.cn", PASSWORD, Role.COORDINATOR)

    with pytest.raises(Unauthorized) as caught:
        await accounts.issue_token(email, password, NOW, address=ADDRESS)

    assert caught.value.code == "invalid_credentials"


async def test_a_disabled_account_gets_no_token_and_its_tokens_stop_working(db) -> None:
    await accounts.create_account("a@example.cn", PASSWORD, Role.COORDINATOR)
    issued = await accounts.issue_token("a@example.cn", PASSWORD, NOW, address=ADDRESS)

    await Account.update({Account.active: False}).where(Account.email == "a@example.cn")

    with pytest.raises(Unauthorized) as login:
        await accounts.issue_token("a@example.cn", PASSWORD, NOW, address=ADDRESS)
    with pytest.raises(Unauthorized) as use:
        await tokens.authenticate(issued.access_token, NOW)
    assert (login.value.code, use.value.code) == ("invalid_credentials", "invalid_token")


async def test_a_token_works_until_its_lifetime_ends_and_not_from_then_on(db) -> None:
    await accounts.create_account("a@example.cn", PASSWORD, Role.COORDINATOR)
    issued = await accounts.issue_token("a@example.cn", PASSWORD, NOW, address=ADDRESS)
    expiry = NOW + timedelta(seconds=issued.expires_in)

    viewer = await tokens.authenticate(issued.access_token, expiry - timedelta(seconds=1))
    assert viewer.email == "a@example.cn"
    for later in (expiry, expiry + timedelta(days=1)):
        with pytest.raises(Unauthorized) as caught:
            await tokens.authenticate(issued.access_token, later)
        assert caught.value.code == "invalid_token"


async def test_an_unknown_token_is_refused(db) -> None:
    await accounts.create_account("a@example.cn", PASSWORD, Role.COORDINATOR)
    await accounts.issue_token("a@example.cn", PASSWORD, NOW, address=ADDRESS)

    with pytest.raises(Unauthorized) as caught:
        await tokens.authenticate("not-a-token-anyone-was-given", NOW)

    assert caught.value.code == "invalid_token"
