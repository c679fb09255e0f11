"""Illustrative inputs of Decision 766's index, 08/2022 to the demo's last month, for every province
and ministry of the set in force (63 and 22, then 34 and 17), generated from a fixed seed.

Calibrated so that the index reproduces the published 08/2025 result among the 34 provinces:
Thái Nguyên first with 86.97 points (transparency 15.67, progress 19.31, online services and
payment together 17.49, satisfaction 17.86, digitisation 16.64), then Quảng Trị 86.56, Thanh Hóa
86.51, Đồng Nai 86.13 and Hà Tĩnh 84.85. Those published scores are loaded too, so that they can be
reconciled. The group points of the four provinces after Thái Nguyên were not published: their
split here is illustrative. Labelled as demo data like the rest of the dataset.
"""
from __future__ import annotations

import math
import random

from sqlalchemy import Engine, delete, insert

from data import schema
from data.admin_units import MERGER_MONTH, predecessors
from data.agencies import MINISTRY_RESTRUCTURE_MONTH, agency_rows
from data.demo import months_between

SEED = 42
FIRST_MONTH = "2022-08"
CALIBRATION_MONTH = "2025-08"
PUBLISHED_SOURCE = "Báo chí, số liệu đến 29/8/2025 (Cổng Dịch vụ công quốc gia)"

# Published 08/2025 (press, "as of 29/8/2025"): code → total, and for Thái Nguyên its groups.
PUBLISHED_TOTALS = {"19": 86.97, "44": 86.56, "38": 86.51, "75": 86.13, "42": 84.85}
THAI_NGUYEN_GROUPS = {"transparency": 15.67, "progress": 19.31, "online_services_payment": 17.49,
                      "satisfaction": 17.86, "digitisation": 16.64}
LEADERS = {"19": 1.05, "44": 1.0, "38": 1.0, "75": 0.98, "42": 0.92}
"""The published leaders' quality after the merger (above the usual 0–1), so that their months around
08/2025 score near their published result instead of jumping to it."""
TOP_OF_THE_REST = 84.0
"""No other province may reach this in 08/2025 (the fifth published score is 84.85)."""

MISSING_REPORTS = {("BNG", "2023-04"), ("12", "2024-09")}
"""Agency-months deliberately left unreported, so that the index shows them as N/A."""

# criterion → (numerator, denominator, rule, max points, full marks at %) — mirrors metrics.index_model
# (checked by the demo's tests); rule: ratio or complement.
CRITERIA = {
    "announced_on_time": ("procedures_announced_on_time", "procedures_announced", "ratio", 6, 100),
    "published_on_time": ("procedures_published_on_time", "procedures_to_publish", "ratio", 4, 100),
    "public_complete": ("procedures_public_complete", "procedures_public", "ratio", 2, 100),
    "dossiers_synced": ("dossiers_synced_realtime", "dossiers_received_reporting", "ratio", 6, 100),
    "handled_on_time": ("handled_on_time", "handled", "ratio", 20, 100),
    "procedures_online": ("procedures_online", "procedures_total", "ratio", 4, 80),
    "services_with_dossiers": ("online_services_with_dossiers", "online_services_total", "ratio", 4, 100),
    "dossiers_online": ("dossiers_received_online", "dossiers_received_total", "ratio", 4, 50),
    "dossiers_paid_online": ("dossiers_paid_online", "dossiers_with_fee", "ratio", 6, 100),
    "fee_procedures_paid_online": ("fee_procedures_paid_online", "fee_procedures", "ratio", 2, 80),
    "fee_procedures_on_portal": ("fee_procedures_on_portal", "fee_procedures", "ratio", 2, 80),
    "results_electronic": ("results_electronic", "results_paper_required", "ratio", 6, 100),
    "dossiers_digitised": ("dossiers_digitised", "dossiers_in_scope", "ratio", 4, 100),
    "certified_copies": ("communes_certified_copies", "communes", "ratio", 2, 100),
    "reused_data": ("dossiers_reused_data", "dossiers_reuse_eligible", "ratio", 2, 80),
    "personal_store": ("dossiers_personal_store", "dossiers_in_scope", "ratio", 4, 100),
    "population_data_dossiers": ("citizen_dossiers_population_data", "citizen_dossiers", "ratio", 2, 100),
    "population_data_procedures": ("citizen_procedures_population_data", "citizen_procedures", "ratio", 2, 100),
    "petitions_on_time": ("petitions_on_time", "petitions", "ratio", 6, 100),
    "petitions_satisfaction": ("petitions_disliked_or_late", "petitions_handled", "complement", 6, 100),
    "dossier_satisfaction": ("dossiers_overdue_or_disliked", "dossiers_rated", "complement", 6, 90),
}
GROUPS = {
    "transparency": ("announced_on_time", "published_on_time", "public_complete", "dossiers_synced"),
    "progress": ("handled_on_time",),
    "online_services_payment": ("procedures_online", "services_with_dossiers", "dossiers_online",
                                "dossiers_paid_online", "fee_procedures_paid_online", "fee_procedures_on_portal"),
    "digitisation": ("results_electronic", "dossiers_digitised", "certified_copies", "reused_data",
                     "personal_store", "population_data_dossiers", "population_data_procedures"),
    "satisfaction": ("petitions_on_time", "petitions_satisfaction", "dossier_satisfaction"),
}

