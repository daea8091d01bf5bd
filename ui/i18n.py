"""Which language a page speaks, and its labels from one JSON catalog per language."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"
#: Set by the language switch; it outranks the account's locale until the browser forgets it.
LANGUAGE_COOKIE = "lang"
CATALOGS = Path(__file__).parent / "catalogs"


def supported_language(locale: str | None) -> str | None:
    """The page language for a locale such as ``en-GB`` or ``zh_CN``, if Concord speaks it."""
    if not locale:
        return None
    if locale.lower().startswith("en"):
        return "en"
    if locale.lower().startswith("zh"):
        return "zh-CN"
    return None


def choose_language(chosen: str | None, account_locale: str | None) -> str:
    return supported_language(chosen) or supported_language(account_locale) or DEFAULT_LANGUAGE


@cache
def labels(language: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((CATALOGS / f"{language}.json").read_text("utf-8"))
    return loaded


def babel_locale(language: str) -> str:
    return language.replace("-", "_")
