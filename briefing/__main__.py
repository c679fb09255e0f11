"""`python -m briefing build|send`: a briefing pack for a period and scope, written or mailed."""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from briefing.build import FORMATS, build, parse_formats
from briefing.content import BriefingError, parse_scope
from metrics.periods import Period


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", dest="month", required=True, help="last month of the period, YYYY-MM")
    p.add_argument("--from", dest="start", help="first month (default: the same month as --to)")
    p.add_argument("--scope", default="national",
                   help="national | provinces | ministries | region:CODE (e.g. region:DBSH) | agency:CODE (e.g. agency:68)")
    p.add_argument("--format", default=",".join(FORMATS), help="some of pptx,docx,pdf,xlsx (default: all)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi")
    p.add_argument("--cmp", choices=["prev", "yoy"], default="prev",
                   help="compare with the previous period (prev) or the same period a year before (yoy)")
    p.add_argument("--boundary", choices=["auto", "63", "34"], default="auto", help="province set (default: in force)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing", description="Briefing packs: deck, report, PDF, data annex.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="write the pack's files into a folder")
    _common(p_build)
    p_build.add_argument("--out", required=True, help="output folder (created if missing)")
    p_send = sub.add_parser("send", help="build the pack and mail it through the configured SMTP server")
    _common(p_send)
    p_send.add_argument("--mail-to", "--address", dest="address", action="append", required=True,
                        help="recipient address (repeat for several)")
    p_send.add_argument("--out", help="also keep the files in this folder")
    # `send --to ADDRESS` reads naturally for mail: there, --to is the address and --month the period
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["send"]:
        argv = ["send"] + _send_aliases(argv[1:])
    args = parser.parse_args(argv)

    from data.engine import has_schema, make_engine
    engine = make_engine()
    try:
        if not has_schema(engine):
            raise BriefingError("the database has no schema yet: run `python -m data init` first")
        period = Period.between(args.start or args.month, args.month)
        scope = parse_scope(args.scope, args.boundary)
        formats = parse_formats(args.format)
        if args.command == "build":
            paths = build(engine, period, scope, formats, Path(args.out), args.lang, args.cmp)
            for path in paths.values():
                print(path)
            return 0
        from briefing.mail import send_files, smtp_settings
        from i18n import t
        from metrics.scope import label
        settings = smtp_settings()
        folder = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="briefing-"))
        paths = build(engine, period, scope, formats, folder, args.lang, args.cmp)
        files = list(paths.values())
        from data.database import is_demo
        demo = t("br_demo_note", args.lang) if is_demo(engine) else ""
        subject = t("br_mail_subject", args.lang, period=period.label(args.lang), scope=label(scope, period, args.lang))
        body = t("br_mail_body", args.lang, period=period.label(args.lang), scope=label(scope, period, args.lang),
                 files=", ".join(p.name for p in files), demo=demo)
        send_files(settings, args.address, subject, body, files)
        print(f"sent {len(files)} files to {', '.join(args.address)} via {settings.host}:{settings.port}")
        return 0
    except ValueError as exc:  # BriefingError, a malformed month
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # no browser, no font, SMTP refused: one line, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _send_aliases(args: list[str]) -> list[str]:
    """In `send`, `--to ADDRESS` names the recipient and `--month YYYY-MM` the period; a `--to`
    holding a month (YYYY-MM) still means the period."""
    out, i = [], 0
    while i < len(args):
        a = args[i]
        if a == "--month" and i + 1 < len(args):
            out += ["--to", args[i + 1]]
            i += 2
            continue
        if a == "--to" and i + 1 < len(args) and "@" in args[i + 1]:
            out += ["--mail-to", args[i + 1]]
            i += 2
            continue
        out.append(a)
        i += 1
    return out


if __name__ == "__main__":
    sys.exit(main())
