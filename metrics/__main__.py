"""Command line for the metric layer: `python -m metrics list|value|rank` (see the README)."""
from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date

from metrics import catalog, index_cli
from metrics.cli_database import on_database
from metrics.periods import Period, latest_complete_month, refuse_future
from metrics.queries import metric_value
from metrics.ranking import rank_agencies
from metrics.scope import Scope


def _period(args, today: date | None = None) -> Period:
    end = args.to or args.from_ or latest_complete_month(today)
    return Period.between(args.from_ or end, end)


def _as_of(args) -> date | None:
    return date.fromisoformat(args.as_of) if args.as_of else None


def _clean(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return v


def main(argv: list[str] | None = None, today: date | None = None) -> int:
    """Run the command; `today` (default: the system date) decides which periods are in the future."""
    parser = argparse.ArgumentParser(prog="python -m metrics", description="KPI catalog, values and rankings.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_list = sub.add_parser("list", help="the metric catalog")
    p_list.add_argument("--json", action="store_true")
    for name in ("value", "rank"):
        p = sub.add_parser(name)
        p.add_argument("metric")
        p.add_argument("--from", dest="from_", metavar="YYYY-MM")
        p.add_argument("--to", metavar="YYYY-MM")
        p.add_argument("--boundary", choices=["63", "34"], default="auto")
        p.add_argument("--as-of", metavar="YYYY-MM-DD", help="status date for task metrics (default: end of --to)")
        p.add_argument("--json", action="store_true")
        p.add_argument("--lang", choices=["vi", "en"], default="vi")
        if name == "value":
            p.add_argument("--agency")
            p.add_argument("--kind", choices=["province", "ministry", "central"])
            p.add_argument("--region")
        else:
            p.add_argument("--kind", choices=["province", "ministry"], required=True)
            p.add_argument("--region")
    index_cli.add_subcommand(sub)
    args = parser.parse_args(argv)
    if args.command == "index":
        return index_cli.run(args, today)

    if args.command == "list":
        rows = [{"id": m.id, "family": m.family, "label_vi": m.label_vi, "label_en": m.label_en,
                 "unit": m.unit_vi, "kind": m.kind, "numerator": list(m.numerator),
                 "denominator": list(m.denominator), "time_agg": m.time_agg, "direction": m.direction,
                 "definition_vi": m.definition_vi, "definition_en": m.definition_en}
                for m in catalog.METRICS]
        print(json.dumps(rows, ensure_ascii=False, indent=2) if args.json
              else "\n".join(f"{r['id']:28} {r['label_vi']}" for r in rows))
        return 0

    try:
        period = _period(args, today)
        refuse_future(period, _as_of(args), today, args.lang)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    def work(engine) -> int:
        if args.metric != "composite" or args.command == "value":
            catalog.get(args.metric)
        if args.command == "value":
            if args.agency:
                scope = Scope.of_agency(args.agency, args.boundary)
            elif args.region:
                scope = Scope.of_region(args.region, args.boundary)
            elif args.kind:
                scope = Scope.of_kind(args.kind, args.boundary)
            else:
                scope = Scope.national(args.boundary)
            result = metric_value(engine, args.metric, period, scope, _as_of(args), args.lang)
            out = result.as_json()
            if args.json:
                print(json.dumps(out, ensure_ascii=False))
            else:
                print(f"{out['metric']} {out['scope']} {out['from']}..{out['to']}: {out['value']} {out['unit']}"
                      + "".join(f"\n  {note}" for note in out["notes"]))
            return 0
        ranking = rank_agencies(engine, args.metric, args.kind, period, args.boundary, args.region, _as_of(args))
        name_col = "name_en" if args.lang == "en" else "name_vi"
        rows = [{"agency": r["agency"], "name": r[name_col], "value": _clean(r["value"]),
                 "rank": None if r["rank"] is None or r["rank"] != r["rank"] else int(r["rank"]),
                 "of": int(r["of"]),
                 "rank_change": None if r["rank_change"] is None or r["rank_change"] != r["rank_change"] else int(r["rank_change"])}
                for r in ranking.astype(object).where(ranking.notna(), None).to_dict("records")]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for r in rows:
                print(f"{r['rank'] or '-':>3}/{r['of']} {r['agency']:8} {r['name']:35} {r['value']}")
        return 0

    return on_database(work, args.lang)


if __name__ == "__main__":
    sys.exit(main())
