"""The pages' label catalogs: the same keys in every language, and every label a template
names is in them (StrictUndefined would otherwise fail the page at run time)."""

from __future__ import annotations

import re

from hearing.cases.clock import Light
from hearing.vocabulary import SessionKind
from ui.i18n import LANGUAGES, choose_language, labels
from ui.render import TEMPLATES

_NAMED_LABEL = re.compile(r"\bt\.(\w+)|\bt\[\"(\w+)\"\]")


def test_every_language_has_the_same_labels() -> None:
    keys = {language: set(labels(language)) for language in LANGUAGES}
    assert keys["zh-CN"] == keys["en"]
    assert all(value.strip() for language in LANGUAGES for value in labels(language).values())


def test_every_label_a_template_names_is_in_the_catalog() -> None:
    named = {
        a or b
        for template in TEMPLATES.rglob("*.html")
        for a, b in _NAMED_LABEL.findall(template.read_text("utf-8"))
    }
    assert named, "no labels found: the pattern is out of date"
    assert named - {"get"} <= set(labels("en"))


def test_every_session_kind_and_case_light_on_the_dashboard_has_a_label() -> None:
    needed = {f"kind_{kind}" for kind in SessionKind} | {
        f"light_{light}" for light in Light if light is not Light.CLOSED
    }
    assert needed <= set(labels("en"))


def test_the_switch_wins_over_the_account_locale_and_unknown_ones_fall_back() -> None:
    assert choose_language("en", "zh-CN") == "en"
    assert choose_language(None, "en-GB") == "en"
    assert choose_language("fr", None) == "zh-CN"
    assert choose_language(None, "zh_TW") == "zh-CN"
