"""E-mail notices of explanation requests, built without Streamlit: who is told of each step and
what the message says. Sending is optional and goes through the SMTP settings of `briefing.mail`."""
from __future__ import annotations

from dataclasses import dataclass

from data import users
from i18n import t
from pages.access_tables import agency_name, metric_label, period_text

EVENTS = ("ask", "answer", "reply", "close")


@dataclass(frozen=True)
class Notice:
    to: tuple[str, ...]
    subject: str
    body: str


def notice(engine, event: str, request: dict, author: str, text: str, link: str, lang: str = "vi") -> Notice | None:
    """The message for one step of a request, or None when nobody is to be told (e.g. no agency users)."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    to = [request["asked_by"]] if event == "answer" else users.agency_emails(engine, request["agency_code"])
    to = tuple(e for e in to if "@" in e and e != author)
    if not to:
        return None
    values = {"id": request["id"], "agency": agency_name(request["agency_code"], lang),
              "metric": metric_label(request["metric"], lang),
              "period": period_text(request["period_from"], request["period_to"]),
              "due": request["due_on"].strftime("%d/%m/%Y"), "author": author}
    subject = t(f"ac_mail_{event}_subject", lang, **values)
    body = "\n\n".join([t(f"ac_mail_{event}_body", lang, **values), text.strip(), t("ac_mail_link", lang, link=link)])
    return Notice(to, subject, body.strip())
