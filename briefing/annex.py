"""The data annex (XLSX): every number the deck and the report quote, each with its numerator,
denominator, period, scope and source; one sheet per KPI family, then the findings, the composite
ranking, the overdue tasks, the explanation requests not yet closed and notes on method. Text cells are formula-safe."""
from __future__ import annotations

import io

import pandas as pd
import xlsxwriter

from briefing import requests
from briefing.content import Pack
from briefing.requests import metric_label
from data.cell_safety import neutralise
from i18n import t
from metrics import catalog, insights
from metrics.ranking_export import export_frame

SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(text: str, used: set[str]) -> str:
    name = text.translate(SHEET_CHARS)[:31].strip()
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


class _Sheet:
    """Rows written one after another; text neutralised, numbers as numbers, missing as blank."""

    def __init__(self, book, ws, pack: Pack, formats):
        self.book, self.ws, self.pack, self.f = book, ws, pack, formats
        self.row = 0
        if pack.demo:
            ws.write_string(0, 0, neutralise(t("br_demo_note", pack.lang)), formats["demo"])
            self.row = 1

    def title(self, text: str):
        self.ws.write_string(self.row, 0, neutralise(text), self.f["title"])
        self.row += 1

    def header(self, headers: list[str]):
        for c, h in enumerate(headers):
            self.ws.write_string(self.row, c, neutralise(h), self.f["head"])
        self.row += 1

    def values(self, values: list):
        for c, v in enumerate(values):
            if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
                continue
            if isinstance(v, bool):
                self.ws.write_boolean(self.row, c, v)
            elif isinstance(v, (int, float)):
                self.ws.write_number(self.row, c, float(v))
            else:
                self.ws.write_string(self.row, c, neutralise(str(v)))
        self.row += 1


def _unit(metric_id: str | None, lang: str) -> str:
    if metric_id is None:
        return ""
    if metric_id == "composite":
        return t("br_points_legend", lang)
    return catalog.get(metric_id).unit(lang)


def finding_row(f: insights.Finding, pack: Pack) -> list:
    """One finding as an annex row: item, metric, agency, value, unit, numerator, denominator,
    period, scope, source, the sentence itself."""
    lang = pack.lang
    return [f.kind, metric_label(f.metric, lang), f.agency, f.name(lang), f.value, _unit(f.metric, lang),
            f.numerator, f.denominator, f.period.label(lang), f.scope(lang), pack.source, insights.sentence(f, lang)]


def _family_sheet(s: _Sheet, pack: Pack, sec):
    lang, m, h = pack.lang, sec.metric, sec.headline
    x = h.facts
    unit = m.unit(lang)
    scope = pack.scope_label
    s.title(f"{sec.family.label(lang)} · {m.label(lang)}")
    s.header(t("br_annex_cols", lang).split("|"))
    s.values([t("br_item_headline", lang), m.label(lang), None, scope, h.value, unit, h.numerator, h.denominator,
              h.period.label(lang), scope, pack.source, insights.sentence(h, lang)])
    s.values([t("br_item_compare", lang), m.label(lang), None, scope, x.get("compare_value"), unit,
              x.get("compare_numerator"), x.get("compare_denominator"), x["compare_period"].label(lang), scope,
              pack.source, None])
    for _, r in sec.trend.iterrows():
        month = f"{r['month'][5:]}/{r['month'][:4]}"
        s.values([t("br_item_trend", lang), m.label(lang), None, scope, r["value"], unit, r.get("numerator"),
                  r.get("denominator"), month, scope, pack.source, None])
    for title, ranking in sec.weakest:
        name = "name_en" if lang == "en" else "name_vi"
        for _, r in ranking.sort_values(["rank", "agency"], na_position="last").iterrows():
            rank = "" if pd.isna(r["rank"]) else f"{int(r['rank'])}/{int(r['of'])}"
            s.values([f"{t('br_item_weakest', lang)} · {title} · {rank}", m.label(lang), r["agency"], r[name],
                      r["value"], unit, r.get("numerator"), r.get("denominator"), h.period.label(lang), title,
                      pack.source, None])
    for f in pack.findings:
        if f.family == sec.family.id and f.kind != "headline":
            s.values(finding_row(f, pack))
    s.ws.set_column(0, 0, 28)
    s.ws.set_column(1, 1, 34)
    s.ws.set_column(3, 3, 26)
    s.ws.set_column(4, 8, 13)
    s.ws.set_column(9, 10, 24)
    s.ws.set_column(11, 11, 100)


