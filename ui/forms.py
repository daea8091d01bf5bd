"""What every form of the pages posts besides its own fields."""

from __future__ import annotations

import msgspec

from ui.csrf import CSRF_FIELD


class PageForm(msgspec.Struct):
    """Base of the pages' form bodies: the CSRF middleware has checked the token before the
    handler runs; it is declared so the strict form decoding knows the field."""

    csrf_token: str = msgspec.field(default="", name=CSRF_FIELD)
