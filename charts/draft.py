"""A figure put together as plain dicts and made into a plotly figure in one constructor call.

Every update of a built plotly figure (`update_layout`, `update_xaxes`, `add_hline`, setting a trace
property) parses its property paths and creates the figure's child objects anew: a fresh figure's
first `update_layout` costs about 20 ms, the whole figure built in one call 1–3 ms. Figures are built
on the first view of every period, so each chart builder collects its traces, layout, lines and notes
here and builds the figure once, at the end."""
from __future__ import annotations

import plotly.graph_objects as go

from charts.theme import merged


class Draft:
    """Traces (dicts with their `type`), the layout (nested dicts, merged as `update_layout` would
    merge them), and the shapes and annotations in the order they were added."""

    def __init__(self) -> None:
        self.data: list[dict] = []
        self.layout: dict = {}
        self.shapes: list[dict] = []
        self.annotations: list[dict] = []

    def add(self, trace_type: str, **props) -> "Draft":
        """A trace: `add("bar", x=..., y=...)`."""
        self.data.append({"type": trace_type, **props})
        return self

    def lay(self, *updates: dict) -> "Draft":
        """Layout updates, later values winning and nested dicts merged (None sets nothing)."""
        self.layout = merged(self.layout, *updates)
        return self

    def hline(self, y, line: dict, annotation: dict | None = None) -> "Draft":
        """A horizontal line across the plot at `y` (what `add_hline` draws); `annotation` (text,
        font, ...) is written at its right end, above it (`annotation_position="top right"`)."""
        self.shapes.append({"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": y, "y1": y,
                            "yref": "y", "line": line})
        if annotation is not None:
            self.annotations.append({"showarrow": False, "x": 1, "xanchor": "right", "xref": "x domain",
                                     "y": y, "yanchor": "bottom", "yref": "y", **annotation})
        return self

    def vline(self, x, line: dict, **shape) -> "Draft":
        """A vertical line across the plot at `x` (what `add_vline` draws); `shape`: e.g. layer."""
        self.shapes.append({"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1,
                            "yref": "y domain", "line": line, **shape})
        return self

    def note(self, **annotation) -> "Draft":
        """An annotation, as `add_annotation` takes it."""
        self.annotations.append(annotation)
        return self

    def figure(self) -> go.Figure:
        """The plotly figure, validated in one constructor call."""
        layout = self.layout
        if self.shapes or self.annotations:
            layout = {**layout}
            if self.shapes:
                layout["shapes"] = [*layout.get("shapes", ()), *self.shapes]
            if self.annotations:
                layout["annotations"] = [*layout.get("annotations", ()), *self.annotations]
        return go.Figure(data=self.data, layout=layout)
