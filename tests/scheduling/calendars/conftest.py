"""The calendar servers of these tests listen on loopback, which Concord refuses to fetch
unless an administrator allows it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.outbound import outbound_allowing


@pytest.fixture
def loopback_allowed() -> Iterator[None]:
    with outbound_allowing("127.0.0.0/8"):
        yield
