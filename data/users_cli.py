"""`python -m data users add|list|remove`: manage who may sign in, from the server's shell."""
from __future__ import annotations

import getpass
import os

from data import users
from data.audit import Actor
from data.database import ensure_tables
from i18n import t


def add_parser(sub) -> None:
    """Register the `users` command on the `python -m data` parser."""
    p = sub.add_parser("users", help="manage users and roles (add, list, remove)")
    us = p.add_subparsers(dest="users_command", required=True)
    p_add = us.add_parser("add", help="add a user or change their role")
    p_add.add_argument("email")
    p_add.add_argument("--role", required=True, choices=users.ROLES)
    p_add.add_argument("--agency", help="agency code (required for the agency role)")
    p_add.add_argument("--name", help="display name")
    p_list = us.add_parser("list", help="list users")
    p_list.add_argument("--json", action="store_true")
    p_rm = us.add_parser("remove", help="remove a user")
    p_rm.add_argument("email")
    for q in (p_add, p_list, p_rm):
        q.add_argument("--lang", choices=["vi", "en"], default="vi")


def cli_actor() -> Actor:
    """The shell user running the command, and this process as the session."""
    try:
        who = getpass.getuser()
    except Exception:  # no login name in some containers
        who = "unknown"
    return Actor(f"cli:{who}", f"cli:{os.getpid()}")


def run(args, engine) -> int:
    """Carry out a `users` command; 0 on success, 2 when refused (with a one-line reason on stderr)."""
    import sys

    ensure_tables(engine)
    lang = args.lang
    try:
        if args.users_command == "add":
            outcome = users.save_user(engine, cli_actor(), args.email, args.role, args.agency, args.name)
            role = args.role + (f" {args.agency.upper()}" if args.agency else "")
            print(t(f"ac_cli_{outcome}", lang, email=users.normalise_email(args.email), role=role))
            return 0
        if args.users_command == "remove":
            email = users.normalise_email(args.email)
            if users.remove_user(engine, cli_actor(), email):
                print(t("ac_cli_removed", lang, email=email))
                return 0
            print(t("ac_cli_no_user", lang, email=email), file=sys.stderr)
            return 2
        frame = users.list_users(engine)
        if args.json:
            print(frame[["email", "role", "agency_code", "name"]].to_json(orient="records", force_ascii=False))
        elif frame.empty:
            print(t("ac_cli_no_users", lang))
        else:
            for r in frame.itertuples(index=False):
                print(f"{r.email}\t{r.role}\t{r.agency_code or ''}\t{r.name or ''}")
        return 0
    except users.UserError as exc:
        print(t(exc.key, lang, **exc.values), file=sys.stderr)
        return 2
