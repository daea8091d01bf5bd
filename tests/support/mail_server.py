"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for delivery tests."""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from core.outbox.mailer import SmtpMailer
from core.settings import Settings, get_settings
from tests.support.live_server import free_port


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    recipients: tuple[str, ...]
    message: EmailMessage
    raw: bytes
    login: str | None


@dataclass
class MailCollector:
    received: list[ReceivedMail] = field(default_factory=list)
    #: Recipients the server refuses with a 550 (a permanent failure).
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, _: Any):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = bytes(envelope.original_content or envelope.content)
        login = session.auth_data.login.decode() if session.authenticated else None
        self.received.append(
            ReceivedMail(
                mail_from=envelope.mail_from,
                recipients=tuple(envelope.rcpt_tos),
                message=message_from_bytes(raw, policy=default),
                raw=raw,
                login=login,
            )
        )
        return "250 Message accepted"

    def to(self, address: str) -> list[ReceivedMail]:
        return [mail for mail in self.received if address in mail.recipients]


@dataclass
class MailServer:
    """A running server and the settings that make Concord's mailer use it."""

    collector: MailCollector
    settings: Settings
    controller: Controller

    @property
    def mailer(self) -> SmtpMailer:
        return SmtpMailer(self.settings)

    def stop(self) -> None:
        self.controller.stop()


def start_plain_server() -> MailServer:
    collector = MailCollector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    settings = replace(get_settings(), smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")
    return MailServer(collector, settings, controller)


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "smtp.pem", directory / "smtp.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def start_starttls_server(directory: Path, username: str, password: str) -> MailServer:
    """A server that insists on STARTTLS and a login, as a real submission server does."""
    cert_path, key_path = self_signed_certificate(directory)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_path, key_path)

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any):
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            username.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False, auth_data=data)

    collector = MailCollector()
    port = free_port()
    controller = Controller(
        collector,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    controller.start()
    settings = replace(
        get_settings(),
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="starttls",
        smtp_username=username,
        smtp_password=password,
        smtp_ca_file=str(cert_path),
    )
    return MailServer(collector, settings, controller)


def running(server: MailServer) -> Iterator[MailServer]:
    try:
        yield server
    finally:
        server.stop()
