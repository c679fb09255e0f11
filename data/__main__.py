"""Command line for the warehouse: `python -m data init|import|export` (see the README)."""
from __future__ import annotations

import argparse
import sys

from data import users_cli
from data.database import init_database
from data.engine import database_url, make_engine
from data.import_formats import KINDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data", description="KPI warehouse: create, import, export.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_init = sub.add_parser("init", help="create the schema and load reference data (agencies, boundary sets, targets)")
    p_init.add_argument("--demo", action="store_true", help="also load the illustrative demo dataset")
    p_init.add_argument("--force", action="store_true", help="drop existing tables first (their data is lost)")
    p_imp = sub.add_parser("import", help="import a CSV or XLSX file of counts or tasks")
    p_imp.add_argument("file")
    p_imp.add_argument("--kind", choices=KINDS)
    p_imp.add_argument("--lang", choices=["vi", "en"], default="vi")
    p_exp = sub.add_parser("export", help="export one kind in the import format")
    p_exp.add_argument("kind", choices=KINDS)
    p_exp.add_argument("--out", required=True, help="output file (.csv or .xlsx)")
    users_cli.add_parser(sub)
    args = parser.parse_args(argv)

    engine = make_engine()
    try:
        if args.command == "init":
            init_database(engine, demo=args.demo, force=args.force)
            print(f"initialised {database_url()}" + (" with demo data" if args.demo else ""))
            return 0
        from data.database import create_schema, load_reference
        from data.engine import has_schema
        if not has_schema(engine):
            create_schema(engine)
            load_reference(engine)
        if args.command == "users":
            return users_cli.run(args, engine)
        if args.command == "import":
            from data.importer import import_file
            report = import_file(engine, args.file, kind=args.kind)
            print(report.render(args.lang))
            return 0 if report.outcome == "applied" else 2
        from data.exporter import export_kind
        n = export_kind(engine, args.kind, args.out)
        print(f"{n} rows written to {args.out}")
        return 0
    except Exception as exc:  # a clear message instead of a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
