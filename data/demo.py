"""The illustrative demo dataset: deterministic (fixed seed), 2019-01 to 2026-10, calibrated so that
the metric queries reproduce the figures published in the press (see the README's table).

It is labeled as illustrative wherever it is shown: `dataset_info.demo = 1`.
"""
from __future__ import annotations

import math
import random
from datetime import date, timedelta

from sqlalchemy import Engine, delete, insert

from data import schema
from data.admin_units import MERGER_MONTH, predecessors
from data.agencies import MINISTRIES_22, MINISTRY_RESTRUCTURE_MONTH, NATIONAL_CODE, agency_rows

SEED = 42
FIRST_MONTH = "2019-01"
LAST_MONTH = "2026-10"
AXIS_LAUNCH = "2019-03"  # the National Document Interconnection Axis opened on 12 Mar 2019
PORTAL_LAUNCH = "2019-12"  # the National Public Service Portal opened on 9 Dec 2019
TET_MONTHS = {"2019-02", "2020-01", "2021-02", "2022-02", "2023-01", "2024-02", "2025-01", "2026-02"}
CHRONIC_LAGGARDS = {"06", "11", "12", "62", "94", "95"}
STEADY_IMPROVERS = {"02", "14", "17", "64", "83", "93", "BTNMT", "BLDTBXH"}
MISSING_REPORTS = {("dossiers", "15", "2021-03"), ("dossiers", "BNG", "2022-08"),
                   ("services", "49", "2023-05"), ("documents", "VKSNDTC", "2024-04")}
"""Agency-months deliberately left unreported, so that views show missing data as N/A."""

# Published figures the dataset reproduces through the metric queries.
NATIONAL_ON_TIME_2019 = 0.958
PROVINCE_ON_TIME = {  # code: (first month, last month, rate to two decimals in %)
    "68": ("2020-01", "2020-10", 99.49),
    "20": ("2020-01", "2020-06", 99.82),
    "19": ("2020-01", "2020-06", 99.36),
    "08": ("2020-01", "2020-06", 99.00),
}
AXIS_SENT_2019, AXIS_RECEIVED_2019 = 68_257, 203_553  # 2019-03..2019-07, all agencies
PORTAL_2020_09 = {"services_on_portal": 1_435, "procedures": 6_842}
PORTAL_PROVINCES_2020_11 = {"68": 173, "62": 204}
LAM_DONG_TASKS = {"done_on_time": 30, "done_late": 3, "in_progress": 44}  # assigned 2020-01..10
MINISTRY_OVERDUE_2019 = 2.13  # % of tasks assigned in 2019, status at 2019-12-31


