"""`concord outbox send` sends the demo's queued mail (invitations, signing requests) through the
configured server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.mail_server import MailServer

CONCORD = [sys.executable, "-c", "import sys, cli; sys.exit(cli.main())"]


def concord(arguments: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CONCORD, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )


def test_the_demo_s_invitations_are_sent_once_from_the_command_line(
    tmp_path, mail_server: MailServer
) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CONCORD_") and key != "DATABASE_URL"
    }
    env["CONCORD_DATA_DIR"] = str(tmp_path)
    assert concord(["demo"], env).returncode == 0

    refused = concord(["outbox", "send"], env)
    assert refused.returncode == 2
    assert "CONCORD_SMTP_HOST" in refused.stderr

    env |= {
        "CONCORD_SMTP_HOST": "127.0.0.1",
        "CONCORD_SMTP_PORT": str(mail_server.settings.smtp_port),
        "CONCORD_SMTP_SECURITY": "none",
    }
    sent = concord(["outbox", "send"], env)
    assert sent.returncode == 0, sent.stderr
    received = mail_server.collector.received
    assert f"{len(received)} sent, 0 to retry, 0 failed" in sent.stdout
    # The demo's invitations carry their calendar; its minutes waiting for signatures send
    # signing requests (text and HTML, no calendar).
    kinds = {mail.message.get_content_type() for mail in received}
    assert kinds <= {"multipart/mixed", "multipart/alternative"}, kinds
    invitations = [
        mail for mail in received if mail.message.get_content_type() == "multipart/mixed"
    ]
    assert len(invitations) >= 8
    assert all(
        any(part.get_content_type() == "text/calendar" for part in mail.message.walk())
        for mail in invitations
    )

    again = concord(["outbox", "send"], env)
    assert "0 sent" in again.stdout
    assert len(mail_server.collector.received) == len(received)
