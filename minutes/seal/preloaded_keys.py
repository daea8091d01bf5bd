"""pyHanko's signer and in-process timestamp authority with their private keys parsed once.

pyHanko's ``SimpleSigner`` and ``DummyTimeStamper`` keep the key as DER and parse it again for
every signature; parsing an RSA key checks it, which costs tens of milliseconds, and sealing
signs four times (the seal, its size estimate and two timestamps). These classes parse the key
when first used and keep it, and otherwise sign exactly as pyHanko does.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property

from asn1crypto import cms, core
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pyhanko.sign import general
from pyhanko.sign.general import simple_cms_attribute
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.util import get_pyca_cryptography_hash


class PreloadedKeySigner(SimpleSigner):
    """A ``SimpleSigner`` that parses its key once; RSA (PKCS#1 v1.5) and ECDSA signatures are
    made with the kept key, any other mechanism by pyHanko as before."""

    @classmethod
    def of(cls, signer: SimpleSigner) -> PreloadedKeySigner:
        return cls(
            signing_cert=signer.signing_cert,
            signing_key=signer.signing_key,
            cert_registry=signer.cert_registry,
            signature_mechanism=signer.signature_mechanism,
        )

    @cached_property
    def private_key(self) -> PrivateKeyTypes:
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        key = self.private_key
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(hash_algorithm))
        signature: bytes = super().sign_raw(data, digest_algorithm)
        return signature


class PreloadedKeyTimeStamper(DummyTimeStamper):
    """The in-process timestamp authority, signing its tokens with a key parsed once."""

    @cached_property
    def private_key(self) -> PrivateKeyTypes:
        return serialization.load_der_private_key(self.tsa_key.dump(), password=None)

    def _sign_tst_info(
        self, tst_info_data: bytes, md_algorithm: str, dt: datetime
    ) -> tuple[bytes, cms.CMSAttributes]:
        # The signed attributes and signature of pyHanko's own implementation, but its
        # private key parsed once rather than for every token.
        key = self.private_key
        if not isinstance(key, RSAPrivateKey):
            raise NotImplementedError("the in-process timestamp authority signs with RSA only")
        digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
        digest.update(tst_info_data)
        signing_certificate = general.as_signing_certificate(self.tsa_cert)
        signed_attrs = cms.CMSAttributes(
            [
                _attribute("content_type", "tst_info"),
                _attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
                _attribute("signing_certificate", signing_certificate),
                _attribute("message_digest", digest.finalize()),
            ]
        )
        hash_algorithm = get_pyca_cryptography_hash(md_algorithm.upper())
        return key.sign(signed_attrs.dump(), PKCS1v15(), hash_algorithm), signed_attrs


def _attribute(name: str, value: object) -> cms.CMSAttribute:
    attribute: cms.CMSAttribute = simple_cms_attribute(name, value)  # type: ignore[no-untyped-call]
    return attribute
