"""Layout updates folded into one (`charts.theme.merged`) leave a figure exactly as the calls one after
the other would: the same figure (what the browser receives)."""
from __future__ import annotations

import plotly.graph_objects as go

from charts.draft import Draft
from charts.frame import frame
from charts.theme import layout_spec, merged, separators


def test_merged_later_values_win_keys_keep_their_first_place_and_none_sets_nothing():
    out = merged({"title": None, "margin": {"l": 10, "t": 10}, "height": 300},
                 {"margin": {"t": 72}, "title": {"text": "A"}, "showlegend": False})
    assert out == {"margin": {"l": 10, "t": 72}, "height": 300, "title": {"text": "A"}, "showlegend": False}
    assert list(out) == ["margin", "height", "title", "showlegend"]
    assert list(out["margin"]) == ["l", "t"]


def _two_calls(fig: go.Figure, title: str, subtitle: str, height: int, lang: str, legend: bool) -> go.Figure:
    """The frame as it was applied before: the product layout, then the title block over it."""
    fig.update_layout(**layout_spec(None, height))
    top = (72 + 18 * subtitle.count("<br>")) + (28 if legend else 0)
    fig.update_layout(
        title={"text": title, "font": {"size": 18}, "x": 0.01, "xanchor": "left", "xref": "container",
               "y": 1 - 12 / height, "yanchor": "top", "yref": "container",
               "subtitle": {"text": subtitle, "font": {"size": 14, "color": "#4a5568"}}},
        margin={"t": top}, showlegend=legend, separators=separators(lang),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"})
    return fig


def test_frame_in_one_call_is_the_json_of_the_two_calls():
    for lang, legend, subtitle in (("vi", True, "Toàn quốc · 10/2026"), ("en", False, "Nationwide<br>┆ mean: 95.8%")):
        draft = Draft().add("bar", x=[1.5, 2.0], y=["a", "b"], orientation="h")
        one = frame(draft, "Title", subtitle, 400, lang, legend).figure()
        two = _two_calls(go.Figure([go.Bar(x=[1.5, 2.0], y=["a", "b"], orientation="h")]), "Title", subtitle, 400, lang, legend)
        assert one.to_dict() == two.to_dict()
        # and the frame is there: 72 px for the title and subtitle, 18 more per extra line, 28 for a legend
        assert one.layout.margin.t == (72 + 28 if legend else 72 + 18)
        assert one.layout.separators == (",." if lang == "vi" else ".,")
