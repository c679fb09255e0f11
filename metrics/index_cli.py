"""`python -m metrics index`: Decision 766's index of one agency, or the ranking of a kind of agency.

    python -m metrics index --agency CODE --to YYYY-MM [--from YYYY-MM | --period month|quarter|ytd] --json
    python -m metrics index --kind province|ministry --to YYYY-MM [...] --json
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
import pandas as pd

from metrics import official_index as oi
from metrics.cli_database import on_database
from metrics.index_model import MODEL
from metrics.periods import Period, latest_complete_month, refuse_future
from metrics.scope import Scope, agency_kind


def add_subcommand(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="Decision 766's index: one agency (--agency) or a ranking (--kind)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--agency", metavar="CODE")
    who.add_argument("--kind", choices=oi.KINDS)
    p.add_argument("--to", metavar="YYYY-MM", help="last month (default: the last complete month)")
    p.add_argument("--from", dest="from_", metavar="YYYY-MM", help="first month of a custom range")
    p.add_argument("--period", choices=oi.PERIOD_KINDS, default="month",
                   help="without --from: the month, the quarter to date or the year to date ending --to")
    p.add_argument("--boundary", choices=["63", "34"], default="auto")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["vi", "en"], default="vi")


def _periods(args, today: date | None = None) -> tuple[Period, Period | None]:
    to = args.to or latest_complete_month(today)
    if args.from_:
        period = Period.between(args.from_, to)
        return period, oi.period_before(period)
    return oi.index_period(args.period, to), oi.previous_period(args.period, to)


def _num(x, digits: int = 2):
    return None if x is None or pd.isna(x) else round(float(x), digits)


def _int(x):
    return None if x is None or pd.isna(x) else int(x)


def agency_json(ranking: pd.DataFrame, code: str, period: Period) -> dict:
    """The agency's index as the CLI prints it."""
    row = ranking.loc[ranking["agency"] == code].iloc[0]
    return {"agency": code, "from": period.start, "to": period.end, "total": _num(row["total"]),
            "rank": _int(row["rank"]), "of": _int(row["of"]), "band": row["band"],
            "groups": {g.id: _num(row[g.id]) for g in MODEL.groups},
            "criteria": [{"id": c.id, "points": _num(row[f"points_{c.id}"]), "max": float(c.max_points),
                          "value": _num(row[f"value_{c.id}"])} for c in MODEL.criteria]}


def ranking_json(ranking: pd.DataFrame, period: Period, lang: str) -> list[dict]:
    name = "name_en" if lang == "en" else "name_vi"
    return [{"agency": r["agency"], "name": r[name], "from": period.start, "to": period.end,
             "total": _num(r["total"]), "rank": _int(r["rank"]), "of": _int(r["of"]), "band": r["band"],
             "rank_change": _int(r["rank_change"]), "groups": {g.id: _num(r[g.id]) for g in MODEL.groups}}
            for _, r in ranking.iterrows()]


def run(args, today: date | None = None) -> int:
    """Print the index; exit 2 with one line for a bad argument or a future period, 1 when the
    database cannot be reached."""
    try:
        period, previous = _periods(args, today)
        refuse_future(period, None, today, args.lang)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    def work(engine) -> int:
        if args.agency:
            code = args.agency.strip().upper()
            kind = agency_kind(code, Scope(boundary=args.boundary), period)
            if kind not in oi.KINDS:
                raise ValueError(f"{code} is not a province or a ministry: the 766 index ranks only those")
            out = agency_json(oi.rank_index(engine, kind, period, previous, args.boundary), code, period)
            print(json.dumps(out, ensure_ascii=False) if args.json else
                  f"{code} {period.label(args.lang)}: {out['total']} ({out['band']}), {out['rank']}/{out['of']}")
            return 0
        rows = ranking_json(oi.rank_index(engine, args.kind, period, previous, args.boundary), period, args.lang)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for r in rows:
                print(f"{r['rank'] or '-':>3}/{r['of']} {r['agency']:8} {r['name']:35} {r['total']}")
        return 0

    return on_database(work, args.lang)
