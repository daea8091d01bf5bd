"""A development PKI for installations with no seal certificate configured.

A root CA issues the seal certificate and a timestamping certificate, and publishes a CRL, so
that a development seal carries the same kinds of validation data as a production one. The
files are generated once per data directory and reused, so PDFs sealed yesterday still
validate against today's certificate bundle.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_CERTIFICATE = "root-ca.pem"
ROOT_CRL = "root-ca.crl"
SEAL_PKCS12 = "seal.p12"
TSA_CERTIFICATE = "tsa.pem"
TSA_KEY = "tsa-key.pem"
_FILES = (ROOT_CERTIFICATE, ROOT_CRL, SEAL_PKCS12, TSA_CERTIFICATE, TSA_KEY)

#: Long enough that a development installation never sees its own PKI expire.
_ROOT_LIFETIME = timedelta(days=365 * 30)
_LEAF_LIFETIME = timedelta(days=365 * 20)


@dataclass(frozen=True)
class DevelopmentPki:
    root_certificate: x509.Certificate
    root_crl: x509.CertificateRevocationList
    #: The seal's key, certificate and chain, as a configured certificate would come.
    seal_pkcs12: bytes
    tsa_certificate: x509.Certificate
    tsa_key: rsa.RSAPrivateKey


def load_or_create(directory: Path, organization: str) -> DevelopmentPki:
    """The PKI kept in ``directory``, generated there first if it is not there yet."""
    if not _complete(directory):
        _create_atomically(directory, organization)
    return _load(directory)


def _complete(directory: Path) -> bool:
    return all((directory / name).is_file() for name in _FILES)


def _create_atomically(directory: Path, organization: str) -> None:
    # Two workers may start at once: each generates into a directory of its own and renames it
    # into place. The loser's rename fails because the winner's directory is there, and the
    # loser then reads the winner's files; nobody ever reads a half-written PKI.
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".pki-", dir=directory.parent))
    try:
        _write(staging, organization)
        try:
            staging.rename(directory)
        except OSError:
            if not _complete(directory):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write(directory: Path, organization: str) -> None:
    now = datetime.now(UTC) - timedelta(minutes=5)
    root_key = _new_key()
    root_name = _name(organization, "Concord development root CA")
    root = (
        _builder(root_name, root_name, root_key.public_key(), now, _ROOT_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), False)
        .sign(root_key, hashes.SHA256())
    )
    seal_key = _new_key()
    seal = _leaf(
        root, root_key, _name(organization, f"{organization} (development seal)"), seal_key, now
    ).add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
    tsa_key = _new_key()
    tsa = (
        _leaf(root, root_key, _name(organization, "Concord development TSA"), tsa_key, now)
        .add_extension(_key_usage(digital_signature=True), critical=True)
        # RFC 3161 §2.3: a TSA certificate carries timeStamping as its only, critical, EKU.
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    )
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root_name)
        .last_update(now)
        .next_update(now + _LEAF_LIFETIME)
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), False
        )
        .sign(root_key, hashes.SHA256())
    )
    seal_certificate = seal.sign(root_key, hashes.SHA256())
    _write_file(directory / ROOT_CERTIFICATE, root.public_bytes(serialization.Encoding.PEM))
    _write_file(directory / ROOT_CRL, crl.public_bytes(serialization.Encoding.DER))
    _write_file(
        directory / SEAL_PKCS12,
        pkcs12.serialize_key_and_certificates(
            b"seal", seal_key, seal_certificate, [root], serialization.NoEncryption()
        ),
        secret=True,
    )
    _write_file(
        directory / TSA_CERTIFICATE,
        tsa.sign(root_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM),
    )
    _write_file(
        directory / TSA_KEY,
        tsa_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        secret=True,
    )


def _load(directory: Path) -> DevelopmentPki:
    tsa_key = serialization.load_pem_private_key((directory / TSA_KEY).read_bytes(), None)
    if not isinstance(tsa_key, rsa.RSAPrivateKey):
        raise RuntimeError(f"{directory / TSA_KEY} is not the development TSA's RSA key")
    return DevelopmentPki(
        root_certificate=x509.load_pem_x509_certificate(
            (directory / ROOT_CERTIFICATE).read_bytes()
        ),
        root_crl=x509.load_der_x509_crl((directory / ROOT_CRL).read_bytes()),
        seal_pkcs12=(directory / SEAL_PKCS12).read_bytes(),
        tsa_certificate=x509.load_pem_x509_certificate((directory / TSA_CERTIFICATE).read_bytes()),
        tsa_key=tsa_key,
    )


def _new_key() -> rsa.RSAPrivateKey:
    # RSA, not ECDSA: pyHanko declares an ECDSA signature a PDF 2.0 feature (ISO 32002) and
    # raises the file's version, which PDF/A-3 (built on PDF 1.7) does not allow; and its
    # in-process timestamp authority signs with RSA only.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _write_file(path: Path, data: bytes, *, secret: bool = False) -> None:
    # Keys are created unreadable to others from the start, not narrowed after writing.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if secret else 0o644)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def _name(organization: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: rsa.RSAPublicKey,
    now: datetime,
    lifetime: timedelta,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + lifetime)
    )


def _leaf(
    root: x509.Certificate,
    root_key: rsa.RSAPrivateKey,
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    now: datetime,
) -> x509.CertificateBuilder:
    return (
        _builder(subject, root.subject, key.public_key(), now, _LEAF_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), False
        )
    )


def _key_usage(
    *,
    digital_signature: bool = False,
    content_commitment: bool = False,
    key_cert_sign: bool = False,
) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=content_commitment,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=key_cert_sign,
        crl_sign=key_cert_sign,
        encipher_only=False,
        decipher_only=False,
    )
