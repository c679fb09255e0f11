"""A figure drafted as plain dicts and built in one call is the figure plotly's own step-by-step calls
make: the lines, notes and two-panel grid written out by `charts.draft` and `charts.bars` are the ones
`add_hline`, `add_vline`, `add_annotation` and `make_subplots` produce."""
from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.bars import top_bottom_bars
from charts.draft import Draft
from metrics import catalog

import pandas as pd


def test_lines_and_notes_are_the_ones_plotly_adds():
    x = ["01/2025", "02/2025"]
    steps = go.Figure([go.Scatter(x=x, y=[1, 2])])
    steps.add_hline(y=80.0, line={"color": "#d73027", "dash": "dash", "width": 2}, annotation_text="Mục tiêu",
                    annotation_position="top right", annotation_font_color="#d73027")
    steps.add_hline(y=30.0, line={"color": "#d73027"})
    steps.add_vline(x="02/2025", line={"color": "#6d4c41", "dash": "dash", "width": 2})
    steps.add_vline(x=date(2025, 7, 1), line={"color": "#424242", "dash": "dot", "width": 2}, layer="below")
    steps.add_annotation(x="02/2025", y=0.91, yref="paper", showarrow=False, text="Tỉnh 63→34")
    steps.update_layout(height=300, xaxis={"type": "category"})

    draft = Draft().add("scatter", x=x, y=[1, 2])
    draft.hline(80.0, {"color": "#d73027", "dash": "dash", "width": 2}, {"text": "Mục tiêu", "font": {"color": "#d73027"}})
    draft.hline(30.0, {"color": "#d73027"})
    draft.vline("02/2025", {"color": "#6d4c41", "dash": "dash", "width": 2})
    draft.vline(date(2025, 7, 1), {"color": "#424242", "dash": "dot", "width": 2}, layer="below")
    draft.note(x="02/2025", y=0.91, yref="paper", showarrow=False, text="Tỉnh 63→34")
    built = draft.lay({"height": 300}, {"xaxis": {"type": "category"}}).figure()

    assert built.to_dict() == steps.to_dict()
    # four lines; the target's label sits at the right end (x = 1 of the plot's width), above the line
    assert len(built.layout.shapes) == 4 and built.layout.annotations[0].x == 1
    assert built.layout.annotations[0].yanchor == "bottom" and built.layout.annotations[0].y == 80.0


def test_two_panels_are_laid_out_as_make_subplots_lays_them_out():
    values = pd.DataFrame({"agency": ["01", "02", "03"], "name_vi": ["A", "B", "C"], "name_en": ["A", "B", "C"],
                           "value": [30.0, 20.0, 10.0]})
    metric = catalog.get("services_online")
    fig = top_bottom_bars(metric, values, "vi", title="T", n=2)
    grid = make_subplots(rows=1, cols=2, subplot_titles=("Cao nhất (2)", "Thấp nhất (2)"), horizontal_spacing=0.22)
    assert fig.layout.xaxis.domain == grid.layout.xaxis.domain == (0.0, 0.39)
    assert fig.layout.xaxis2.domain == grid.layout.xaxis2.domain == (0.61, 1.0)
    assert [a.text for a in fig.layout.annotations] == [a.text for a in grid.layout.annotations]
    assert [a.x for a in fig.layout.annotations] == [a.x for a in grid.layout.annotations]
    # the right panel's bars are drawn on its own axes: the two lowest, 10 then 20
    right = fig.data[1]
    assert (right.xaxis, right.yaxis) == ("x2", "y2") and list(right.x) == [10.0, 20.0]
