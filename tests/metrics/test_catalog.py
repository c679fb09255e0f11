"""The metric catalog: it validates (when it loads, too), each validation rule catches a broken
metric, the required KPIs exist, the composite weights make 100 points, the official definitions
sit beside ours, and the README's glossary names every metric."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from metrics import catalog, catalog_rules
from metrics.catalog import METRICS

README = Path(__file__).resolve().parents[2] / "README.md"

REQUIRED_IDS = {
    "dossier_on_time_rate", "dossier_online_share", "dossiers_received",
    "documents_sent", "documents_received", "documents_signed_share", "agencies_connected",
    "services_online", "services_full_online_share", "services_on_portal", "services_portal_share",
    "portal_dossiers_synced", "portal_dossiers_online",
    "tasks_assigned", "task_completion_rate", "task_on_time_rate", "task_overdue_rate",
}
OFFICIAL_IDS = {"dossier_handled_on_time_rate", "task_due_completion_rate"}
"""The official definitions (766 index; the Government Office's task figure) beside ours."""


def _with(bad: catalog.Metric, replacing: str | None = None) -> tuple[catalog.Metric, ...]:
    """The catalog with one metric replaced by `bad` (or with `bad` appended)."""
    if replacing is None:
        return METRICS + (bad,)
    return tuple(bad if m.id == replacing else m for m in METRICS)


ON_TIME = catalog.get("dossier_on_time_rate")
RECEIVED = catalog.get("dossiers_received")


def test_catalog_validates():
    assert catalog_rules.validate() == []
    for rule in catalog_rules.RULES:
        assert rule.validate(METRICS, catalog.FAMILIES) == [], rule.__name__


def test_all_required_metrics_exist():
    ids = {m.id for m in METRICS}
    assert REQUIRED_IDS | OFFICIAL_IDS <= ids, sorted(REQUIRED_IDS | OFFICIAL_IDS - ids)
    assert len(METRICS) == 19
    assert len(ids) == len(METRICS)


def test_a_broken_catalog_is_refused_when_it_loads(tmp_path):
    # the catalog module checks itself at import: a bad entry makes the import fail with every problem
    source = Path(catalog.__file__).read_text(encoding="utf-8")
    broken = source.replace('thresholds=(95.0, 90.0), composite_weight=30,',
                            'thresholds=(95.0, 90.0), composite_weight=30, time_agg="mean",', 1)
    assert broken != source
    (tmp_path / "broken_catalog.py").write_text(broken, encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", "import broken_catalog"], capture_output=True, text=True,
                         env={"PYTHONPATH": f"{tmp_path}:{root}", "PATH": "/usr/bin:/bin"})
    assert run.returncode != 0
    assert "CatalogError" in run.stderr and "dossier_on_time_rate: time_agg mean" in run.stderr


def test_catalog_check_raises_naming_every_problem():
    bad = _with(replace(ON_TIME, kind="average", direction="up"), "dossier_on_time_rate")
    with pytest.raises(catalog_rules.CatalogError, match="kind average.*direction up"):
        catalog_rules.check(bad, catalog.FAMILIES)


def test_official_definitions_differ_from_ours_as_documented():
    ours, official = catalog.get("dossier_on_time_rate"), catalog.get("dossier_handled_on_time_rate")
    # ours: resolved dossiers only; official: pending within the deadline counts as on time
    assert ours.denominator == ("resolved_on_time", "resolved_late")
    assert set(official.numerator) == {"resolved_on_time", "pending_in_time"}
    assert set(official.denominator) == {"resolved_on_time", "resolved_late", "pending_in_time", "pending_overdue"}
    due = catalog.get("task_due_completion_rate")
    assert (due.numerator, due.denominator) == (("done_due",), ("due",))
    # kept off the rankings and the composite: they sit beside ours in the glossary, CLI and index
    assert not official.rankable and not due.rankable and not official.composite_weight


def test_get_names_the_known_ids_for_an_unknown_one():
    with pytest.raises(KeyError, match="dossier_on_time_rate"):
        catalog.get("on_time")


def test_composite_weights_add_to_100():
    weights = catalog.composite_weights()
    assert sum(weights.values()) == pytest.approx(100.0)
    # every component is a rankable rate
    for metric_id in weights:
        m = catalog.get(metric_id)
        assert m.kind == "ratio" and m.rankable, metric_id


def test_every_family_headline_is_a_metric_of_that_family():
    for family in catalog.FAMILIES:
        assert catalog.get(family.headline).family == family.id
        assert catalog.of_family(family.id)


def test_task_overdue_rate_is_lower_is_better():
    m = catalog.get("task_overdue_rate")
    assert m.direction == "lower" and not m.higher_is_better
    # thresholds read the other way round: 2% is good, 5% a warning
    assert m.status(1.5) == "green"
    assert m.status(3.0) == "amber"
    assert m.status(6.0) == "red"
    assert ON_TIME.status(96.0) == "green"
    assert ON_TIME.status(92.0) == "amber"
    assert ON_TIME.status(80.0) == "red"
    assert ON_TIME.status(None) is None
    assert ON_TIME.status(float("nan")) is None


# Each rule against a deliberately broken metric: (rule, broken catalog, words the problem names)
BROKEN = {
    "id not snake_case": (catalog_rules.SnakeCaseIds,
                          _with(replace(ON_TIME, id="DossierOnTime"), "dossier_on_time_rate"), "DossierOnTime"),
    "id starts with a digit": (catalog_rules.SnakeCaseIds,
                               _with(replace(ON_TIME, id="1_on_time"), "dossier_on_time_rate"), "1_on_time"),
    "duplicate id": (catalog_rules.UniqueIdsAndLabels,
                     _with(replace(RECEIVED, label_vi="Khác", label_en="Other")), "duplicate id"),
    "duplicate Vietnamese label": (catalog_rules.UniqueIdsAndLabels,
                                   _with(replace(RECEIVED, id="dossiers_received_2", label_en="Other")),
                                   "duplicate label_vi"),
    "duplicate English label": (catalog_rules.UniqueIdsAndLabels,
                                _with(replace(RECEIVED, id="dossiers_received_2", label_vi="Khác")),
                                "duplicate label_en"),
    "unknown table": (catalog_rules.InputsExist,
                      _with(replace(ON_TIME, table="dossier"), "dossier_on_time_rate"), "unknown table"),
    "unknown numerator column": (catalog_rules.InputsExist,
                                 _with(replace(ON_TIME, numerator=("resolved_in_time",)), "dossier_on_time_rate"),
                                 "resolved_in_time"),
    "unknown denominator column": (catalog_rules.InputsExist,
                                   _with(replace(ON_TIME, denominator=("resolved",)), "dossier_on_time_rate"),
                                   "resolved"),
    "column of another table": (catalog_rules.InputsExist,
                                _with(replace(ON_TIME, numerator=("sent_signed",)), "dossier_on_time_rate"),
                                "sent_signed"),
    "ratio without denominator": (catalog_rules.InputsExist,
                                  _with(replace(ON_TIME, denominator=()), "dossier_on_time_rate"),
                                  "ratio without denominator"),
    "unknown kind": (catalog_rules.FieldsValid,
                     _with(replace(ON_TIME, kind="average"), "dossier_on_time_rate"), "kind average"),
    "unknown time aggregation": (catalog_rules.FieldsValid,
                                 _with(replace(RECEIVED, time_agg="mean"), "dossiers_received"), "time_agg mean"),
    "unknown direction": (catalog_rules.FieldsValid,
                          _with(replace(ON_TIME, direction="up"), "dossier_on_time_rate"), "direction up"),
    "missing English definition": (catalog_rules.FieldsValid,
                                   _with(replace(ON_TIME, definition_en=""), "dossier_on_time_rate"), "definition"),
    "missing Vietnamese definition": (catalog_rules.FieldsValid,
                                      _with(replace(ON_TIME, definition_vi=""), "dossier_on_time_rate"), "definition"),
    "missing unit": (catalog_rules.FieldsValid,
                     _with(replace(RECEIVED, unit_en=""), "dossiers_received"), "unit"),
    "unknown family": (catalog_rules.FieldsValid,
                       _with(replace(ON_TIME, family="budget"), "dossier_on_time_rate"), "unknown family budget"),
    "composite weight on a count": (catalog_rules.CompositeWeights,
                                    # 10 of on-time's 30 points moved to a count: the total stays 100
                                    tuple(replace(m, composite_weight=10) if m.id == "dossiers_received"
                                          else replace(m, composite_weight=20) if m.id == "dossier_on_time_rate"
                                          else m for m in METRICS),
                                    "only rankable ratios"),
    "composite weight on an unrankable rate": (catalog_rules.CompositeWeights,
                                               _with(replace(ON_TIME, rankable=False), "dossier_on_time_rate"),
                                               "only rankable ratios"),
    "weights not adding to 100": (catalog_rules.CompositeWeights,
                                  # 30 → 25 for on-time: 25 + 15 + 15 + 20 + 20 = 95
                                  _with(replace(ON_TIME, composite_weight=25), "dossier_on_time_rate"),
                                  "add to 95"),
    "task column that does not exist": (catalog_rules.InputsExist,
                                        _with(replace(catalog.get("task_due_completion_rate"), denominator=("due_soon",)),
                                              "task_due_completion_rate"), "due_soon"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_rule_catches_a_broken_metric(case):
    rule, metrics, words = BROKEN[case]
    problems = rule.validate(metrics, catalog.FAMILIES)
    assert problems, f"{rule.__name__} missed: {case}"
    assert any(words in p for p in problems), problems
    # validate() reports it too, and the untouched catalog stays clean
    assert catalog_rules.validate(metrics)
    assert rule.validate(METRICS, catalog.FAMILIES) == []


def test_a_family_headline_outside_its_family_is_caught():
    families = tuple(replace(f, headline="documents_sent") if f.id == "dossiers" else f for f in catalog.FAMILIES)
    problems = catalog_rules.FamilyHeadlines.validate(METRICS, families)
    assert problems == ["family dossiers: headline documents_sent is not one of its metrics"]


def test_readme_glossary_names_every_metric_with_its_vietnamese_label():
    assert README.exists(), "README.md is missing: it must carry the glossary of metrics"
    rows = [line for line in README.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("|")]
    missing = [f"{m.id} ({m.label_vi})" for m in METRICS
               if not any(m.id in row and m.label_vi in row for row in rows)]
    assert not missing, f"README glossary table lacks: {', '.join(missing)}"
