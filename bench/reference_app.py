"""Reference page for bench/load.py: four metrics, four cached plotly charts and a table.

It stands for "a plain Streamlit page" so the app's cost per script run can be read as a ratio
(app / reference) measured side by side on the same machine with the same .streamlit/config.toml.
Its numbers are synthetic and labelled as such; it reads no database.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import streamlit as st

st.set_page_config(page_title="Reference page", layout="wide")


@st.cache_data
def frame() -> pd.DataFrame:
    """Ninety-four months of four synthetic series for 63 units (about 24,000 rows)."""
    rng = np.random.default_rng(42)
    months = pd.period_range("2019-01", periods=94, freq="M").astype(str)
    units = [f"U{i:02d}" for i in range(63)]
    idx = pd.MultiIndex.from_product([units, months], names=["unit", "month"])
    df = pd.DataFrame(index=idx).reset_index()
    for col, base in (("a", 95.0), ("b", 60.0), ("c", 80.0), ("d", 5.0)):
        df[col] = base + rng.normal(0, 2, len(df))
    return df


@st.cache_resource
def figures() -> list:
    """Four plotly figures built once per process (the 'cached chart' of a well-kept page)."""
    df = frame()
    monthly = df.groupby("month", as_index=False)[["a", "b", "c", "d"]].mean()
    last = df[df["month"] == df["month"].max()].sort_values("a")
    return [
        px.line(monthly, x="month", y="a", title="Series a by month (synthetic)"),
        px.bar(last, x="unit", y="b", title="Series b by unit, last month (synthetic)"),
        px.area(monthly, x="month", y="c", title="Series c by month (synthetic)"),
        px.scatter(last, x="a", y="d", hover_name="unit", title="a against d (synthetic)"),
    ]


df = frame()
last_month = df["month"].max()
st.title("Reference page (synthetic data)")
cols = st.columns(4)
for col, name in zip(cols, ("a", "b", "c", "d")):
    value = df.loc[df["month"] == last_month, name].mean()
    col.metric(f"Series {name}, {last_month}", f"{value:.1f}", f"{value - df[name].mean():+.1f}")
left, right = st.columns(2)
for i, fig in enumerate(figures()):
    (left if i % 2 == 0 else right).plotly_chart(fig, key=f"fig{i}")
st.dataframe(df[df["month"] == last_month].head(63), hide_index=True)
