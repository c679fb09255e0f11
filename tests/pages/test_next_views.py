"""The views people opened that had to be built (pages.next_views): a worker notes each such view in
the piece store's directory, so that `deploy.ahead` builds its other pages next (meeting mode notes
the view it shows: its later slides are those pages); a view read from memory or from the store, or
a worker without a store, notes nothing."""
from __future__ import annotations

import logging
from datetime import date

import pytest

from data.importer import import_bytes
from pages import next_views, piece_store
from pages.next_views import Wanted

HEADER = "agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,pending_overdue\n"
TODAY = date(2026, 11, 30)
# What a view's other pages are opened with: its shared URL parameters, as a link to another page
# carries them (`url_params.SHARED`, the empty ones left out).
VIEW_OF = "lang={lang}&pk=month&to={to}&cmp=prev&b=auto&scope=national"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(piece_store.ENV_DIR, str(tmp_path / "pieces"))
    yield tmp_path / "pieces"
    next_views.close()
    piece_store.close()


def test_without_a_store_nothing_is_noted(monkeypatch):
    for value in ("", "off"):
        monkeypatch.setenv(piece_store.ENV_DIR, value)
        next_views.ask(8501, "dossiers", "to=2025-03")
        assert next_views.taken() == []


def test_views_are_taken_once_oldest_first(store):
    next_views.ask(8601, "", "to=2025-03")
    next_views.ask(8602, "dossiers", "lang=en&to=2025-04")
    assert next_views.taken() == [Wanted(8601, "", "to=2025-03"), Wanted(8602, "dossiers", "lang=en&to=2025-04")]
    assert next_views.taken() == []
    assert (store / next_views.QUEUE).is_dir()  # beside the pieces, in the store's private directory


def test_the_queue_keeps_the_newest_views(store):
    for i in range(next_views.WAITING + 3):
        next_views.ask(8601, "", f"to=2025-03&n={i}")
    got = next_views.taken()
    assert len(got) == next_views.WAITING
    assert got[0].query == "to=2025-03&n=3" and got[-1].query == f"to=2025-03&n={next_views.WAITING + 2}"


def test_a_queue_that_cannot_be_opened_notes_nothing_and_says_so(tmp_path, monkeypatch, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv(piece_store.ENV_DIR, str(blocked / "pieces"))
    with caplog.at_level(logging.WARNING, logger="pages.next_views"):
        next_views.ask(8601, "", "to=2025-03")
        next_views.ask(8601, "", "to=2025-04")
        assert next_views.taken() == []
    assert caplog.text.count("open failed") == 1  # said once
    next_views.close()


def test_a_page_that_built_its_view_notes_it_once(engine, scratch_url, store, monkeypatch):
    from apptest_support import apps_on

    for month, on_time in (("2026-09", 80), ("2026-10", 90)):
        row = f"01,{month},200,150,{on_time},{100 - on_time},0,0\n"
        assert import_bytes(engine, (HEADER + row).encode(), f"{month}.csv", today=TODAY).applied
    with apps_on(scratch_url, monkeypatch) as app:
        app("dossiers", to="2026-10")
        # the worker's port (Streamlit's default here), the page's URL path, the view
        assert next_views.taken() == [Wanted(8501, "dossiers", VIEW_OF.format(lang="vi", to="2026-10"))]

        app("dossiers", to="2026-10")  # a second visitor: every piece kept in memory, nothing built
        app("documents", to="2026-10")  # another page of the view: its own pieces, built now
        assert next_views.taken() == [Wanted(8501, "documents", VIEW_OF.format(lang="vi", to="2026-10"))]

        app(None, mode="meeting", to="2026-09")  # meeting mode: the view it shows, whose pages are its later slides
        assert next_views.taken() == [Wanted(8501, "", VIEW_OF.format(lang="vi", to="2026-09"))]

        app("dossiers", to="2026-09", lang="en")  # another language is another view
        assert next_views.taken() == [Wanted(8501, "dossiers", VIEW_OF.format(lang="en", to="2026-09"))]
