"""The development PKI: generated once, atomically, with private keys and proper usages."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from minutes.seal import development_pki
from minutes.seal.development_pki import SEAL_PKCS12, TSA_KEY, load_or_create


def test_keys_are_readable_by_the_owner_only(tmp_path) -> None:
    directory = tmp_path / "pki"
    load_or_create(directory, "某市信访局")
    for name in (SEAL_PKCS12, TSA_KEY):
        assert stat.S_IMODE((directory / name).stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pki-")]


def test_the_certificates_carry_the_usages_their_jobs_need(tmp_path) -> None:
    pki = load_or_create(tmp_path / "pki", "某市信访局")
    _, seal, chain = pkcs12.load_key_and_certificates(pki.seal_pkcs12, None)
    assert seal is not None and chain == [pki.root_certificate]
    usage = seal.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    seal.verify_directly_issued_by(pki.root_certificate)

    tsa_usage = pki.tsa_certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert tsa_usage.critical
    assert list(tsa_usage.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    pki.tsa_certificate.verify_directly_issued_by(pki.root_certificate)

    assert pki.root_crl.issuer == pki.root_certificate.subject
    assert pki.root_crl.is_signature_valid(pki.root_certificate.public_key())
    assert seal.subject.rfc4514_string().startswith("CN=某市信访局 (development seal)")


def test_an_existing_pki_is_reused_not_replaced(tmp_path) -> None:
    first = load_or_create(tmp_path / "pki", "A")
    again = load_or_create(tmp_path / "pki", "B")
    assert again.root_certificate == first.root_certificate
    assert again.seal_pkcs12 == first.seal_pkcs12


def test_workers_starting_at_once_all_end_up_with_the_same_pki(tmp_path) -> None:
    directory = tmp_path / "pki"
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: load_or_create(directory, "X"), range(3)))
    on_disk = load_or_create(directory, "X")
    assert {r.root_certificate for r in results} == {on_disk.root_certificate}
    assert {r.seal_pkcs12 for r in results} == {on_disk.seal_pkcs12}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pki-")]


def test_a_worker_that_loses_the_race_keeps_the_winner_s_pki(tmp_path) -> None:
    directory = tmp_path / "pki"
    winner = load_or_create(directory, "X")
    # What a worker that found no PKI does once its own is generated: the rename must fail.
    development_pki._create_atomically(directory, "X")
    assert load_or_create(directory, "X").seal_pkcs12 == winner.seal_pkcs12
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pki-")]
