"""Sending one message over SMTP (host, port, TLS and credentials from settings)."""

from __future__ import annotations

import smtplib
import ssl

from core.db import in_thread
from core.outbox.service import SendFailure
from core.settings import Settings


class SmtpMailer:
    """Opens a connection per message: mail volumes are small and a fresh connection never
    inherits a half-broken session."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, message: bytes, recipient: str) -> None:
        await in_thread(self._send, message, recipient)

    def _tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.smtp_ca_file or None)

    def _send(self, message: bytes, recipient: str) -> None:
        settings = self.settings
        try:
            client = (
                smtplib.SMTP_SSL(
                    settings.smtp_host,
                    settings.smtp_port,
                    timeout=settings.smtp_timeout_seconds,
                    context=self._tls_context(),
                )
                if settings.smtp_security == "ssl"
                else smtplib.SMTP(
                    settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
                )
            )
            with client:
                if settings.smtp_security == "starttls":
                    client.starttls(context=self._tls_context())
                if settings.smtp_username:
                    client.login(settings.smtp_username, settings.smtp_password)
                client.sendmail(settings.sender_address, [recipient], message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise SendFailure(f"{code} {text!r}", permanent=code >= 500) from exc
        except smtplib.SMTPDataError as exc:
            raise SendFailure(
                f"{exc.smtp_code} {exc.smtp_error!r}", permanent=exc.smtp_code >= 500
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Refused logins and senders are the server's settings, not this message: retry.
            raise SendFailure(f"{type(exc).__name__}: {exc}", permanent=False) from exc
