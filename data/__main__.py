"""Command line for the warehouse: `python -m data init|import|export` (see the README).

Any failure is one line on stderr and a non-zero exit status (1; 2 for a refused import); a database
URL is always shown with its password masked.
"""
from __future__ import annotations

import argparse
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from data import users_cli
from data.import_formats import KINDS
from i18n import t


def masked_url(url: str) -> str:
    """The URL with its password replaced by `***` (the URL as given if it cannot be parsed)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<invalid database URL>"


def one_line(exc: BaseException) -> str:
    """An error as one line, with the driver's own first line for a database error (no SQL, no parameters)."""
    orig = getattr(exc, "orig", None) if isinstance(exc, DBAPIError) else None
    text = str(orig if orig is not None else exc).strip()
    first = " ".join(text.split("\n")[0].split()) or type(exc).__name__
    return first[:300]


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the messages")
    parser = argparse.ArgumentParser(prog="python -m data", description="KPI warehouse: create, import, export.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_init = sub.add_parser("init", parents=[common],
                            help="create the schema and load reference data (agencies, boundary sets, targets)")
    p_init.add_argument("--demo", action="store_true", help="also load the illustrative demo dataset")
    p_init.add_argument("--force", action="store_true", help="drop existing tables first (their data is lost)")
    p_imp = sub.add_parser("import", parents=[common], help="import a CSV or XLSX file of counts or tasks")
    p_imp.add_argument("file")
    p_imp.add_argument("--kind", choices=list(KINDS))
    p_exp = sub.add_parser("export", parents=[common], help="export one kind in the import format")
    p_exp.add_argument("kind", choices=list(KINDS))
    p_exp.add_argument("--out", required=True, help="output file (.csv or .xlsx)")
    users_cli.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = getattr(args, "lang", "vi")
    from data.engine import database_url, make_engine

    url = database_url()
    engine = None
    try:
        engine = make_engine(url)
        return _run(args, engine, url, lang)
    except DBAPIError as exc:
        print(t("imp_cli_unreachable", lang, url=masked_url(url), reason=one_line(exc)), file=sys.stderr)
        return 1
    except Exception as exc:  # a clear message instead of a traceback
        print(t("imp_cli_error", lang, reason=one_line(exc)), file=sys.stderr)
        return 1
    finally:
        if engine is not None:
            engine.dispose()


def _run(args, engine, url: str, lang: str) -> int:
    from data.database import create_schema, init_database, load_reference
    from data.engine import has_schema

    if args.command == "init":
        init_database(engine, demo=args.demo, force=args.force)
        key = "imp_cli_initialised_demo" if args.demo else "imp_cli_initialised"
        print(t(key, lang, url=masked_url(url)))
        return 0
    if not has_schema(engine):
        create_schema(engine)
        load_reference(engine)
    if args.command == "users":
        return users_cli.run(args, engine)
    if args.command == "import":
        from data.importer import import_file
        report = import_file(engine, args.file, kind=args.kind)
        from data.audit import record_import
        record_import(engine, users_cli.cli_actor(), report)
        print(report.render(lang))
        return 0 if report.applied else 2
    from data.exporter import export_kind
    n = export_kind(engine, args.kind, args.out)
    print(t("imp_cli_exported", lang, count=n, path=args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