def months_between(start: str = FIRST_MONTH, end: str = LAST_MONTH) -> list[str]:
    """Every `YYYY-MM` from start to end, inclusive."""
    y, m = int(start[:4]), int(start[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


MONTHS = months_between()


def _t(month: str) -> float:
    """Years since Jan 2019."""
    return int(month[:4]) - 2019 + (int(month[5:]) - 1) / 12


def _logistic(x: float, mid: float, steep: float) -> float:
    return 1 / (1 + math.exp(-steep * (x - mid)))


class _Profiles:
    """Stable traits per agency (size, base on-time rate, digital maturity), seeded by code."""

    def __init__(self):
        self._cache: dict[str, dict] = {}
        self._merged = predecessors()

    def get(self, code: str, kind: str, set_id: str) -> dict:
        key = f"{set_id}:{code}"
        if key not in self._cache:
            if set_id == "34":
                parts = [self.get(c, "province", "63") for c in self._merged[code]]
                size = sum(p["size"] for p in parts)
                prof = {k: sum(p[k] * p["size"] for p in parts) / size for k in ("base", "maturity", "slope")}
                prof["size"] = size
            else:
                r = random.Random(f"{SEED}:{code}")
                base = r.uniform(0.950, 0.992)
                slope = r.uniform(0.0, 0.004)
                if code in CHRONIC_LAGGARDS:
                    base, slope = r.uniform(0.86, 0.91), 0.0
                if code in STEADY_IMPROVERS:
                    base, slope = r.uniform(0.88, 0.92), 0.012
                size = {"province": r.uniform(15_000, 90_000), "ministry": r.uniform(3_000, 25_000),
                        "central": r.uniform(1_000, 4_000)}[kind]
                if code in ("01", "79"):
                    size *= 4
                prof = {"size": size, "base": base, "slope": slope, "maturity": r.uniform(-0.6, 0.6)}
            self._cache[key] = prof
        return self._cache[key]


def _agencies_in(month: str, kinds: tuple[str, ...]) -> list[dict]:
    sets = set()
    for kind in kinds:
        if kind == "province":
            sets.add("63" if month < MERGER_MONTH else "34")
        elif kind == "ministry":
            sets.add("M22" if month < MINISTRY_RESTRUCTURE_MONTH else "M17")
        elif kind == "central":
            sets.add("C")
    return [a for a in agency_rows() if a["set_id"] in sets]


def _season(month: str) -> float:
    return 0.72 if month in TET_MONTHS else 1.0


def _dossiers(rng: random.Random, prof: _Profiles) -> list[dict]:
    rows = []
    for month in MONTHS:
        t = _t(month)
        for a in _agencies_in(month, ("province", "ministry")):
            if ("dossiers", a["code"], month) in MISSING_REPORTS:
                continue
            p = prof.get(a["code"], a["kind"], a["set_id"])
            received = int(p["size"] * _season(month) * (1 + 0.05 * t) * rng.uniform(0.9, 1.1))
            online = min(0.85, 0.04 + 0.75 * _logistic(t + p["maturity"], 3.2, 1.1)) * rng.uniform(0.9, 1.1)
            rate = min(0.998, p["base"] + p["slope"] * t + rng.uniform(-0.006, 0.006))
            resolved = int(received * rng.uniform(0.9, 0.97))
            on_time = round(resolved * rate)
            pending = received - resolved
            overdue = int(pending * (1 - rate) * 2)
            rows.append({"agency_code": a["code"], "month": month, "received": received,
                         "received_online": min(received, int(received * online)),
                         "resolved_on_time": on_time, "resolved_late": resolved - on_time,
                         "pending_in_time": pending - overdue, "pending_overdue": overdue})
    _calibrate_national_on_time(rows)
    for code, (start, end, pct) in PROVINCE_ON_TIME.items():
        _calibrate_agency_on_time(rows, code, start, end, pct)
    return rows


def _shift_on_time(row: dict, n: int) -> int:
    """Move up to n resolved dossiers from late to on time (n < 0: the other way); returns moved."""
    n = min(n, row["resolved_late"]) if n > 0 else -min(-n, row["resolved_on_time"])
    row["resolved_on_time"] += n
    row["resolved_late"] -= n
    return n


def _calibrate_national_on_time(rows: list[dict]) -> None:
    year = [r for r in rows if r["month"].startswith("2019-")]
    resolved = sum(r["resolved_on_time"] + r["resolved_late"] for r in year)
    delta = round(NATIONAL_ON_TIME_2019 * resolved) - sum(r["resolved_on_time"] for r in year)
    for r in year:
        share = round(delta * (r["resolved_on_time"] + r["resolved_late"]) / resolved)
        delta -= _shift_on_time(r, share) if share else 0
    for r in year:
        if not delta:
            break
        delta -= _shift_on_time(r, delta)


def _calibrate_agency_on_time(rows: list[dict], code: str, start: str, end: str, pct: float) -> None:
    sel = [r for r in rows if r["agency_code"] == code and start <= r["month"] <= end]
    resolved = sum(r["resolved_on_time"] + r["resolved_late"] for r in sel)
    target = round(resolved * pct / 100)
    while round(100 * target / resolved, 2) != pct:  # tiny totals: nudge the volume until exact
        sel[-1]["resolved_on_time"] += 1
        sel[-1]["received"] += 1
        resolved += 1
        target = round(resolved * pct / 100)
    delta = target - sum(r["resolved_on_time"] for r in sel)
    for r in sel:
        if delta:
            delta -= _shift_on_time(r, delta)


def _connected_from(code: str) -> str:
    """Month an agency joined the Axis: all 95 were connected by Feb 2020."""
    r = random.Random(f"{SEED}:axis:{code}")
    return months_between(AXIS_LAUNCH, "2020-01")[min(10, int(r.expovariate(0.35)))]


def _documents(rng: random.Random, prof: _Profiles) -> list[dict]:
    rows = []
    for month in MONTHS:
        t = _t(month)
        agencies = _agencies_in(month, ("province", "ministry", "central"))
        for a in agencies:
            if ("documents", a["code"], month) in MISSING_REPORTS:
                continue
            p = prof.get(a["code"], a["kind"], a["set_id"])
            codes = predecessors().get(a["code"], [a["code"]]) if a["set_id"] == "34" else [a["code"]]
            connected = month >= min(_connected_from(c) for c in codes)
            if not connected:
                sent = received = 0
            else:
                volume = 0.012 * p["size"] * min(1.0, 0.12 + 0.88 * _logistic(t, 0.9, 4.0)) * (1 + 0.06 * t)
                sent = int(volume * _season(month) * rng.uniform(0.85, 1.15))
                received = int(sent * rng.uniform(2.2, 3.6))
            signed = min(0.99, 0.35 + 0.6 * _logistic(t + p["maturity"] / 2, 1.8, 1.4)) * rng.uniform(0.95, 1.03)
            rows.append({"agency_code": a["code"], "month": month, "sent": sent, "received": received,
                         "sent_signed": min(sent, int(sent * signed)), "connected": int(connected)})
    for col, total in (("sent", AXIS_SENT_2019), ("received", AXIS_RECEIVED_2019)):
        _scale_to_total([r for r in rows if "2019-03" <= r["month"] <= "2019-07"], col, total)
    for r in rows:
        r["sent_signed"] = min(r["sent_signed"], r["sent"])
    return rows


def _scale_to_total(rows: list[dict], col: str, total: int) -> None:
    """Scale a column so that it sums exactly to `total` (largest remainders absorb rounding)."""
    current = sum(r[col] for r in rows)
    exact = [r[col] * total / current for r in rows]
    for r, x in zip(rows, exact):
        r[col] = int(x)
    rest = total - sum(r[col] for r in rows)
    order = sorted(range(len(rows)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in order[:rest]:
        rows[i][col] += 1


def _services(rng: random.Random, prof: _Profiles) -> list[dict]:
    rows = []
    for month in MONTHS:
        t = _t(month)
        portal = month >= PORTAL_LAUNCH
        for a in _agencies_in(month, ("province", "ministry")):
            if ("services", a["code"], month) in MISSING_REPORTS:
                continue
            p = prof.get(a["code"], a["kind"], a["set_id"])
            r = random.Random(f"{SEED}:svc:{a['set_id']}:{a['code']}")
            procedures = int((r.uniform(1_650, 1_950) if a["kind"] == "province" else r.uniform(90, 420))
                             * (1 - 0.015 * t) * (1.6 if a["set_id"] == "34" else 1))
            full_cap, portal_cap, speed = r.uniform(0.35, 0.85), r.uniform(0.3, 0.8), r.uniform(0.6, 1.6)
            online_share = min(0.98, 0.45 + 0.5 * _logistic(t + p["maturity"], 1.5, 1.3))
            full_share = min(0.9, 0.05 + full_cap * _logistic(t + p["maturity"], 2.4, speed))
            portal_share = 0.0 if not portal else min(0.85, 0.02 + portal_cap * _logistic(t + p["maturity"], 2.6, speed))
            online = int(procedures * online_share)
            synced = int(p["size"] * 0.9 * min(1, 0.2 + _logistic(t, 1.3, 3))) if portal else 0
            rows.append({"agency_code": a["code"], "month": month, "procedures": procedures,
                         "services_online": online, "services_full_online": int(procedures * full_share),
                         "services_on_portal": min(online, int(procedures * portal_share)),
                         "dossiers_synced": synced,
                         "dossiers_online": int(synced * min(0.6, 0.02 + 0.5 * _logistic(t, 4, 1)) * rng.uniform(0.9, 1.1))})
            rows[-1]["services_full_online"] = min(rows[-1]["services_full_online"], online)
    for row in rows:
        if row["month"] == "2020-11" and row["agency_code"] in PORTAL_PROVINCES_2020_11:
            row["services_on_portal"] = PORTAL_PROVINCES_2020_11[row["agency_code"]]
    rows.extend(_national_catalogue())
    return rows


def _national_catalogue() -> list[dict]:
    """The nationwide row: the National Portal's own catalogue, not a sum of agencies."""
    rows = []
    for month in MONTHS:
        t = _t(month)
        procedures = int(6_842 * (1 + 0.02 * (_t("2020-09") - t)))
        on_portal = 0 if month < PORTAL_LAUNCH else int(1_435 * (0.15 + 0.85 * (t - 0.92) / (1.67 - 0.92))) if month <= "2020-09" \
            else int(1_435 + 420 * (t - 1.67))
        online = int(procedures * min(0.95, 0.35 + 0.45 * _logistic(t, 1.6, 1.5)))
        full = int(procedures * (0.08 + 0.62 * _logistic(t, 2.6, 0.9)))
        rows.append({"agency_code": NATIONAL_CODE, "month": month, "procedures": procedures,
                     "services_online": online, "services_full_online": min(full, online),
                     "services_on_portal": min(on_portal, online), "dossiers_synced": 0, "dossiers_online": 0})
        if month == "2020-09":
            rows[-1].update(PORTAL_2020_09)
    return rows


TASK_TITLES = [
    "Hoàn thiện cơ sở dữ liệu chuyên ngành và kết nối với Hệ thống thông tin báo cáo Chính phủ",
    "Rà soát, cắt giảm, đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý",
    "Tích hợp dịch vụ công trực tuyến lên Cổng Dịch vụ công quốc gia",
    "Báo cáo tình hình triển khai Chính phủ điện tử quý",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Triển khai thanh toán trực tuyến nghĩa vụ tài chính",
    "Chuẩn hóa chế độ báo cáo định kỳ theo Nghị định 09/2019/NĐ-CP",
    "Xây dựng Trung tâm thông tin, chỉ đạo, điều hành",
    "Đề xuất sửa đổi văn bản quy phạm pháp luật liên quan",
    "Kết nối phần mềm quản lý văn bản với Trục liên thông văn bản quốc gia",
    "Kiểm tra, xử lý hồ sơ tồn đọng quá hạn",
    "Tổ chức đối thoại với doanh nghiệp về thủ tục hành chính",
]


def _task(rng, code, assigned: date, seq: int, *, due_days=None, completion=None) -> dict:
    due = assigned + timedelta(days=due_days if due_days is not None else rng.choice([15, 30, 45, 60, 90, 120]))
    return {"task_id": f"NV-{assigned:%Y%m}-{code}-{seq:03d}", "agency_code": code,
            "title": rng.choice(TASK_TITLES), "assigned_on": assigned, "assigned_month": f"{assigned:%Y-%m}",
            "due_on": due, "completed_on": completion}


def _tasks(rng: random.Random, prof: _Profiles) -> list[dict]:
    end = date(2026, 10, 31)
    rows = []
    for month in MONTHS:
        y, m = int(month[:4]), int(month[5:])
        for a in _agencies_in(month, ("province", "ministry")):
            p = prof.get(a["code"], a["kind"], a["set_id"])
            n = rng.choice([0, 1, 1, 2]) if a["kind"] == "province" else (4 if y == 2019 else rng.choice([1, 2, 3]))
            for seq in range(n):
                assigned = date(y, m, rng.randint(1, 28))
                task = _task(rng, a["code"], assigned, seq + 1)
                span = (task["due_on"] - assigned).days
                slow = 1.35 - p["base"] - p["slope"] * _t(month) * 3
                x = rng.random()
                if x < 0.025 + slow * 0.1:
                    done = None  # stalls
                else:
                    done = assigned + timedelta(days=int(span * rng.uniform(0.3, 1.0 + slow * 2.2)))
                task["completed_on"] = done if done is None or done <= end else None
                rows.append(task)
    rows = [t for t in rows if not (t["agency_code"] == "68" and "2020-01" <= t["assigned_month"] <= "2020-10")]
    rows.extend(_lam_dong_tasks(rng))
    _calibrate_ministry_overdue(rows)
    return rows


def _lam_dong_tasks(rng: random.Random) -> list[dict]:
    """77 tasks assigned to Lâm Đồng in Jan–Oct 2020; as of 31 Oct 2020: 30 on time, 3 late, 44 open in time."""
    as_of = date(2020, 10, 31)
    out, seq = [], 0
    for status, n in LAM_DONG_TASKS.items():
        for _ in range(n):
            seq += 1
            if status == "in_progress":
                assigned = date(2020, rng.randint(5, 10), rng.randint(1, 28))
                due = max(as_of + timedelta(days=rng.randint(5, 60)), assigned + timedelta(days=15))
                done = due - timedelta(days=rng.randint(0, 4)) if rng.random() < 0.8 else None
                done = done if done is None or done > as_of else as_of + timedelta(days=1)
            else:
                assigned = date(2020, rng.randint(1, 7), rng.randint(1, 28))
                due = assigned + timedelta(days=rng.choice([30, 45, 60]))
                done = due - timedelta(days=rng.randint(0, 10)) if status == "done_on_time" else due + timedelta(days=rng.randint(3, 20))
            out.append({"task_id": f"NV-{assigned:%Y%m}-68-{seq:03d}L", "agency_code": "68",
                        "title": rng.choice(TASK_TITLES), "assigned_on": assigned,
                        "assigned_month": f"{assigned:%Y-%m}", "due_on": due, "completed_on": done})
    return out


def _calibrate_ministry_overdue(rows: list[dict]) -> None:
    """Make the overdue share of ministries' 2019 tasks, as of 31 Dec 2019, exactly 2.13%."""
    as_of = date(2019, 12, 31)
    ministry_codes = {c for c, *_ in MINISTRIES_22}
    sel = [t for t in rows if t["agency_code"] in ministry_codes and t["assigned_month"].startswith("2019-")]
    while round(100 * round(len(sel) * MINISTRY_OVERDUE_2019 / 100) / len(sel), 2) != MINISTRY_OVERDUE_2019:
        rows.remove(sel.pop())  # drop a task until some whole count gives exactly 2.13%
    target = round(len(sel) * MINISTRY_OVERDUE_2019 / 100)

    def overdue(t):
        return (t["completed_on"] is None or t["completed_on"] > as_of) and t["due_on"] < as_of

    over = [t for t in sel if overdue(t)]
    for t in over[target:]:  # finish the surplus late, before the review date
        t["completed_on"] = min(as_of, max(t["due_on"] + timedelta(days=1), t["assigned_on"]))
    candidates = [t for t in sel if not overdue(t) and t["due_on"] < as_of - timedelta(days=1)]
    for t in candidates[: max(0, target - len(over))]:  # leave a few unfinished past their deadline
        t["completed_on"] = as_of + timedelta(days=20)


def generate() -> dict[str, list[dict]]:
    """All demo rows by table name, generated from the fixed seed."""
    rng = random.Random(SEED)
    prof = _Profiles()
    return {"dossiers": _dossiers(rng, prof), "documents": _documents(rng, prof),
            "services": _services(rng, prof), "tasks": _tasks(rng, prof)}


def load_demo(engine: Engine) -> dict[str, int]:
    """Replace all counts and tasks with the demo dataset and mark the data as illustrative."""
    data = generate()
    tables = {"dossiers": schema.dossiers, "documents": schema.documents,
              "services": schema.services, "tasks": schema.tasks}
    with engine.begin() as conn:
        for name, table in tables.items():
            conn.execute(delete(table))
            rows = data[name]
            for i in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[i:i + 5000])
        conn.execute(delete(schema.dataset_info))
        conn.execute(insert(schema.dataset_info), [
            {"key": "demo", "value": "1"},
            {"key": "source_vi", "value": "Dữ liệu minh họa (demo), không phải số liệu chính thức"},
            {"key": "source_en", "value": "Illustrative demo data, not official figures"},
            {"key": "last_month", "value": LAST_MONTH}])
    from data.demo_index import load_demo_index  # the inputs of Decision 766's index, 08/2022 onward
    return {**{k: len(v) for k, v in data.items()}, **load_demo_index(engine, LAST_MONTH)}
