"""The institution's signing identity: development by default, a configured PKCS#12 otherwise."""

from __future__ import annotations

from dataclasses import replace

from asn1crypto import pem
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from core.settings import Settings
from minutes.seal.development_pki import SEAL_PKCS12, load_or_create
from minutes.seal.guarded_timestamper import GuardedTimeStamper
from minutes.seal.institution import institution, load_institution


def test_with_nothing_configured_the_seal_is_a_development_one_with_a_local_tsa() -> None:
    seal = institution()
    assert seal.is_development is True
    assert isinstance(seal.timestamper, DummyTimeStamper)
    assert seal.fetches_revocation is False
    assert [root.subject.native["common_name"] for root in seal.trust_roots] == [
        "Concord development root CA"
    ]
    assert seal.crls, "the development root's CRL is there to embed"
    bundle = [der for _, _, der in pem.unarmor(seal.trusted_pem, multiple=True)]
    assert seal.signer.signing_cert.dump() in bundle
    assert seal.timestamper.tsa_cert.dump() in bundle


def test_a_configured_pkcs12_seal_is_not_a_development_one(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, jurisdiction_name="某市信访局")
    configured = tmp_path / "configured"
    load_or_create(configured, "某市信访局")
    seal = load_institution(replace(settings, seal_certificate=str(configured / SEAL_PKCS12)))
    assert seal.is_development is False
    assert seal.fetches_revocation is True
    assert seal.name == "某市信访局"
    # Without a TSA URL the local one still stamps the time.
    assert isinstance(seal.timestamper, DummyTimeStamper)


def test_a_tsa_url_and_a_seal_name_are_taken_from_the_settings(tmp_path) -> None:
    settings = Settings(
        data_dir=tmp_path, seal_name="某市人民政府信访局", tsa_url="http://tsa.example/tsr"
    )
    seal = load_institution(settings)
    assert isinstance(seal.timestamper, GuardedTimeStamper)
    assert seal.timestamper.url == "http://tsa.example/tsr"
    assert seal.name == "某市人民政府信访局"
