"""Rules the catalog must satisfy, each returning a list of problems (empty when it holds)."""
from __future__ import annotations

import re

from data import schema
from metrics.catalog import FAMILIES, METRICS, TASK_STATUS_COLUMNS, Metric

VIRTUAL_COLUMNS = {"documents": {"reporting"}, "tasks": set(TASK_STATUS_COLUMNS)}


def _columns(table: str) -> set[str]:
    if table == "tasks":
        return set(TASK_STATUS_COLUMNS)
    t = schema.COUNT_TABLES[table]
    return {c.name for c in t.columns} - {"agency_code", "month"} | VIRTUAL_COLUMNS.get(table, set())


def snake_case_ids(metrics) -> list[str]:
    return [f"{m.id}: id is not snake_case" for m in metrics if not re.fullmatch(r"[a-z][a-z0-9_]*", m.id)]


def unique_ids_and_labels(metrics) -> list[str]:
    problems = []
    for attr in ("id", "label_vi", "label_en"):
        seen = set()
        for m in metrics:
            v = getattr(m, attr)
            if v in seen:
                problems.append(f"{m.id}: duplicate {attr} {v!r}")
            seen.add(v)
    return problems


def inputs_exist(metrics) -> list[str]:
    problems = []
    for m in metrics:
        if m.table not in schema.COUNT_TABLES and m.table != "tasks":
            problems.append(f"{m.id}: unknown table {m.table}")
            continue
        for col in m.numerator + m.denominator:
            if col not in _columns(m.table):
                problems.append(f"{m.id}: column {col} not in {m.table}")
        if m.kind == "ratio" and not m.denominator:
            problems.append(f"{m.id}: ratio without denominator")
    return problems


def fields_valid(metrics: tuple[Metric, ...]) -> list[str]:
    problems = []
    for m in metrics:
        if m.kind not in ("ratio", "simple"):
            problems.append(f"{m.id}: kind {m.kind}")
        if m.time_agg not in ("sum", "last"):
            problems.append(f"{m.id}: time_agg {m.time_agg}")
        if m.direction not in ("higher", "lower"):
            problems.append(f"{m.id}: direction {m.direction}")
        if not (m.definition_vi and m.definition_en and m.unit_vi and m.unit_en):
            problems.append(f"{m.id}: definition and unit are required in both languages")
        if m.family not in {f.id for f in FAMILIES}:
            problems.append(f"{m.id}: unknown family {m.family}")
        if m.composite_weight and not (m.kind == "ratio" and m.rankable):
            problems.append(f"{m.id}: only rankable ratios can weigh in the composite index")
    total = sum(m.composite_weight for m in metrics)
    if total and abs(total - 100) > 1e-9:
        problems.append(f"composite weights add to {total}, not 100")
    return problems


RULES = (snake_case_ids, unique_ids_and_labels, inputs_exist, fields_valid)


def validate(metrics=METRICS) -> list[str]:
    """Every problem found by every rule."""
    return [p for rule in RULES for p in rule(metrics)]