# criterion → (rate in % of a middling agency at 08/2022, spread by quality, growth per year, noise)
RATES = {
    "announced_on_time": (78, 30, 1.5, 4), "published_on_time": (72, 34, 1.75, 5),
    "public_complete": (90, 14, 0.5, 2), "dossiers_synced": (80, 26, 1.5, 3),
    "handled_on_time": (92, 9, 0.3, 1.2), "procedures_online": (62, 30, 2.5, 3),
    "services_with_dossiers": (35, 36, 3, 4), "dossiers_online": (22, 30, 4, 3),
    "dossiers_paid_online": (25, 36, 4.5, 4), "fee_procedures_paid_online": (38, 36, 3.5, 4),
    "fee_procedures_on_portal": (55, 34, 3, 4), "results_electronic": (45, 40, 4.5, 4),
    "dossiers_digitised": (38, 40, 4.5, 4), "certified_copies": (40, 50, 6, 5),
    "reused_data": (12, 26, 3, 3), "personal_store": (1, 6, 1, 1),
    "population_data_dossiers": (25, 36, 5, 4), "population_data_procedures": (35, 36, 4.5, 4),
    "petitions_on_time": (86, 20, 0.75, 4), "petitions_satisfaction": (84, 20, 0.75, 4),
    "dossier_satisfaction": (90, 10, 0.4, 1.5),
}


def _years(month: str) -> float:
    """Years since 08/2022."""
    return int(month[:4]) - 2022 + (int(month[5:]) - 8) / 12


class _Traits:
    """Quality (0–1) and size per agency, seeded by code; a merged province takes its parts' traits."""

    def __init__(self):
        self._merged = predecessors()
        self._cache: dict[str, dict] = {}

    def get(self, code: str, set_id: str) -> dict:
        key = f"{set_id}:{code}"
        if key not in self._cache:
            if set_id == "34":
                parts = [self.get(c, "63") for c in self._merged[code]]
                size = sum(p["size"] for p in parts)
                quality = sum(p["quality"] * p["size"] for p in parts) / size
                self._cache[key] = {"size": size, "communes": sum(p["communes"] for p in parts),
                                    "quality": LEADERS.get(code, quality)}
            else:
                r = random.Random(f"{SEED}:index766:{code}")
                province = set_id == "63"
                self._cache[key] = {"quality": r.betavariate(2.2, 2.6),
                                    "size": r.uniform(15_000, 70_000) if province else r.uniform(2_000, 15_000),
                                    "communes": r.randint(90, 260) if province else 0}
        return self._cache[key]


def _rate(rng: random.Random, criterion: str, quality: float, years: float) -> float:
    base, spread, growth, noise = RATES[criterion]
    x = base + spread * (quality - 0.5) + growth * years + rng.gauss(0, noise)
    return min(max(x, 0.0), 100.0) / 100.0


def _row(rng: random.Random, code: str, month: str, traits: dict, ministry: bool) -> dict:
    q, size, years = traits["quality"], traits["size"], _years(month)
    received = int(size * rng.uniform(0.9, 1.1))
    procedures = int(rng.uniform(1_500, 1_900) if not ministry else rng.uniform(150, 450))
    dens = {
        "procedures_announced": rng.randint(15, 60), "procedures_to_publish": rng.randint(20, 80),
        "procedures_public": procedures, "dossiers_received_reporting": received,
        "handled": received, "procedures_total": procedures,
        "online_services_total": int(procedures * rng.uniform(0.8, 0.95)), "dossiers_received_total": received,
        "dossiers_with_fee": int(received * rng.uniform(0.3, 0.45)), "fee_procedures": int(procedures * 0.3),
        "results_paper_required": int(received * rng.uniform(0.6, 0.7)), "dossiers_in_scope": received,
        "communes": traits["communes"], "dossiers_reuse_eligible": int(received * rng.uniform(0.3, 0.4)),
        "citizen_dossiers": int(received * rng.uniform(0.7, 0.8)), "citizen_procedures": int(procedures * 0.7),
        "petitions": rng.randint(0, 40 if not ministry else 12), "dossiers_rated": received,
    }
    dens["petitions_handled"] = dens["petitions"]
    rates = {c: _rate(rng, c, q, years) for c in CRITERIA}
    return _counts(code, month, dens, rates, rng)


