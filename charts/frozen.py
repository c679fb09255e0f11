"""Figures that are finished: their dict form (what Streamlit serialises on every run that shows them)
is made once and kept.

A plotly figure's `to_dict()` deep-copies the figure and encodes its arrays on every call; for a
figure built once and shown on every rerun of every session, that copy is most of the cost of
showing it. `freeze` marks built figures as finished; nothing may modify them afterwards.

A finished figure is pickled as that dict form and comes back without plotly's validation (5–10 ms a
figure): Streamlit only asks it for `to_dict()`. Its plotly objects are built from the dict the first
time anything else is asked of it (`fig.layout`, `fig.data`, an export)."""
from __future__ import annotations

import copy

import plotly.graph_objects as go


class FrozenFigure(go.Figure):
    """A finished figure: `to_dict()` is computed on first use and then returned as it is."""

    def to_dict(self):
        kept = self.__dict__.get("_frozen_dict")
        if kept is None:
            kept = super().to_dict()
            self.__dict__["_frozen_dict"] = kept
        return kept

    def __reduce__(self):
        grid = (self.__dict__.get("_grid_str"), self.__dict__.get("_grid_ref"))
        if "_frozen_grid" in self.__dict__:  # thawed from a pickle and never built: its grid is kept aside
            grid = self.__dict__["_frozen_grid"]
        return (thawed, (self.to_dict(), *grid))

    def __getattr__(self, name):
        # Only reached for what the instance lacks: a figure made by `thawed` builds its plotly
        # objects now, once, from its dict form.
        state = self.__dict__
        if "_frozen_grid" not in state or state.get("_thawing"):
            raise AttributeError(name)
        state["_thawing"] = True
        grid_str, grid_ref = state["_frozen_grid"]
        # plotly's constructor takes the trace dicts apart: it gets a copy, the dict form stays as sent
        go.Figure.__init__(self, {**copy.deepcopy(state["_frozen_dict"]), "_grid_str": grid_str, "_grid_ref": grid_ref})
        del state["_frozen_grid"]
        return getattr(self, name)


def thawed(spec: dict, grid_str=None, grid_ref=None) -> FrozenFigure:
    """A finished figure from its dict form, with no validation: what unpickling a frozen figure gives."""
    fig = go.Figure.__new__(FrozenFigure)
    fig.__dict__.update(_frozen_dict=spec, _frozen_grid=(grid_str, grid_ref))
    return fig


def freeze(obj):
    """`obj` with every plotly figure in it (itself, or the members of a tuple, list or dict) frozen."""
    if type(obj) is go.Figure:
        obj.__class__ = FrozenFigure
    elif isinstance(obj, (tuple, list)):
        for member in obj:
            freeze(member)
    elif isinstance(obj, dict):
        for member in obj.values():
            freeze(member)
    return obj
