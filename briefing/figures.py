"""The pack's charts, built with the same `charts/` functions the pages use and rendered once to
PNG: the deck, the report and the PDF all place these very images."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from briefing.content import Pack
from briefing.images import Renderer
from briefing.print_map import print_map_figure
from charts.ranking_chart import ranking_figure
from charts.trend import trend_figure
from i18n import t
from metrics import formatting

TREND_SIZE = (800, 400)
MAP_SIZE = (720, 800)
RANKING_WIDTH = 640
RANKING_SPLIT = 18  # longer rankings are drawn in two halves, side by side on a slide


@dataclass
class Image:
    png: bytes
    width: int
    height: int

    @property
    def aspect(self) -> float:
        return self.height / self.width


def map_values(pack: Pack) -> pd.DataFrame:
    """The composite index per province in the shape the map functions read."""
    v = pack.map_values.rename(columns={"agency": "code"}).copy()
    v["value_label"] = [formatting.number(x, pack.lang, 2) for x in v["value"]]
    v.attrs["higher_is_better"] = True
    return v


def ranking_parts(ranking: pd.DataFrame) -> list[pd.DataFrame]:
    df = ranking.sort_values(["rank", "agency"], na_position="last").reset_index(drop=True)
    if len(df) <= RANKING_SPLIT:
        return [df]
    half = (len(df) + 1) // 2
    return [df.iloc[:half], df.iloc[half:]]


def render_all(pack: Pack) -> dict[str, Image]:
    """Every chart of the pack as PNG: `trend_<family>`, `map`, `ranking_<i>_<part>`."""
    lang = pack.lang
    jobs = []
    for sec in pack.families:
        m = sec.metric
        tgt = sec.target
        fig = trend_figure(m, sec.trend, lang, title=t("br_trend_title", lang, metric=m.label(lang),
                                                          period=sec.trend_period.label(lang)),
                           target=tgt["value"] if tgt else None,
                           target_label=(t("br_target_line", lang, target=formatting.value(m, tgt["value"], lang),
                                           deadline=tgt["deadline"].strftime("%d/%m/%Y")) if tgt else None),
                           height=TREND_SIZE[1])
        fig.update_layout(font={"size": 17}, title={"font": {"size": 20}})
        jobs.append((f"trend_{sec.family.id}", fig, *TREND_SIZE))
    if pack.map_values is not None and "map" in pack.sections:
        fig = print_map_figure(map_values(pack), pack.boundary, lang,
                               title="",
                               subtitle=None, legend_title=t("br_points_legend", lang), focus=pack.focus)
        jobs.append(("map", fig, *MAP_SIZE))
    if "ranking" in pack.sections:
        for i, (title, _kind, _region, ranking) in enumerate(pack.rankings):
            for j, part in enumerate(ranking_parts(ranking)):
                height = 150 + 28 * len(part)
                fig = ranking_figure(part, "composite", lang, title=None, highlight=pack.focus, height=height)
                fig.update_layout(font={"size": 16}, margin={"t": 60}, legend={"font": {"size": 15}})
                fig.update_yaxes(tickfont={"size": 16}, title_text="")
                jobs.append((f"ranking_{i}_{j}", fig, RANKING_WIDTH, height))
    out = {}
    with Renderer() as r:
        for key, fig, w, h in jobs:
            out[key] = Image(r.png(fig, w, h), w, h)
    return out
