"""The institution's signing identity: its seal certificate, its timestamp authority, and what
a validator must trust to check a sealed PDF.

Configured by ``CONCORD_SEAL_CERTIFICATE`` (PKCS#12) and ``CONCORD_TSA_URL``; without them a
development PKI under ``<data_dir>/pki/`` stands in, and a local timestamp authority signs with
its timestamping certificate in process, so nothing leaves the machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from core.outbound import OutboundPolicy
from core.settings import Settings, get_settings
from minutes.seal import development_pki
from minutes.seal.guarded_timestamper import GuardedTimeStamper
from minutes.seal.preloaded_keys import PreloadedKeySigner, PreloadedKeyTimeStamper


@dataclass(frozen=True)
class Institution:
    #: The issuing body, as the visible seal prints it.
    name: str
    signer: SimpleSigner
    timestamper: TimeStamper
    #: The anchors of the seal's chain and of the timestamp authority's chain.
    trust_roots: tuple[asn1_x509.Certificate, ...]
    #: Every other certificate of both chains (so paths build with nothing fetched).
    other_certs: tuple[asn1_x509.Certificate, ...]
    #: Revocation lists known up front (the development root's); embedded when sealing.
    crls: tuple[asn1_crl.CertificateList, ...]
    is_development: bool
    #: Whether sealing may fetch revocation data (a real CA publishes it; ours is on disk).
    fetches_revocation: bool

    @property
    def trusted_pem(self) -> bytes:
        """The certificates a validator trusts, as a PEM bundle (anchors first)."""
        return b"".join(
            pem.armor("CERTIFICATE", certificate.dump())
            for certificate in _unique(self.trust_roots + self.other_certs)
        )

    def validation_context(self) -> ValidationContext:
        """What sealing validates the chains with, to collect the data it embeds."""
        return ValidationContext(
            trust_roots=list(self.trust_roots),
            other_certs=list(self.other_certs),
            crls=list(self.crls),
            allow_fetching=self.fetches_revocation,
            revocation_mode="hard-fail",
        )


@cache
def institution() -> Institution:
    """This process's signing identity; the development PKI is made on first use."""
    return load_institution(get_settings())


def load_institution(settings: Settings) -> Institution:
    development = _development_pki(settings) if not settings.seal_certificate else None
    if development is not None:
        loaded = SimpleSigner.load_pkcs12_data(development.seal_pkcs12, other_certs=())
    else:
        loaded = SimpleSigner.load_pkcs12_data(
            Path(settings.seal_certificate).read_bytes(),
            other_certs=(),
            passphrase=settings.seal_password.encode() or None,
        )
    signer = PreloadedKeySigner.of(loaded)
    seal_chain = [signer.signing_cert, *signer.cert_registry]
    timestamper, tsa_chain, crls = _timestamp_authority(settings, development)
    if development is not None:
        crls.append(_asn1_crl(development))
    roots = _anchors(seal_chain) + _anchors(tsa_chain)
    return Institution(
        name=settings.seal_display_name,
        signer=signer,
        timestamper=timestamper,
        trust_roots=tuple(_unique(roots)),
        other_certs=tuple(c for c in _unique(seal_chain + tsa_chain) if c not in roots),
        crls=tuple(crls),
        is_development=development is not None,
        fetches_revocation=bool(settings.seal_certificate),
    )


def _development_pki(settings: Settings) -> development_pki.DevelopmentPki:
    return development_pki.load_or_create(settings.pki_dir, settings.seal_display_name)


def _timestamp_authority(
    settings: Settings, development: development_pki.DevelopmentPki | None
) -> tuple[TimeStamper, list[asn1_x509.Certificate], list[asn1_crl.CertificateList]]:
    if settings.tsa_url:
        chain = (
            list(load_certs_from_pemder_data(Path(settings.tsa_certificates).read_bytes()))
            if settings.tsa_certificates
            else []
        )
        remote = GuardedTimeStamper(settings.tsa_url, OutboundPolicy.from_settings(settings))
        return remote, chain, []
    # A configured seal without a TSA still gets timestamps, from the development TSA.
    local = development or _development_pki(settings)
    tsa_certificate = translate_pyca_cryptography_cert_to_asn1(local.tsa_certificate)
    root = translate_pyca_cryptography_cert_to_asn1(local.root_certificate)
    key = translate_pyca_cryptography_key_to_asn1(local.tsa_key)
    stamper = PreloadedKeyTimeStamper(
        tsa_cert=tsa_certificate,
        tsa_key=key,
        certs_to_embed=SimpleCertificateStore.from_certs([root]),  # type: ignore[no-untyped-call]
    )
    crls = [] if development is not None else [_asn1_crl(local)]
    return stamper, [tsa_certificate, root], crls


def _asn1_crl(pki: development_pki.DevelopmentPki) -> asn1_crl.CertificateList:
    return asn1_crl.CertificateList.load(pki.root_crl.public_bytes(serialization.Encoding.DER))


def _anchors(chain: list[asn1_x509.Certificate]) -> list[asn1_x509.Certificate]:
    """The self-signed certificates of a chain, or its top one if it stops below the root."""
    roots = [c for c in chain if c.self_signed != "no"]
    return roots or chain[-1:]


def _unique(
    certificates: tuple[asn1_x509.Certificate, ...] | list[asn1_x509.Certificate],
) -> list[asn1_x509.Certificate]:
    seen: set[bytes] = set()
    unique = []
    for certificate in certificates:
        if certificate.sha256 not in seen:
            seen.add(certificate.sha256)
            unique.append(certificate)
    return unique
