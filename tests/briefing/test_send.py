"""`python -m briefing send` delivers the pack to a real SMTP server started on localhost (aiosmtpd),
with settings from the environment or from `.streamlit/secrets.toml`."""
from __future__ import annotations

import email
import os
import socket
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from briefing.mail import MailError, smtp_settings

ROOT = Path(__file__).resolve().parents[2]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_send_mails_the_pack(smtp_server, demo_url, tmp_path):
    controller, inbox = smtp_server
    env = {**os.environ, "DATABASE_URL": demo_url, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port),
           "SMTP_FROM": "ttdh@example.gov.vn"}
    r = subprocess.run([sys.executable, "-m", "briefing", "send", "--to", "lanhdao@example.gov.vn",
                        "--month", "2026-10", "--scope", "agency:68", "--format", "xlsx", "--out", str(tmp_path)],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    [(sender, rcpts, raw)] = inbox.messages
    assert sender == "ttdh@example.gov.vn" and rcpts == ["lanhdao@example.gov.vn"]
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["Subject"] == "Báo cáo Chính phủ điện tử 10/2026 · Lâm Đồng"
    attachments = {part.get_filename(): part.get_content() for part in msg.iter_attachments()}
    assert list(attachments) == ["bao-cao-2026-10-agency-68.xlsx"]
    assert attachments["bao-cao-2026-10-agency-68.xlsx"] == (tmp_path / "bao-cao-2026-10-agency-68.xlsx").read_bytes()
    assert "Dữ liệu minh họa" in msg.get_body(("plain",)).get_content()


def test_send_without_settings_is_one_line_error(demo_url, tmp_path):
    if (ROOT / ".streamlit" / "secrets.toml").exists():
        pytest.skip("a local secrets.toml configures SMTP")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMTP_")}
    env["DATABASE_URL"] = demo_url
    r = subprocess.run([sys.executable, "-m", "briefing", "send", "--to", "a@example.gov.vn", "--month", "2026-10",
                        "--format", "xlsx"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert r.returncode == 1 and r.stderr.startswith("error: no SMTP server configured") and r.stderr.count("\n") == 1


def test_settings_from_secrets_file_and_environment(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[smtp]\nhost = "mail.example.gov.vn"\nsender = "ttdh@example.gov.vn"\nstarttls = true\n'
                       'user = "ttdh"\npassword = "s3cret"\n', encoding="utf-8")
    for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM", "SMTP_STARTTLS", "SMTP_SSL"):
        monkeypatch.delenv(k, raising=False)
    s = smtp_settings(secrets)
    assert (s.host, s.port, s.starttls, s.user, s.sender) == ("mail.example.gov.vn", 587, True, "ttdh", "ttdh@example.gov.vn")
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", "2525")
    s = smtp_settings(secrets)  # the environment wins
    assert (s.host, s.port) == ("127.0.0.1", 2525)
    with pytest.raises(MailError, match="no SMTP server configured"):  # a host but no sender
        smtp_settings(tmp_path / "absent.toml")
