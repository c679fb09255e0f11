"""New figures show on the next run, whoever wrote them: an import from the command line or from
another worker (here: the importer called beside the app, which tells the app nothing) moves the
data stamp, and the app forgets every read, figure and briefing pack it kept."""
from __future__ import annotations

from datetime import date

import pytest

from data.importer import import_bytes

HEADER = "agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,pending_overdue\n"
TODAY = date(2026, 11, 30)


def _cards(at) -> dict[str, str]:
    return {m.label.split("] ", 1)[-1]: m.value for m in at.metric}


def _text(at) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "metric") for e in getattr(at, kind))


@pytest.fixture
def app(engine, scratch_url, monkeypatch):
    from apptest_support import apps_on

    with apps_on(scratch_url, monkeypatch) as make:
        yield make


def test_an_import_beside_the_app_shows_on_the_next_run(engine, app):
    # Hà Nội, 10/2026: 90 of 100 resolved on time = 90.0 %; 150 of 200 received online = 75.0 %
    assert import_bytes(engine, (HEADER + "01,2026-10,200,150,90,10,0,0\n").encode(), "first.csv", today=TODAY).applied
    at = app("dossiers")
    cards = _cards(at)
    assert cards["Tỷ lệ hồ sơ giải quyết đúng hạn"] == "90,0%"
    assert cards["Tỷ lệ hồ sơ tiếp nhận trực tuyến"] == "75,0%"
    briefing = app("briefing")
    assert "90,0%" in _text(briefing)

    # the same agency and month again, from "the command line": 37 of 100 on time = 37.0 %;
    # 100 of 400 online = 25.0 %
    assert import_bytes(engine, (HEADER + "01,2026-10,400,100,37,63,0,0\n").encode(), "second.csv", today=TODAY).applied
    at.run()  # the same session's next run
    assert not at.exception
    cards = _cards(at)
    assert cards["Tỷ lệ hồ sơ giải quyết đúng hạn"] == "37,0%"
    assert cards["Tỷ lệ hồ sơ tiếp nhận trực tuyến"] == "25,0%"
    assert cards["Số hồ sơ tiếp nhận"] == "400 hồ sơ"
    briefing.run()
    text = _text(briefing)
    assert "37,0%" in text and "90,0%" not in text  # the pack (a kept resource) is made again


def test_a_refused_file_forgets_nothing(engine, app):
    from pages import memo

    assert import_bytes(engine, (HEADER + "01,2026-10,200,150,90,10,0,0\n").encode(), "first.csv", today=TODAY).applied
    at = app("dossiers")
    kept_generation = memo.generation()
    assert not import_bytes(engine, (HEADER + "01,2026-10,-1,0,0,0,0,0\n").encode(), "bad.csv", today=TODAY).applied
    at.run()
    assert memo.generation() == kept_generation
    assert _cards(at)["Tỷ lệ hồ sơ giải quyết đúng hạn"] == "90,0%"
