"""The 766 index model: it validates (when it loads, too), each rule catches a broken model, every
criterion cites its sources, and the README's glossary names every criterion."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from metrics import index_rules
from metrics.index_model import MODEL, SOURCES, IndexModel

ROOT = Path(__file__).resolve().parents[2]


def with_criterion(criterion_id: str, **changes) -> IndexModel:
    return IndexModel(MODEL.groups, tuple(replace(c, **changes) if c.id == criterion_id else c
                                          for c in MODEL.criteria))


def test_the_model_validates_and_adds_up():
    assert index_rules.validate() == []
    # 18 + 20 + 12 + 10 + 22 + 18 = 100
    assert {g.id: g.max_points for g in MODEL.groups} == {
        "transparency": 18, "progress": 20, "online_services": 12, "online_payment": 10,
        "digitisation": 22, "satisfaction": 18}
    assert len(MODEL.criteria) == 21


BROKEN = {
    "criterion points do not add to the group": (
        index_rules.PointsAddUp, with_criterion("announced_on_time", max_points=5),
        "group transparency: criteria add to 17, not 18"),
    "groups do not add to 100": (
        index_rules.PointsAddUp,
        IndexModel(tuple(replace(g, max_points=19) if g.id == "transparency" else g for g in MODEL.groups),
                   tuple(replace(c, max_points=7) if c.id == "announced_on_time" else c for c in MODEL.criteria)),
        "groups add to 101, not 100"),
    "unknown group": (index_rules.PointsAddUp, with_criterion("reused_data", group="digitization"),
                      "unknown group digitization"),
    "input column missing from the warehouse": (
        index_rules.InputsExist, with_criterion("dossiers_synced", numerator=("dossiers_synced",)),
        "column dossiers_synced not in index766_inputs"),
    "unknown formula": (index_rules.FormulasWellFormed, with_criterion("reused_data", formula="average"),
                        "formula average"),
    "unknown empty rule": (index_rules.FormulasWellFormed, with_criterion("reused_data", if_empty="skip"),
                           "if_empty skip"),
    "ratio without denominator": (index_rules.FormulasWellFormed, with_criterion("reused_data", denominator=()),
                                  "needs a numerator and a denominator"),
    "threshold out of range": (index_rules.FormulasWellFormed, with_criterion("reused_data", full_at=0.0),
                               "full marks at 0%"),
    "duplicate id": (index_rules.UniqueSnakeCaseIds, with_criterion("reused_data", id="personal_store"),
                     "duplicate id"),
    "id not snake_case": (index_rules.UniqueSnakeCaseIds, with_criterion("reused_data", id="ReusedData"),
                          "not snake_case"),
    "missing definition": (index_rules.Documented, with_criterion("reused_data", definition_en=""),
                           "definitions are required"),
    "unknown source": (index_rules.Documented, with_criterion("reused_data", sources=("BLOG",)),
                       "unknown source BLOG"),
    "fitted rule without the fit cited": (index_rules.Documented,
                                          with_criterion("dossiers_online", sources=("DOC",)),
                                          "a fitted rule must cite FIT"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_rule_catches_a_broken_model(case):
    rule, model, words = BROKEN[case]
    problems = rule.validate(model)
    assert any(words in p for p in problems), problems
    with pytest.raises(index_rules.IndexModelError, match="invalid"):
        index_rules.check(model)
    assert rule.validate(MODEL) == []


def test_a_broken_model_is_refused_when_it_loads(tmp_path):
    source = (ROOT / "metrics" / "index_model.py").read_text(encoding="utf-8")
    broken = source.replace('"Procedures announced on time", 6,', '"Procedures announced on time", 5,', 1)
    assert broken != source
    (tmp_path / "broken_model.py").write_text(broken, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", "import broken_model"], capture_output=True, text=True,
                         env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"})
    assert run.returncode != 0
    assert "IndexModelError" in run.stderr and "criteria add to 17, not 18" in run.stderr


def test_every_criterion_cites_known_sources_and_fitted_rules_say_so():
    for c in MODEL.criteria:
        assert c.sources and set(c.sources) <= set(SOURCES), c.id
    fitted = {c.id for c in MODEL.criteria if c.fitted}
    # the online services split and the payment split are fitted from the Portal's scores
    assert {"procedures_online", "services_with_dossiers", "dossiers_online",
            "dossiers_paid_online", "fee_procedures_paid_online", "fee_procedures_on_portal"} == fitted


def test_readme_glossary_names_every_criterion_with_its_source():
    rows = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("|")]
    for c in MODEL.criteria:
        row = next((r for r in rows if f"`{c.id}`" in r), None)
        assert row is not None, f"README lacks criterion {c.id}"
        assert c.label_vi in row and all(s in row for s in c.sources), row
        assert ("fitted" in row) == c.fitted, row
