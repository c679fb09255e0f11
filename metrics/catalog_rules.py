"""Rules the KPI catalog must satisfy, run when the catalog loads (and in its tests).

As dbt-semantic-interfaces validates its manifest: a tuple of small rule classes, each returning
the list of problems it finds (empty when it holds); `validate` runs them all. The module does not
import the catalog, so the catalog can call it at the end of its own loading.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence, get_args

from data import schema

if TYPE_CHECKING:
    from metrics.catalog import Family, Metric

Metrics = Sequence["Metric"]
Families = Sequence["Family"]


class CatalogError(ValueError):
    """The catalog breaks a rule: the message lists every problem."""


def _derived():
    from metrics import catalog  # the catalog's own column lists; imported late (see module doc)
    return {"documents": {"reporting"}, "tasks": set(catalog.TASK_STATUS_COLUMNS) | set(catalog.TASK_DUE_COLUMNS)}


def columns_of(table: str) -> set[str]:
    """The input columns a metric of this table may name (stored counts and derived ones)."""
    derived = _derived()
    if table == "tasks":
        return derived["tasks"]
    t = schema.COUNT_TABLES[table]
    return {c.name for c in t.columns} - {"agency_code", "month"} | derived.get(table, set())


class SnakeCaseIds:
    @staticmethod
    def validate(metrics: Metrics, families: Families = ()) -> list[str]:
        return [f"{m.id}: id is not snake_case" for m in metrics if not re.fullmatch(r"[a-z][a-z0-9_]*", m.id)]


class UniqueIdsAndLabels:
    @staticmethod
    def validate(metrics: Metrics, families: Families = ()) -> list[str]:
        problems = []
        for attr in ("id", "label_vi", "label_en"):
            seen = set()
            for m in metrics:
                v = getattr(m, attr)
                if v in seen:
                    problems.append(f"{m.id}: duplicate {attr} {v!r}")
                seen.add(v)
        return problems


class InputsExist:
    @staticmethod
    def validate(metrics: Metrics, families: Families = ()) -> list[str]:
        from metrics.catalog import Table
        problems = []
        for m in metrics:
            if m.table not in get_args(Table):
                problems.append(f"{m.id}: unknown table {m.table}")
                continue
            for col in m.numerator + m.denominator:
                if col not in columns_of(m.table):
                    problems.append(f"{m.id}: column {col} not in {m.table}")
            if m.kind == "ratio" and not m.denominator:
                problems.append(f"{m.id}: ratio without denominator")
        return problems


class FieldsValid:
    """Each enumerated field holds one of its declared values (the `Literal`s of the catalog)."""

    @staticmethod
    def validate(metrics: Metrics, families: Families = ()) -> list[str]:
        from metrics.catalog import Direction, MetricKind, TimeAgg
        problems = []
        for m in metrics:
            for field, allowed in (("kind", MetricKind), ("time_agg", TimeAgg), ("direction", Direction)):
                if getattr(m, field) not in get_args(allowed):
                    problems.append(f"{m.id}: {field} {getattr(m, field)}")
            if not (m.definition_vi and m.definition_en and m.unit_vi and m.unit_en):
                problems.append(f"{m.id}: definition and unit are required in both languages")
            if families and m.family not in {f.id for f in families}:
                problems.append(f"{m.id}: unknown family {m.family}")
        return problems


class CompositeWeights:
    @staticmethod
    def validate(metrics: Metrics, families: Families = ()) -> list[str]:
        problems = [f"{m.id}: only rankable ratios can weigh in the composite index"
                    for m in metrics if m.composite_weight and not (m.kind == "ratio" and m.rankable)]
        total = sum(m.composite_weight for m in metrics)
        if total and abs(total - 100) > 1e-9:
            problems.append(f"composite weights add to {total}, not 100")
        return problems


class FamilyHeadlines:
    @staticmethod
    def validate(metrics: Metrics, families: Families = ()) -> list[str]:
        by_id = {m.id: m for m in metrics}
        return [f"family {f.id}: headline {f.headline} is not one of its metrics"
                for f in families if f.headline not in by_id or by_id[f.headline].family != f.id]


RULES = (SnakeCaseIds, UniqueIdsAndLabels, InputsExist, FieldsValid, CompositeWeights, FamilyHeadlines)


def validate(metrics: Metrics | None = None, families: Families | None = None) -> list[str]:
    """Every problem found by every rule (default: the loaded catalog)."""
    if metrics is None or families is None:
        from metrics import catalog
        metrics = catalog.METRICS if metrics is None else metrics
        families = catalog.FAMILIES if families is None else families
    return [p for rule in RULES for p in rule.validate(metrics, families)]


def check(metrics: Metrics, families: Families) -> None:
    """Raise CatalogError naming every problem; called when the catalog loads."""
    problems = validate(metrics, families)
    if problems:
        raise CatalogError("the KPI catalog is invalid: " + "; ".join(problems))
