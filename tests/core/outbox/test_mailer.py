"""Sending through a real SMTP server on loopback: plain, STARTTLS with a login, refusals."""

from __future__ import annotations

from dataclasses import replace
from email.message import EmailMessage
from email.policy import SMTP

import pytest

from core.outbox.mailer import SmtpMailer
from core.outbox.service import SendFailure
from tests.support.live_server import free_port
from tests.support.mail_server import running, start_starttls_server


def mail() -> bytes:
    message = EmailMessage()
    message["Subject"] = "会议通知"
    message["From"] = "petitions@concord.example"
    message["To"] = "zhang@example.cn"
    message.set_content("你好", cte="base64")
    return message.as_bytes(policy=SMTP)


async def test_a_message_arrives_with_the_configured_envelope(mail_server) -> None:
    await mail_server.mailer.send(mail(), "zhang@example.cn")
    [received] = mail_server.collector.received
    assert received.recipients == ("zhang@example.cn",)
    assert received.mail_from == mail_server.settings.sender_address
    assert received.message["Subject"] == "会议通知"
    assert received.message.get_content().strip() == "你好"


async def test_starttls_and_login_are_used_when_configured(tmp_path) -> None:
    for server in running(start_starttls_server(tmp_path, "concord", "s3cret")):
        await server.mailer.send(mail(), "zhang@example.cn")
        [received] = server.collector.received
        assert received.login == "concord"

        wrong = SmtpMailer(replace(server.settings, smtp_password="wrong"))
        with pytest.raises(SendFailure) as refused:
            await wrong.send(mail(), "zhang@example.cn")
        assert refused.value.permanent is False
        untrusted = SmtpMailer(replace(server.settings, smtp_ca_file=""))
        with pytest.raises(SendFailure, match="CERTIFICATE_VERIFY_FAILED"):
            await untrusted.send(mail(), "zhang@example.cn")
        assert len(server.collector.received) == 1


async def test_a_refused_mailbox_is_a_permanent_failure(mail_server) -> None:
    mail_server.collector.refuse.add("gone@example.cn")
    with pytest.raises(SendFailure) as refused:
        await mail_server.mailer.send(mail(), "gone@example.cn")
    assert refused.value.permanent is True
    assert "550" in str(refused.value)


async def test_a_server_that_is_down_is_a_temporary_failure(mail_server) -> None:
    nobody = SmtpMailer(replace(mail_server.settings, smtp_port=free_port()))
    with pytest.raises(SendFailure) as failed:
        await nobody.send(mail(), "zhang@example.cn")
    assert failed.value.permanent is False