def build_xlsx(pack: Pack) -> bytes:
    """The annex as XLSX bytes."""
    lang = pack.lang
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    formats = {"demo": book.add_format({"bold": True, "font_color": "#C05000"}),
               "title": book.add_format({"bold": True, "font_size": 13}),
               "head": book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})}
    used: set[str] = set()
    for sec in pack.families:
        _family_sheet(_Sheet(book, book.add_worksheet(_sheet_name(sec.family.label(lang), used)), pack, formats), pack, sec)
    s = _Sheet(book, book.add_worksheet(_sheet_name(t("br_annex_findings", lang), used)), pack, formats)
    s.title(t("br_annex_title", lang, period=pack.period.label(lang), scope=pack.scope_label))
    s.header(t("br_annex_cols", lang).split("|"))
    for f in pack.findings:
        s.values(finding_row(f, pack))
    s.ws.set_column(11, 11, 120)
    if pack.rankings:
        s = _Sheet(book, book.add_worksheet(_sheet_name(t("br_annex_ranking", lang), used)), pack, formats)
        for title, _kind, _region, ranking in pack.rankings:
            frame = export_frame(ranking, "composite", pack.period, lang, scope=title, demo=pack.demo)
            s.title(t("br_ranking_title", lang, title=title, period=pack.period.label(lang)))
            s.header(list(frame.columns))
            for row in frame.itertuples(index=False):
                s.values(list(row))
            s.row += 1
        s.values([t("br_ranking_note", lang)])
    s = _Sheet(book, book.add_worksheet(_sheet_name(t("br_annex_overdue", lang), used)), pack, formats)
    s.title(insights.sentence(pack.overdue_total, lang) if pack.overdue_total else t("br_no_overdue", lang))
    s.header(t("br_overdue_cols", lang).split("|"))
    name = "name_en" if lang == "en" else "name_vi"
    for _, r in pack.overdue.iterrows():
        s.values([r[name] if isinstance(r[name], str) else r["agency"], r["title"], r["due_on"].strftime("%d/%m/%Y"),
                  int(r["days_overdue"])])
    if "requests" in pack.sections and pack.requests is not None:
        s = _Sheet(book, book.add_worksheet(_sheet_name(t("br_annex_requests", lang), used)), pack, formats)
        s.title(requests.summary(pack.requests, lang))
        if not pack.requests.empty:
            s.header(requests.headers(lang))
            for row in requests.rows(pack.requests, lang):
                s.values([v or None for v in row])  # not overdue: a blank cell
        s.ws.set_column(0, 2, 24)
        s.ws.set_column(3, 3, 80)
        s.ws.set_column(4, 6, 16)
    s = _Sheet(book, book.add_worksheet(_sheet_name(t("br_annex_notes", lang), used)), pack, formats)
    s.title(t("br_annex_title", lang, period=pack.period.label(lang), scope=pack.scope_label))
    for key, value in (("br_subtitle", t("br_subtitle", lang, period=pack.period.label(lang), scope=pack.scope_label,
                                          compare=pack.compare.label(lang))),
                       ("source", pack.source),
                       ("history", f"HISTORY_MONTHS={insights.HISTORY_MONTHS}, HISTORY_SIGMAS={insights.HISTORY_SIGMAS}, "
                                   f"HISTORY_MIN_POINTS={insights.HISTORY_MIN_POINTS}, HISTORY_MIN_MONTHS={insights.HISTORY_MIN_MONTHS}"),
                       ("peers", f"PEER_MADS={insights.PEER_MADS}, PEER_MIN_POINTS={insights.PEER_MIN_POINTS}, PEER_MIN={insights.PEER_MIN}"),
                       ("drivers", f"DRIVER_MIN_CHANGE={insights.DRIVER_MIN_CHANGE}"),
                       ("composite", t("br_ranking_note", lang))):
        s.values([key, value])
    s.ws.set_column(0, 0, 16)
    s.ws.set_column(1, 1, 120)
    book.close()
    return buf.getvalue()
