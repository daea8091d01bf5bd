"""Whether a seal still holds long after its certificates expired: PAdES-LTA validation from
the file's own validation data and timestamps, as pyHanko's AdES validator performs it."""

from __future__ import annotations

import asyncio
from datetime import datetime

from pyhanko.sign.ades.report import AdESStatus
from pyhanko.sign.validation import EmbeddedPdfSignature
from pyhanko.sign.validation.ades import (
    ades_lta_validation,
    simulate_future_ades_lta_validation,
)
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)
from pyhanko_certvalidator.registry import SimpleTrustManager

from minutes.seal.institution import institution


def lta_spec() -> PdfSignatureValidationSpec:
    """PAdES-LTA validation trusting only the institution's roots, demanding revocation data
    for every certificate and fetching nothing: the file must carry what it needs."""
    revocation_required = RevocationCheckingPolicy(
        ee_certificate_rule=RevocationCheckingRule.CRL_OR_OCSP_REQUIRED,
        intermediate_ca_cert_rule=RevocationCheckingRule.CRL_OR_OCSP_REQUIRED,
    )
    return PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=CertValidationPolicySpec(
                trust_manager=SimpleTrustManager.build(trust_roots=institution().trust_roots),
                revinfo_policy=CertRevTrustPolicy(revocation_required),
            ),
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
            ),
        )
    )


def holds_long_term(seal: EmbeddedPdfSignature, as_of: datetime | None = None) -> bool:
    """The seal passes PAdES-LTA validation now (or as of ``as_of``), whatever has expired
    since it was made (blocking: call it off the event loop)."""
    if as_of is None:
        result = asyncio.run(ades_lta_validation(seal, lta_spec()))
    else:
        result = asyncio.run(simulate_future_ades_lta_validation(seal, lta_spec(), as_of))
    return bool(result.ades_subindic.status == AdESStatus.PASSED)
