"""What each step of the proceedings is called, in the locales a session can have."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from hearing.proceedings.procedure import ProcedureStep

_S = ProcedureStep
_TITLES: Mapping[str, Mapping[ProcedureStep, str]] = MappingProxyType(
    {
        "zh-CN": MappingProxyType(
            {
                _S.IDENTITIES_CHECKED: "核对身份",
                _S.MATTER_AND_PANEL_ANNOUNCED: "宣布事项及听证员",
                _S.RECUSAL_ASKED: "询问是否申请回避",
                _S.RIGHTS_READ: "告知权利义务",
                _S.PETITIONER_STATES: "信访人陈述",
                _S.DEPARTMENT_STATES: "责任单位陈述",
                _S.CROSS_EXAMINATION: "质证辩论",
                _S.FINAL_STATEMENTS: "最后陈述",
                _S.PANEL_DELIBERATES: "听证员评议",
                _S.CONCLUSION: "宣布听证结论",
                _S.CONSENT: "征询调解意愿",
                _S.PARTIES_STATE: "当事人陈述",
                _S.FACILITATED_NEGOTIATION: "协商调解",
                _S.AGREEMENT_OR_NONE: "达成协议或终止调解",
                _S.DEPARTMENTS_RESPOND: "各责任单位答复",
                _S.JOINT_REPLY: "联合答复",
                _S.MATTER_PRESENTED: "介绍信访事项",
                _S.EVALUATORS_QUESTION: "评议员询问",
                _S.EVALUATION: "评议意见",
            }
        ),
        "en": MappingProxyType(
            {
                _S.IDENTITIES_CHECKED: "Identities checked",
                _S.MATTER_AND_PANEL_ANNOUNCED: "Matter and panel announced",
                _S.RECUSAL_ASKED: "Recusal asked",
                _S.RIGHTS_READ: "Rights read",
                _S.PETITIONER_STATES: "Petitioner states",
                _S.DEPARTMENT_STATES: "Department states",
                _S.CROSS_EXAMINATION: "Cross-examination",
                _S.FINAL_STATEMENTS: "Final statements",
                _S.PANEL_DELIBERATES: "Panel deliberates",
                _S.CONCLUSION: "Conclusion",
                _S.CONSENT: "Consent to mediation",
                _S.PARTIES_STATE: "Parties state",
                _S.FACILITATED_NEGOTIATION: "Facilitated negotiation",
                _S.AGREEMENT_OR_NONE: "Agreement or none",
                _S.DEPARTMENTS_RESPOND: "Departments respond",
                _S.JOINT_REPLY: "Joint reply",
                _S.MATTER_PRESENTED: "Matter presented",
                _S.EVALUATORS_QUESTION: "Evaluators question",
                _S.EVALUATION: "Evaluation",
            }
        ),
    }
)


def step_title(step: str, locale: str) -> str:
    """The step's title in ``locale``; a locale without titles reads them in Chinese."""
    titles = _TITLES.get(locale, _TITLES["zh-CN"])
    return titles[ProcedureStep(step)]
