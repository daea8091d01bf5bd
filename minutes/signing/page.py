"""The page behind a signing link: the minutes to read and the buttons to sign or refuse.

Issue 13 grows it into the participant's own page (sessions, answers, minutes); the pieces it
shows are kept apart in the template so that it can.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import jinja2

from core.errors import DomainError

TEMPLATES_DIR = Path(__file__).parent / "templates"
DEFAULT_LOCALE = "zh-CN"

_LABELS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "heading": "笔录签署",
        "greeting": "{name}，您好",
        "version": "第 {version} 版",
        "sha256": "本版笔录的 SHA-256：",
        "download": "下载本版笔录（PDF）",
        "intro": "请先阅读笔录，然后签字确认，或者说明理由拒绝签字。您的答复只对应本版笔录。",
        "reason": "拒绝签字的理由（拒绝时必填）",
        "sign": "签字确认",
        "refuse": "拒绝签字",
        "recorded.sign": "谢谢，您的签字已记录。",
        "recorded.refuse": "您拒绝签字的决定及理由已记录，并将载入笔录。",
        "answered": "您已对本版笔录作出答复：",
        "decision.sign": "签字确认",
        "decision.refuse": "拒绝签字",
        "your_reason": "理由：",
        "superseded": "笔录已形成新的版本，本链接已失效。请使用新邮件中的链接阅读并签署新版本。",
        "sealed": "笔录已盖章归档，不再接受签字。",
        "problem": "您的答复未被记录：",
        "problem.already_answered": "您已对本版笔录作出答复，不能再次答复。",
        "problem.stale_version": "笔录已有更新的版本，本链接已失效。",
        "problem.refusal_reason_required": "拒绝签字须说明理由。",
        "problem.minutes_sealed": "笔录已盖章归档，不再接受签字。",
        "problem.not_a_signer": "旁听人不在笔录上签字。",
    },
    "en": {
        "heading": "Signing the minutes",
        "greeting": "Hello {name}",
        "version": "Version {version}",
        "sha256": "SHA-256 of this version:",
        "download": "Download this version of the minutes (PDF)",
        "intro": (
            "Please read the minutes, then sign them, or refuse to sign and give your reason. "
            "Your answer covers this version only."
        ),
        "reason": "Reason for refusing to sign (required when refusing)",
        "sign": "Sign",
        "refuse": "Refuse to sign",
        "recorded.sign": "Thank you: your signature is recorded.",
        "recorded.refuse": "Your refusal and its reason are recorded and will be printed in "
        "the minutes.",
        "answered": "You have answered for this version:",
        "decision.sign": "signed",
        "decision.refuse": "refused to sign",
        "your_reason": "Reason:",
        "superseded": (
            "A newer version of the minutes exists and this link no longer works. Use the link "
            "in the newer email to read and sign that version."
        ),
        "sealed": "The minutes are sealed: they take no more answers.",
        "problem": "Your answer was not recorded:",
        "problem.already_answered": "you have already answered for this version.",
        "problem.stale_version": "a newer version of the minutes exists; this link no longer "
        "works.",
        "problem.refusal_reason_required": "a refusal to sign needs its reason.",
        "problem.minutes_sealed": "the minutes are sealed.",
        "problem.not_a_signer": "observers do not sign the minutes.",
    },
}

environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class PageState(StrEnum):
    #: The version is the current one and its person has not answered: the form is shown.
    OPEN = "open"
    ANSWERED = "answered"
    #: An answer was recorded just now.
    RECORDED = "recorded"
    SUPERSEDED = "superseded"
    SEALED = "sealed"


@dataclass(frozen=True)
class SigningPage:
    locale: str
    person_name: str
    session_title: str
    version: int
    version_sha256: str
    pdf_url: str
    #: Where the form posts its answer to.
    action_url: str
    state: PageState
    #: The person's answer for this version, once given.
    decision: str | None = None
    reason: str | None = None
    #: Why the answer just sent was not recorded.
    problem: DomainError | None = None


def render_signing_page(page: SigningPage) -> str:
    locale = page.locale if page.locale in _LABELS else DEFAULT_LOCALE
    labels = _LABELS[locale]
    problem = page.problem
    return environment.get_template("signing_page.html").render(
        locale=locale,
        label=labels,
        page=page,
        greeting=labels["greeting"].format(name=page.person_name),
        version=labels["version"].format(version=page.version),
        problem=None if problem is None else labels.get(f"problem.{problem.code}", problem.message),
    )
