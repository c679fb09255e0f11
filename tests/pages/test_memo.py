"""Results kept in the process (pages.memo) and frozen figures (charts.frozen)."""
from __future__ import annotations

import threading
import time

import plotly.graph_objects as go
import plotly.io as pio

from charts.frozen import FrozenFigure, freeze
from pages import memo


def test_a_kept_result_is_computed_once_per_arguments_and_shared():
    calls = []

    @memo.kept(60, 10)
    def square(x):
        calls.append(x)
        return {"x": x * x}

    first = square(3)
    assert square(3) is first  # shared, not copied
    assert square(4) == {"x": 16}
    assert calls == [3, 4]
    memo.clear()
    assert square(3) == {"x": 9} and calls == [3, 4, 3]


def test_sessions_asking_at_the_same_moment_wait_for_one_computation():
    calls = []
    start = threading.Barrier(8)

    @memo.kept(60, 10)
    def slow(x):
        calls.append(x)
        time.sleep(0.2)  # long enough for the other seven threads to ask meanwhile
        return x

    results = []

    def ask():
        start.wait()
        results.append(slow("view"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == ["view"] * 8
    assert calls == ["view"]


def test_a_failed_computation_is_not_kept():
    calls = []

    @memo.kept(60, 10)
    def flaky(x):
        calls.append(x)
        if len(calls) == 1:
            raise RuntimeError("database gone")
        return x

    try:
        flaky(1)
    except RuntimeError:
        pass
    assert flaky(1) == 1 and calls == [1, 1]


def _figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=["Hà Nội", "Huế"], y=[95.5, 88.25], name="Đúng hạn"))
    fig.update_layout(title="Tỷ lệ đúng hạn", yaxis_title="%")
    return fig


def test_a_frozen_figure_sends_exactly_what_the_figure_would():
    original = pio.to_json(_figure().to_dict(), validate=False)
    fig = freeze(_figure())
    assert isinstance(fig, FrozenFigure)
    assert fig.to_dict() is fig.to_dict()  # made once
    assert pio.to_json(fig.to_dict(), validate=False) == original


def test_freeze_reaches_figures_inside_what_a_piece_returns():
    a, b = _figure(), _figure()
    out = freeze({"chart": a, "more": (b, "caption")})
    assert isinstance(out["chart"], FrozenFigure) and isinstance(out["more"][0], FrozenFigure)
    assert out["more"][1] == "caption"


def test_a_moved_data_stamp_forgets_what_was_kept():
    calls = []

    @memo.kept(3600, 10)
    def figure(x):
        calls.append(x)
        return [x]

    url = "sqlite:///follow-test.sqlite"
    figure(1)
    assert memo.follow(url, ("stamp", 1)) is False  # the first look: nothing to compare with
    assert memo.follow(url, ("stamp", 1)) is False  # unchanged: kept
    figure(1)
    assert calls == [1]
    assert memo.follow(url, ("stamp", 2)) is True  # new data written by someone: all forgotten
    figure(1)
    assert calls == [1, 1]
    assert memo.follow(url, ("stamp", 2)) is False


def test_a_result_computed_before_a_change_is_not_served_after_it():
    """A run that read the old data while another forgot it must not file its result for later
    runs: results are kept under the data's generation."""
    calls, started = [], threading.Event()

    @memo.kept(3600, 10)
    def slow(x):
        calls.append(x)
        started.set()
        time.sleep(0.3)
        return len(calls)

    old = []
    reader = threading.Thread(target=lambda: old.append(slow("view")))
    reader.start()
    started.wait(10)
    memo.forget_data()  # new data arrives while the old computation runs
    reader.join()
    assert old == [1]
    assert slow("view") == 2  # computed again from the new data, not the old result
    assert calls == ["view", "view"]


def test_meeting_mode_shows_the_pieces_of_the_same_view():
    from dataclasses import replace

    from metrics.periods import Period
    from metrics.scope import Scope
    from pages import view_pieces
    from pages.view_context import Ctx

    built = []

    def builder(ctx, metric_id):
        built.append((ctx.meeting, metric_id))
        return {"metric": metric_id, "period": ctx.period.start}

    ctx = Ctx("vi", Period.month("2026-08"), Period.month("2026-07"), "prev", "auto", Scope.national(),
              "sqlite://", True, "2026-10")
    shown = view_pieces.piece(builder, ctx, "dossier_on_time_rate")
    assert view_pieces.piece(builder, replace(ctx, meeting=True), "dossier_on_time_rate") is shown
    assert built == [(False, "dossier_on_time_rate")]  # built once, outside meeting mode
    view_pieces.piece(builder, replace(ctx, meeting=True, period=Period.month("2026-07")), "dossier_on_time_rate")
    assert len(built) == 2  # another view is another piece


def test_a_frozen_figure_comes_back_from_a_pickle_as_the_same_figure_without_validation():
    import pickle

    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2)
    fig.add_bar(x=["Hà Nội", "Huế"], y=[97.5, 88.0], row=1, col=2)
    fig.update_layout(title="Tỷ lệ đúng hạn")
    sent = pio.to_json(freeze(fig).to_dict(), validate=False)

    back = pickle.loads(pickle.dumps(fig))
    assert isinstance(back, FrozenFigure)
    assert set(back.__dict__) == {"_frozen_dict", "_frozen_grid"}  # only its dict form: nothing built
    assert pio.to_json(back.to_dict(), validate=False) == sent  # what Streamlit sends
    assert set(back.__dict__) == {"_frozen_dict", "_frozen_grid"}  # sending it built nothing either
    # anything else asked of it builds the plotly objects from the dict, subplot grid included
    assert back.layout.title.text == "Tỷ lệ đúng hạn"
    assert list(back.data[0].y) == [97.5, 88.0] and back.data[0].xaxis == "x2"
    assert back.get_subplot(1, 2).xaxis.anchor == "y2"
    again = pickle.loads(pickle.dumps(back))  # a built one pickles the same way
    assert pio.to_json(again.to_dict(), validate=False) == sent
    assert again.get_subplot(1, 2) is not None
