"""A signing link works until the signing window it was sent for ends, and not once revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import Unauthorized
from core.links.service import revoke_link
from minutes.signing import service as signing
from minutes.signing.links import SHORTEST_LINK_LIFE, signing_link_expiry
from minutes.vocabulary import Decision
from tests.support.minutes_builders import STAFF, booked_session, built_minutes
from tests.support.signing_mail import tokens_by_recipient

NOW = datetime.now(UTC)
#: The default jurisdiction's signing window (DESIGN.md: signing_window_days 7).
WINDOW = timedelta(days=7)


def test_a_signing_link_lives_for_the_window_and_at_least_a_day() -> None:
    assert signing_link_expiry(NOW, WINDOW) == NOW + WINDOW
    assert signing_link_expiry(NOW, timedelta(0)) == NOW + SHORTEST_LINK_LIFE


async def test_a_signing_link_is_refused_once_its_window_has_ended(db) -> None:
    session = await booked_session("x1")
    minutes = await built_minutes(session, NOW)
    token = (await tokens_by_recipient(session.session_id))["px1@x.cn"]

    with pytest.raises(Unauthorized) as expired:
        await signing.record_signature_by_link(minutes.id, token, Decision.SIGN, None, NOW + WINDOW)
    assert (expired.value.code, expired.value.field) == ("token_expired", "token")
    just_in_time = NOW + WINDOW - timedelta(minutes=1)
    signed = await signing.record_signature_by_link(
        minutes.id, token, Decision.SIGN, None, just_in_time
    )
    assert len(signed.signatures) == 1


async def test_a_revoked_signing_link_is_refused(db) -> None:
    session = await booked_session("x2")
    minutes = await built_minutes(session, NOW)
    token = (await tokens_by_recipient(session.session_id))["px2@x.cn"]
    await revoke_link(STAFF, token, NOW)
    with pytest.raises(Unauthorized) as revoked:
        await signing.signing_page(token, NOW)
    assert (revoked.value.code, revoked.value.field) == ("token_revoked", "token")
    with pytest.raises(Unauthorized):
        await signing.record_signature_by_link(minutes.id, token, Decision.SIGN, None, NOW)
