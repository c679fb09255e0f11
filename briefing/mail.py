"""Mailing a pack through the SMTP server in the settings.

Settings come from environment variables, else from `.streamlit/secrets.toml` section `[smtp]`:
SMTP_HOST (host), SMTP_PORT (port; default 587 with STARTTLS, 465 with SSL, else 25), SMTP_USER
(user), SMTP_PASSWORD (password), SMTP_FROM (sender), SMTP_STARTTLS (starttls, 1/0), SMTP_SSL (ssl, 1/0).
"""
from __future__ import annotations

import mimetypes
import os
import smtplib
import tomllib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

SECRETS = Path(__file__).resolve().parent.parent / ".streamlit" / "secrets.toml"
KEYS = ("host", "port", "user", "password", "sender", "starttls", "ssl")
ENV = {"host": "SMTP_HOST", "port": "SMTP_PORT", "user": "SMTP_USER", "password": "SMTP_PASSWORD",
       "sender": "SMTP_FROM", "starttls": "SMTP_STARTTLS", "ssl": "SMTP_SSL"}


class MailError(RuntimeError):
    """Missing settings or a refused delivery, in one line."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    ssl: bool = False


def _flag(v) -> bool:
    return str(v).strip().lower() in ("1", "true", "yes", "on")


def smtp_settings(secrets_path: Path | None = None) -> SmtpSettings:
    """Environment first, then `[smtp]` of the secrets file; MailError when no host or sender is set."""
    values = {}
    path = secrets_path or SECRETS
    if path.exists():
        with path.open("rb") as fh:
            values.update({k: v for k, v in tomllib.load(fh).get("smtp", {}).items() if k in KEYS})
    values.update({k: os.environ[e] for k, e in ENV.items() if os.environ.get(e)})
    if not values.get("host") or not values.get("sender"):
        raise MailError("no SMTP server configured: set SMTP_HOST and SMTP_FROM (or [smtp] host and sender "
                        "in .streamlit/secrets.toml)")
    ssl, starttls = _flag(values.get("ssl", False)), _flag(values.get("starttls", False))
    port = int(values.get("port") or (465 if ssl else 587 if starttls else 25))
    return SmtpSettings(str(values["host"]), port, str(values["sender"]), values.get("user") or None,
                        values.get("password") or None, starttls, ssl)


def send_files(settings: SmtpSettings, to: list[str], subject: str, body: str, files: list[Path]) -> None:
    """One message with the files attached, to every address in `to`."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = settings.sender, ", ".join(to), subject
    msg.set_content(body)
    for path in files:
        ctype, _ = mimetypes.guess_type(path.name)
        maintype, subtype = (ctype or "application/octet-stream").split("/", 1)
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    client = smtplib.SMTP_SSL if settings.ssl else smtplib.SMTP
    try:
        with client(settings.host, settings.port, timeout=30) as smtp:
            if settings.starttls and not settings.ssl:
                smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as e:
        raise MailError(f"mail to {', '.join(to)} via {settings.host}:{settings.port} failed: {e}") from None
