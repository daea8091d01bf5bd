"""The key that signs links: configured, or generated once per data directory; never the
development constant that used to be in the source."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core import signing
from core.errors import Unauthorized
from core.secret_key import KEY_FILE_NAME, configured_or_stored_secret_key
from core.settings import get_settings

#: The constant development key earlier versions signed every link with, as published.
OLD_DEVELOPMENT_KEY = "concord-development-secret-do-not-use-in-production"


def test_a_key_is_generated_once_private_to_the_owner_and_then_reused(tmp_path: Path) -> None:
    first = configured_or_stored_secret_key("", tmp_path, may_generate=True)
    again = configured_or_stored_secret_key("", tmp_path, may_generate=True)
    key_file = tmp_path / KEY_FILE_NAME
    assert first == again == key_file.read_text().strip()
    assert len(first) >= 60
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert configured_or_stored_secret_key("", tmp_path / "other", may_generate=True) != first


def test_workers_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(
            pool.map(
                lambda _: configured_or_stored_secret_key("", tmp_path, may_generate=True),
                range(32),
            )
        )
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == [KEY_FILE_NAME], "no drafts left behind"


def test_a_configured_key_wins_and_production_needs_one_or_the_file(tmp_path: Path) -> None:
    assert configured_or_stored_secret_key("k" * 40, tmp_path, may_generate=True) == "k" * 40
    assert not (tmp_path / KEY_FILE_NAME).exists()
    with pytest.raises(RuntimeError, match="CONCORD_SECRET_KEY"):
        configured_or_stored_secret_key("", tmp_path, may_generate=False)
    stored = configured_or_stored_secret_key("", tmp_path, may_generate=True)
    assert configured_or_stored_secret_key("", tmp_path, may_generate=False) == stored


def test_the_published_development_key_is_refused_as_a_setting(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="published"):
        configured_or_stored_secret_key(OLD_DEVELOPMENT_KEY, tmp_path, may_generate=True)


def test_the_running_settings_sign_with_the_configured_or_generated_key() -> None:
    settings = get_settings()
    configured = os.environ.get("CONCORD_SECRET_KEY", "").strip()
    stored = settings.data_dir / KEY_FILE_NAME
    expected = configured or stored.read_text().strip()
    assert settings.secret_key == expected != OLD_DEVELOPMENT_KEY


def _forged(payload: str, key: str) -> str:
    data = payload.encode()
    mac = hmac.new(key.encode(), data, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(data + mac).decode().rstrip("=")


def test_a_token_forged_with_the_old_development_key_is_refused() -> None:
    now = datetime.now(UTC)
    expires = int((now + timedelta(days=1)).timestamp())
    forgeries = [
        # The old format (no expiry), as an attacker with the old source would write it.
        _forged(
            "rsvp:00000000-0000-0000-0000-000000000001:00000000-0000-0000-0000-000000000002",
            OLD_DEVELOPMENT_KEY,
        ),
        # The current format, signed with the old key.
        _forged(f"2|rsvp|abc|{expires}|s:p", OLD_DEVELOPMENT_KEY),
    ]
    for token in forgeries:
        with pytest.raises(Unauthorized) as refused:
            signing.read(token, "rsvp", now)
        assert (refused.value.code, refused.value.field) == ("invalid_token", "token")
