"""The seal's signer and the local timestamp authority parse their private keys once, and their
signatures still verify against their certificates."""

from __future__ import annotations

import asyncio
import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from pyhanko.sign.validation.generic_cms import validate_sig_integrity

from core.settings import Settings
from minutes.seal.institution import load_institution
from minutes.seal.preloaded_keys import PreloadedKeySigner, PreloadedKeyTimeStamper


@pytest.fixture
def key_loads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every private key the two classes parse, as DER."""
    loads: list[bytes] = []
    parse = serialization.load_der_private_key

    def counting(data: bytes, password: bytes | None) -> object:
        loads.append(data)
        return parse(data, password)

    # The one module object pyHanko and preloaded_keys both call through.
    monkeypatch.setattr(serialization, "load_der_private_key", counting)
    return loads


def test_the_seal_signer_parses_its_key_once_and_signs_verifiably(tmp_path, key_loads) -> None:
    signer = load_institution(Settings(data_dir=tmp_path)).signer
    assert isinstance(signer, PreloadedKeySigner)
    certificate = signer.signing_cert
    assert certificate is not None

    public_key = x509.load_der_x509_certificate(certificate.dump()).public_key()
    assert isinstance(public_key, RSAPublicKey)

    for document in (b"first", b"second", b"third"):
        signature = signer.sign_raw(document, "sha256")
        public_key.verify(signature, document, PKCS1v15(), SHA256())  # raises if it does not
    assert len(key_loads) == 1


def test_the_local_timestamp_authority_parses_its_key_once_and_its_tokens_verify(
    tmp_path, key_loads
) -> None:
    stamper = load_institution(Settings(data_dir=tmp_path)).timestamper
    assert isinstance(stamper, PreloadedKeyTimeStamper)

    for document in (b"first", b"second", b"third"):
        digest = hashlib.sha256(document).digest()
        token = asyncio.run(stamper.async_timestamp(digest, "sha256"))
        signed_data = token["content"]
        tst_info = signed_data["encap_content_info"]["content"].parsed
        assert tst_info["message_imprint"]["hashed_message"].native == digest
        [signer_info] = signed_data["signer_infos"]
        content = signed_data["encap_content_info"]["content"].contents
        intact, valid = validate_sig_integrity(
            signer_info, stamper.tsa_cert, "tst_info", hashlib.sha256(content).digest()
        )
        assert (intact, valid) == (True, True)
    assert len(key_loads) == 1
