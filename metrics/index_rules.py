"""Rules the 766 index model must satisfy, run when the model loads (and in its tests).

Like the KPI catalog's rules: a tuple of small rule classes, each returning its list of problems.
The module does not import the model, so the model can call it at the end of its own loading.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, get_args

from data import schema

if TYPE_CHECKING:
    from metrics.index_model import IndexModel

TOLERANCE = 1e-9


class IndexModelError(ValueError):
    """The index model breaks a rule: the message lists every problem."""


class UniqueSnakeCaseIds:
    @staticmethod
    def validate(model: "IndexModel") -> list[str]:
        problems = []
        for kind, items in (("group", model.groups), ("criterion", model.criteria)):
            seen = set()
            for item in items:
                if not re.fullmatch(r"[a-z][a-z0-9_]*", item.id):
                    problems.append(f"{kind} {item.id}: id is not snake_case")
                if item.id in seen:
                    problems.append(f"{kind} {item.id}: duplicate id")
                seen.add(item.id)
        return problems


class PointsAddUp:
    """Criteria add up to their group's maximum; groups add up to the index's 100 points."""

    @staticmethod
    def validate(model: "IndexModel") -> list[str]:
        problems = []
        group_ids = {g.id for g in model.groups}
        for c in model.criteria:
            if c.group not in group_ids:
                problems.append(f"criterion {c.id}: unknown group {c.group}")
            if c.max_points <= 0:
                problems.append(f"criterion {c.id}: maximum points must be positive")
        for g in model.groups:
            total = sum(c.max_points for c in model.of_group(g.id))
            if abs(total - g.max_points) > TOLERANCE:
                problems.append(f"group {g.id}: criteria add to {total:g}, not {g.max_points:g}")
        total = sum(g.max_points for g in model.groups)
        if abs(total - model.max_points) > TOLERANCE:
            problems.append(f"groups add to {total:g}, not {model.max_points:g}")
        return problems


class InputsExist:
    """Every input column is a count column of the index's input table."""

    @staticmethod
    def validate(model: "IndexModel") -> list[str]:
        stored = set(schema.INDEX_INPUT_COLUMNS)
        return [f"criterion {c.id}: column {col} not in {schema.index766_inputs.name}"
                for c in model.criteria for col in c.inputs if col not in stored]


class PublishedGroupsMatch:
    """The groups are the published scores' columns, with the same maximum points."""

    @staticmethod
    def validate(model: "IndexModel") -> list[str]:
        declared = {g.id: float(g.max_points) for g in model.groups}
        return ([f"groups {sorted(declared)} are not the published columns {sorted(schema.INDEX_GROUP_MAX)}"]
                if set(declared) != set(schema.INDEX_GROUP_MAX) else
                [f"group {g}: {declared[g]:g} points, published as {m:g}"
                 for g, m in schema.INDEX_GROUP_MAX.items() if abs(declared[g] - m) > TOLERANCE])


class FormulasWellFormed:
    """Enumerated fields hold declared values; each formula has the inputs it needs."""

    @staticmethod
    def validate(model: "IndexModel") -> list[str]:
        from metrics.catalog import TimeAgg
        from metrics.index_model import DenominatorAgg, Formula, IfEmpty
        problems = []
        for c in model.criteria:
            for field, allowed in (("formula", Formula), ("denominator_agg", DenominatorAgg),
                                   ("if_empty", IfEmpty), ("time_agg", TimeAgg)):
                if getattr(c, field) not in get_args(allowed):
                    problems.append(f"criterion {c.id}: {field} {getattr(c, field)}")
            if c.formula in ("ratio", "complement") and not (c.numerator and c.denominator):
                problems.append(f"criterion {c.id}: a {c.formula} needs a numerator and a denominator")
            if c.formula == "reported" and (len(c.numerator) != 1 or c.denominator):
                problems.append(f"criterion {c.id}: a reported value is one column, without a denominator")
            if not 0 < c.full_at <= 100:
                problems.append(f"criterion {c.id}: full marks at {c.full_at:g}% is not a rate in (0, 100]")
        return problems


class Documented:
    """Labels and definitions in both languages; every source cited is a known one."""

    @staticmethod
    def validate(model: "IndexModel") -> list[str]:
        from metrics.index_model import SOURCES
        problems = []
        for c in model.criteria:
            if not (c.label_vi and c.label_en and c.definition_vi and c.definition_en):
                problems.append(f"criterion {c.id}: labels and definitions are required in both languages")
            if not c.sources:
                problems.append(f"criterion {c.id}: no source")
            problems += [f"criterion {c.id}: unknown source {s}" for s in c.sources if s not in SOURCES]
            if c.fitted and "FIT" not in c.sources:
                problems.append(f"criterion {c.id}: a fitted rule must cite FIT")
        for g in model.groups:
            if not (g.label_vi and g.label_en):
                problems.append(f"group {g.id}: labels are required in both languages")
        return problems


RULES = (UniqueSnakeCaseIds, PointsAddUp, InputsExist, PublishedGroupsMatch, FormulasWellFormed, Documented)


def validate(model: "IndexModel | None" = None) -> list[str]:
    """Every problem found by every rule (default: the loaded model)."""
    if model is None:
        from metrics.index_model import MODEL
        model = MODEL
    return [p for rule in RULES for p in rule.validate(model)]


def check(model: "IndexModel") -> None:
    """Raise IndexModelError naming every problem; called when the model loads."""
    problems = validate(model)
    if problems:
        raise IndexModelError("the 766 index model is invalid: " + "; ".join(problems))