def _counts(code: str, month: str, dens: dict, rates: dict, rng: random.Random | None = None) -> dict:
    """A stored row from denominators and rates (a complement's rate is its share of successes)."""
    row = {"agency_code": code, "month": month}
    for c, (num, den, rule, _, _) in CRITERIA.items():
        d = dens[den]
        n = round(d * (1 - rates[c] if rule == "complement" else rates[c]))
        if den != "handled":
            row[den] = d
        if num != "handled_on_time":
            row[num] = min(n, d)
    handled, on_time = dens["handled"], round(dens["handled"] * rates["handled_on_time"])
    pending = int(handled * (rng.uniform(0.06, 0.12) if rng else 0.1))
    late = handled - on_time
    pending_in_time = min(pending, on_time)
    row.update({"handled_done_on_time": on_time - pending_in_time, "handled_pending_in_time": pending_in_time,
                "handled_pending_overdue": late // 3, "handled_done_late": late - late // 3})
    row["dossiers_received_portal"] = int(row["dossiers_received_reporting"] * 0.98)
    return row


# --- the published 08/2025 result ------------------------------------------------------------------

def _criterion_points(groups: dict[str, float]) -> dict[str, float]:
    """Spread each group's points over its criteria: each loses a share of the group's lost points
    proportional to its maximum (payment and online services share 17.49 the same way)."""
    out = {}
    for group, total in groups.items():
        crits = GROUPS[group]
        top = sum(CRITERIA[c][3] for c in crits)
        lost = top - total
        # lose on the criteria that providers lose on most (never below zero, never more than the maximum)
        weights = {c: CRITERIA[c][3] * (0.2 if c in ("public_complete", "dossier_satisfaction") else 1.0)
                   for c in crits}
        wsum = sum(weights.values())
        shares = {c: round(lost * weights[c] / wsum, 2) for c in crits}
        first = max(crits, key=lambda c: CRITERIA[c][3])
        shares[first] = round(shares[first] + round(lost - sum(shares.values()), 2), 2)
        for c in crits:
            out[c] = round(CRITERIA[c][3] - shares[c], 2)
    return out


REALISTIC = {  # denominators of a large province in a month, before rounding up to exact units
    "procedures_announced": 40, "procedures_to_publish": 50, "procedures_public": 1_800,
    "dossiers_received_reporting": 60_000, "handled": 60_000, "procedures_total": 1_800,
    "online_services_total": 1_600, "dossiers_received_total": 60_000, "dossiers_with_fee": 24_000,
    "fee_procedures": 500, "results_paper_required": 39_000, "dossiers_in_scope": 60_000, "communes": 150,
    "dossiers_reuse_eligible": 21_000, "citizen_dossiers": 45_000, "citizen_procedures": 1_200,
    "petitions": 40, "petitions_handled": 40, "dossiers_rated": 60_000,
}


def _unit(criterion: str) -> int:
    """The smallest denominator for which every two-decimal score of the criterion is a whole count."""
    _, _, _, top, full_at = CRITERIA[criterion]
    return 10_000 * top // math.gcd(full_at, 10_000 * top)


def _calibrated(code: str, groups: dict[str, float]) -> dict:
    """The 08/2025 row of a published province: counts that score exactly its groups' points."""
    points = _criterion_points(groups)
    units: dict[str, int] = {}
    for c in CRITERIA:
        den = CRITERIA[c][1]
        units[den] = math.lcm(units.get(den, 1), _unit(c))
    dens = {den: -(-REALISTIC[den] // u) * u for den, u in units.items()}
    dens["petitions_handled"] = dens["petitions"] = max(dens["petitions"], dens["petitions_handled"])
    rates = {c: p * CRITERIA[c][4] / (100 * CRITERIA[c][3]) for c, p in points.items()}
    return _counts(code, CALIBRATION_MONTH, dens, rates)


def _published_groups(code: str, total: float) -> dict[str, float]:
    """Thái Nguyên's published split; for the others an illustrative split of their published total
    (Thái Nguyên's shape, scaled on the points lost)."""
    if code == "19":
        return dict(THAI_NGUYEN_GROUPS)
    tn_lost = {g: sum(CRITERIA[c][3] for c in GROUPS[g]) - v for g, v in THAI_NGUYEN_GROUPS.items()}
    scale = (100 - total) / sum(tn_lost.values())
    tops = {g: sum(CRITERIA[c][3] for c in GROUPS[g]) for g in GROUPS}
    out = {g: round(tops[g] - tn_lost[g] * scale, 2) for g in GROUPS}
    out["digitisation"] = round(out["digitisation"] + total - sum(out.values()), 2)
    return out


# --- the dataset ------------------------------------------------------------------------------------

def generate(last_month: str) -> dict[str, list[dict]]:
    """Index inputs and published scores by table name, from the fixed seed."""
    rng = random.Random(f"{SEED}:index766")
    traits = _Traits()
    rows = []
    for month in months_between(FIRST_MONTH, last_month):
        sets = {"63" if month < MERGER_MONTH else "34", "M22" if month < MINISTRY_RESTRUCTURE_MONTH else "M17"}
        for a in agency_rows():
            if a["set_id"] not in sets or (a["code"], month) in MISSING_REPORTS:
                continue
            ministry = a["kind"] == "ministry"
            if month == CALIBRATION_MONTH and a["code"] in PUBLISHED_TOTALS and not ministry:
                rows.append(_calibrated(a["code"], _published_groups(a["code"], PUBLISHED_TOTALS[a["code"]])))
                continue
            rows.append(_row(rng, a["code"], month, traits.get(a["code"], a["set_id"]), ministry))
    _keep_below(rows, CALIBRATION_MONTH, set(PUBLISHED_TOTALS), TOP_OF_THE_REST)
    published = [{"agency_code": code, "month": CALIBRATION_MONTH, "total": total, "source": PUBLISHED_SOURCE,
                  **({g: THAI_NGUYEN_GROUPS[g] for g in ("transparency", "progress", "digitisation", "satisfaction")}
                     if code == "19" else {})}
                 for code, total in PUBLISHED_TOTALS.items()]
    for p in published:
        for g in schema.INDEX_GROUP_COLUMNS:
            p.setdefault(g, None)
    return {"index766_inputs": rows, "index766_scores": published}


def points_of(row: dict) -> float:
    """A stored row's total points (the model's rules, restated for the generator's own checks)."""
    total = 0.0
    for c, (num, den, rule, top, full_at) in CRITERIA.items():
        if c == "handled_on_time":
            n = row["handled_done_on_time"] + row["handled_pending_in_time"]
            d = n + row["handled_done_late"] + row["handled_pending_overdue"]
        elif c == "dossiers_synced":
            n, d = row[num], max(row["dossiers_received_reporting"], row["dossiers_received_portal"])
        else:
            n, d = row[num], row[den]
        if d == 0:
            total += top if c.startswith("petitions") else 0.0
            continue
        rate = 100 * (1 - n / d if rule == "complement" else n / d)
        total += top * min(1.0, rate / full_at)
    return total


def _keep_below(rows: list[dict], month: str, exempt: set[str], ceiling: float) -> None:
    """Lower any other province's 08/2025 score below `ceiling` (its petitions handled late), so the
    published top five stay the top five."""
    for row in rows:
        if row["month"] != month or row["agency_code"] in exempt or len(row["agency_code"]) != 2:
            continue
        while points_of(row) >= ceiling and row["petitions_on_time"] > 0:
            row["petitions_on_time"] = math.floor(row["petitions_on_time"] * 0.8)
        while points_of(row) >= ceiling:
            row["procedures_announced_on_time"] = math.floor(row["procedures_announced_on_time"] * 0.8)


def load_demo_index(engine: Engine, last_month: str) -> dict[str, int]:
    """Replace the index inputs and published scores with the demo's."""
    data = generate(last_month)
    tables = {"index766_inputs": schema.index766_inputs, "index766_scores": schema.index766_published}
    with engine.begin() as conn:
        for name, table in tables.items():
            conn.execute(delete(table))
            rows = data[name]
            for i in range(0, len(rows), 2000):
                conn.execute(insert(table), rows[i:i + 2000])
    return {k: len(v) for k, v in data.items()}
