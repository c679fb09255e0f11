"""The piece store (pages.piece_store): what one worker built is read by another worker of the machine
instead of built again, for the same code, day, database and data only.

"Another worker" is this process with everything it kept in memory forgotten (`memo.clear()`,
Streamlit's caches cleared): all it has left is the store's directory, as a second process would."""
from __future__ import annotations

import logging
from datetime import date

import pytest
from sqlalchemy import update

from data import schema
from data.importer import import_bytes
from pages import piece_store

HEADER = "agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,pending_overdue\n"
TODAY = date(2026, 11, 30)
ON_TIME = "Tỷ lệ hồ sơ giải quyết đúng hạn"


def _builder(ctx, metric_id):
    return {"metric": metric_id}


def _other_builder(ctx, metric_id):
    return {"metric": metric_id}


def test_a_piece_is_filed_under_everything_it_was_built_from():
    day = date(2026, 11, 30)
    base = piece_store.key_of("sqlite:///a.sqlite", ("s", 1), _builder, ("ctx", "m"), day)
    assert base == piece_store.key_of("sqlite:///a.sqlite", ("s", 1), _builder, ("ctx", "m"), day)
    others = [
        piece_store.key_of("sqlite:///b.sqlite", ("s", 1), _builder, ("ctx", "m"), day),  # another database
        piece_store.key_of("sqlite:///a.sqlite", ("s", 2), _builder, ("ctx", "m"), day),  # new data
        piece_store.key_of("sqlite:///a.sqlite", ("s", 1), _other_builder, ("ctx", "m"), day),  # another builder
        piece_store.key_of("sqlite:///a.sqlite", ("s", 1), _builder, ("ctx", "n"), day),  # another view
        piece_store.key_of("sqlite:///a.sqlite", ("s", 1), _builder, ("ctx", "m"), date(2026, 12, 1)),  # next day
    ]
    assert None not in others and len({base, *others}) == 6


def test_what_cannot_be_named_stably_is_not_filed():
    def local(ctx):
        return ctx

    assert piece_store.key_of("sqlite://", 1, local, ()) is None  # defined inside a function
    assert piece_store.key_of("sqlite://", 1, lambda ctx: ctx, ()) is None
    assert piece_store.key_of("sqlite://", 1, _builder, (object(),)) is None  # shown by its address


def test_the_code_version_follows_the_source(tmp_path, monkeypatch):
    first = piece_store.code_version()
    monkeypatch.setattr(piece_store, "_version", None)
    (tmp_path / "app.py").write_text("print('changed')\n")
    monkeypatch.setattr(piece_store, "ROOT", tmp_path)
    assert piece_store.code_version() != first


def test_without_a_directory_there_is_no_store(monkeypatch):
    for value in ("", "off"):
        monkeypatch.setenv(piece_store.ENV_DIR, value)
        assert piece_store.directory() is None
        piece_store.put("k", {"x": 1})
        assert piece_store.get("k") is None


def test_a_store_is_made_private_and_keeps_the_first_piece_filed(tmp_path, monkeypatch):
    import stat

    monkeypatch.setenv(piece_store.ENV_DIR, str(tmp_path / "pieces"))
    piece_store.put("k", {"shown": "90,0%"})
    piece_store.put("k", {"shown": "10,0%"})  # the same view built again elsewhere: the first stays
    assert piece_store.get("k") == {"shown": "90,0%"}
    assert stat.S_IMODE((tmp_path / "pieces").stat().st_mode) == 0o700  # its pickles are loaded
    piece_store.close()


def test_a_store_that_cannot_be_opened_is_no_store(tmp_path, monkeypatch, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv(piece_store.ENV_DIR, str(blocked / "pieces"))
    with caplog.at_level(logging.WARNING, logger="pages.piece_store"):
        piece_store.put("k", {"x": 1})
        assert piece_store.get("k") is None
    assert "building without it" in caplog.text
    piece_store.close()


@pytest.fixture
def app_with_store(engine, scratch_url, tmp_path, monkeypatch):
    from apptest_support import apps_on

    monkeypatch.setenv(piece_store.ENV_DIR, str(tmp_path / "pieces"))
    with apps_on(scratch_url, monkeypatch) as make:
        yield make, str(tmp_path / "pieces")
    piece_store.close()


def _forget_memory():
    import streamlit as st

    from pages import memo
    st.cache_data.clear()
    memo.clear()


def _on_time(at) -> str:
    return {m.label.split("] ", 1)[-1]: m.value for m in at.metric}[ON_TIME]


def test_another_worker_reads_the_piece_and_new_data_is_built_again(engine, app_with_store, monkeypatch):
    app, store_dir = app_with_store
    # Hà Nội, 10/2026: 90 of 100 resolved on time = 90,0 %
    assert import_bytes(engine, (HEADER + "01,2026-10,200,150,90,10,0,0\n").encode(), "a.csv", today=TODAY).applied
    assert _on_time(app("dossiers", to="2026-10")) == "90,0%"

    # Behind the importer's back (the data stamp does not move): 10 of 100 on time = 10,0 %
    with engine.begin() as conn:
        conn.execute(update(schema.dossiers).values(resolved_on_time=10, resolved_late=90))
    _forget_memory()
    assert _on_time(app("dossiers", to="2026-10")) == "90,0%"  # the piece the first worker filed
    monkeypatch.setenv(piece_store.ENV_DIR, "off")
    _forget_memory()
    assert _on_time(app("dossiers", to="2026-10")) == "10,0%"  # without the store: built now

    # An import moves the data stamp, so what the store holds is no longer asked for:
    # the same row again with 37 of 100 on time = 37,0 %
    monkeypatch.setenv(piece_store.ENV_DIR, store_dir)
    assert import_bytes(engine, (HEADER + "01,2026-10,400,100,37,63,0,0\n").encode(), "b.csv", today=TODAY).applied
    _forget_memory()
    assert _on_time(app("dossiers", to="2026-10")) == "37,0%"


def _shown(node) -> list[bytes]:
    """Every element under an AppTest node, as its protobuf bytes, in order."""
    out = []
    for child in node.children.values():
        if getattr(child, "children", None):
            out += _shown(child)
        else:
            out.append(child.proto.SerializeToString(deterministic=True))
    return out


VIEWS = [(slug, {"agency": "68"} if slug == "scorecard" else {}) for slug in
         ("overview", "dossiers", "documents", "services", "tasks", "rankings", "scorecard")]


@pytest.mark.parametrize("page,params", VIEWS + [(None, {"mode": "meeting"})])
def test_every_page_shows_the_same_from_the_store(demo_url, tmp_path, monkeypatch, caplog, page, params):
    """Every piece of a page pickles into the store and comes back as it was built: the view drawn
    from the store, with nothing built, is the built one, element for element (figures as the JSON
    sent)."""
    from apptest_support import apps_on

    from pages import view_pieces

    def nothing_built(obj):
        raise AssertionError(f"built again instead of read from the store: {type(obj).__name__}")

    monkeypatch.setenv(piece_store.ENV_DIR, str(tmp_path / "pieces"))
    with caplog.at_level(logging.WARNING, logger="pages.piece_store"), apps_on(demo_url, monkeypatch) as app:
        built = _shown(app(page, to="2025-06", **params).main)
        _forget_memory()
        monkeypatch.setattr(view_pieces, "freeze", nothing_built)  # every piece built goes through it
        stored = _shown(app(page, to="2025-06", **params).main)
    piece_store.close()
    assert [r.getMessage() for r in caplog.records if r.name == "pages.piece_store"] == []  # all filed and read
    assert len(built) > 5 and stored == built
