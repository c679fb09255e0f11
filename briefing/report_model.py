"""The written report as a list of blocks (headings, paragraphs, tables, images), written once and
laid out twice: as DOCX (editable draft) and as PDF. Both therefore hold the same words and numbers."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from briefing import requests
from briefing.content import Pack
from charts.attention import arrow
from i18n import t
from metrics import formatting, insights
from metrics.periods import month_label
from metrics.ranking import band


@dataclass
class Block:
    kind: str  # heading, para, item, table, image, caption
    text: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    image: str = ""  # key into the pack's rendered images


def title(pack: Pack) -> str:
    return t("br_title", pack.lang, period=insights.period_phrase(pack.period, pack.lang))


def _kpi_table(pack: Pack) -> Block:
    lang = pack.lang
    rows = []
    for sec in pack.families:
        m, f = sec.metric, sec.headline
        x = f.facts
        ratio = (f"{formatting.number(f.numerator, lang)}/{formatting.number(f.denominator, lang)}"
                 if m.is_rate and f.value is not None else "")
        target = (f"{formatting.value(m, x['target'], lang)} ({x['deadline'].strftime('%d/%m/%Y')})"
                  if x.get("target") is not None else "")
        status = t(f"br_status_{x['status']}", lang) if x.get("status") else ""
        rows.append([f"{m.label(lang)} ({f.period.label(lang)})", formatting.value(m, f.value, lang), ratio,
                     formatting.delta(m, x.get("change"), lang) or formatting.NA[lang], target, status])
    return Block("table", headers=t("br_kpi_cols", lang).split("|"), rows=rows, widths=[4.2, 1.6, 2.6, 1.8, 2.2, 2.0])


def _ranking_table(pack: Pack, ranking) -> Block:
    lang = pack.lang
    name = "name_en" if lang == "en" else "name_vi"
    rows = []
    for _, r in ranking.sort_values(["rank", "agency"], na_position="last").iterrows():
        v = r["value"]
        rows.append(["–" if pd.isna(r["rank"]) else str(int(r["rank"])), r[name],
                     formatting.number(v, lang, 2), band(None if v != v else float(v), lang) or "",
                     arrow(r.get("rank_change"))])
    return Block("table", headers=t("br_rank_cols", lang).split("|"), rows=rows, widths=[1.0, 5.5, 1.6, 2.0, 1.6])


def _requests_blocks(pack: Pack) -> list[Block]:
    """The heading, one sentence, and the table when any request is outstanding."""
    lang = pack.lang
    out = [Block("heading", t("br_sec_requests", lang)), Block("para", requests.summary(pack.requests, lang))]
    if not pack.requests.empty:
        out.append(Block("table", headers=requests.headers(lang), rows=requests.rows(pack.requests, lang),
                         widths=[2.3, 2.5, 2.3, 2.9, 2.1, 2.0, 2.2]))
    return out


def blocks(pack: Pack) -> list[Block]:
    """The body of the report, after the motto block and the title."""
    lang = pack.lang
    out = [Block("para", t("br_intro", lang, period=insights.period_phrase(pack.period, lang), scope=pack.scope_label,
                            compare=insights.period_phrase(pack.compare, lang)))]

    def sentences(kinds):
        return [Block("item", insights.sentence(f, lang)) for f in pack.of_kind(*kinds)]

    if "families" in pack.sections:
        out.append(Block("heading", t("br_sec_overview", lang)))
        out += sentences(("headline",))
        out.append(_kpi_table(pack))
    if "ranking" in pack.sections:
        out.append(Block("heading", t("br_sec_rankings", lang)))
        out += sentences(("own_rank", "mover_up", "mover_down", "bottom_enter", "bottom_leave")) or [Block("para", t("br_none", lang))]
        for rtitle, _kind, _region, ranking in pack.rankings:
            out.append(Block("caption", t("br_ranking_title", lang, title=rtitle, period=pack.period.label(lang))))
            out.append(_ranking_table(pack, ranking))
        out.append(Block("caption", t("br_ranking_note", lang)))
    out.append(Block("heading", t("br_sec_anomalies", lang)))
    out += sentences(("anomaly_history", "anomaly_peers", "driver")) or [Block("para", t("br_none", lang))]
    if "missing" in pack.sections:
        out.append(Block("heading", t("br_sec_reporting", lang)))
        out += sentences(("missing",)) or [Block("para", t("br_all_reported", lang, month=month_label(pack.period.end)))]
    if "overdue" in pack.sections:
        out.append(Block("heading", t("br_sec_tasks", lang)))
        if pack.overdue_total is not None:
            out.append(Block("para", insights.sentence(pack.overdue_total, lang)))
        if pack.overdue.empty:
            out.append(Block("para", t("br_no_overdue", lang)))
        else:
            name = "name_en" if lang == "en" else "name_vi"
            rows = [[r[name] if isinstance(r[name], str) else r["agency"], str(r["title"]),
                     r["due_on"].strftime("%d/%m/%Y"), formatting.number(r["days_overdue"], lang)]
                    for _, r in pack.overdue.iterrows()]
            out.append(Block("table", headers=t("br_overdue_cols", lang).split("|"), rows=rows, widths=[3.2, 6.6, 1.9, 1.6]))
    if "requests" in pack.sections and pack.requests is not None:
        out += _requests_blocks(pack)
    if "decisions" in pack.sections:
        out.append(Block("heading", t("br_sec_decisions", lang)))
        points = pack.decisions()
        if points:
            out.append(Block("para", t("br_proposal", lang)))
            out += [Block("item", insights.decision_line(f, lang)) for f in points]
        else:
            out.append(Block("para", t("br_no_decisions", lang)))
    out.append(Block("para", t("br_closing", lang, period=insights.period_phrase(pack.period, lang))))
    return out


def chart_blocks(pack: Pack, images: dict) -> list[Block]:
    """The annex of charts, placed after the signature."""
    keys = [k for k in images if k.startswith("trend_")] + (["map"] if "map" in images else [])
    if not keys:
        return []
    out = [Block("heading", t("br_sec_charts", pack.lang))]
    for k in keys:
        if k == "map":
            out.append(Block("caption", t("br_map_title", pack.lang, period=pack.period.label(pack.lang))))
        out.append(Block("image", image=k))
        if k == "map":
            out.append(Block("caption", t("br_map_sub", pack.lang)))
    return out
