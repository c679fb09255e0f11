"""A ranking as users read it: on screen, as CSV and as an Excel workbook, from the same helpers,
so a number in a downloaded file can never differ from the number in the table on screen.

`ranking` frames are those of `metrics.ranking.rank_agencies` (agency, name_vi, name_en, region,
value, rank, of, prev_rank, rank_change). `metric` is a catalog id or "composite".
"""
from __future__ import annotations

import io

import pandas as pd

from data.admin_units import REGIONS
from data.cell_safety import csv_bytes, neutralise
from i18n import t
from metrics import catalog, formatting
from metrics.periods import Period
from metrics.ranking import band

COMPOSITE = "composite"


# ---------------------------------------------------------------- one metric, as read

def metric_label(metric: str, lang: str = "vi") -> str:
    return t("rk_composite", lang) if metric == COMPOSITE else catalog.get(metric).label(lang)


def metric_unit(metric: str, lang: str = "vi") -> str:
    """`%` for rates, `điểm`/`points` for the composite index, else the catalog unit."""
    return t("rk_points", lang) if metric == COMPOSITE else catalog.get(metric).unit(lang)


def is_rate(metric: str) -> bool:
    return metric != COMPOSITE and catalog.get(metric).is_rate


def higher_is_better(metric: str) -> bool:
    return metric == COMPOSITE or catalog.get(metric).higher_is_better


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and x != x)


def format_value(metric: str, value, lang: str = "vi") -> str:
    """`95,8%` for a rate, `69,26` for composite points (two decimals, as the official index)."""
    if metric == COMPOSITE:
        return formatting.NA[lang] if _missing(value) else formatting.number(value, lang, formatting.POINTS_DIGITS)
    return formatting.value(catalog.get(metric), None if _missing(value) else value, lang)


def format_gap(metric: str, gap, lang: str = "vi") -> str:
    """A distance between two values: `1,25 điểm %` for rates (two decimals: neighbours are close), `3,45 điểm` for composite points."""
    if _missing(gap):
        return formatting.NA[lang]
    if metric == COMPOSITE:
        return f"{formatting.number(gap, lang, 2)} {t('rk_points', lang)}"
    m = catalog.get(metric)
    if m.is_rate:
        return f"{formatting.number(gap, lang, 2)} {'điểm %' if lang == 'vi' else 'pts'}"
    return f"{formatting.number(gap, lang)} {m.unit(lang)}"


def rank_text(rank) -> str:
    return "–" if _missing(rank) else str(int(rank))


def rank_change_text(rank, prev_rank, lang: str = "vi") -> str:
    """`▲ 3` moved up three places, `▼ 2` down two, `–` unchanged, `mới` ranked now but not before."""
    if _missing(rank):
        return ""
    if _missing(prev_rank):
        return t("rk_new", lang)
    change = int(prev_rank) - int(rank)
    return f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "–"


def region_name(region, lang: str = "vi") -> str:
    if _missing(region) or region not in REGIONS:
        return ""
    return REGIONS[region][0 if lang == "vi" else 1]


def agency_name(row, lang: str = "vi") -> str:
    return row["name_en"] if lang == "en" else row["name_vi"]


# ---------------------------------------------------------------- the table on screen

def display_table(ranking: pd.DataFrame, metric: str, lang: str = "vi") -> pd.DataFrame:
    """Text columns as shown: rank, agency, name, region, value, change (and band for the composite).

    Rows keep the ranking's order (ranked first, N/A last), so row i is `ranking.iloc[i]`.
    """
    rows = []
    for _, r in ranking.iterrows():
        row = {"rank": rank_text(r["rank"]), "agency": r["agency"], "name": agency_name(r, lang),
               "region": region_name(r.get("region"), lang), "value": format_value(metric, r["value"], lang),
               "change": rank_change_text(r["rank"], r.get("prev_rank"), lang)}
        if metric == COMPOSITE:
            row["band"] = band(None if _missing(r["value"]) else float(r["value"]), lang) or ""
        rows.append(row)
    columns = ["rank", "agency", "name", "region", "value", "change"] + (["band"] if metric == COMPOSITE else [])
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- files

def source_label(demo: bool, lang: str = "vi") -> str:
    return t("rk_source_demo" if demo else "rk_source_db", lang)


def value_header(metric: str, lang: str = "vi") -> str:
    if metric == COMPOSITE:
        return t("rk_col_points", lang)
    return t("rk_col_value", lang, unit=metric_unit(metric, lang))


def _int_or_none(x):
    return None if _missing(x) else int(x)


def export_frame(ranking: pd.DataFrame, metric: str, period: Period, lang: str = "vi", *,
                 scope: str = "", demo: bool = False) -> pd.DataFrame:
    """The ranking with raw numbers (dot decimals, unit in the header) and every row saying its
    period, metric, scope and source, so a copied-out row still tells where it came from."""
    rows = []
    for _, r in ranking.iterrows():
        value = None if _missing(r["value"]) else round(float(r["value"]), 4)
        row = {
            t("rk_col_rank", lang): _int_or_none(r["rank"]),
            t("rk_col_code", lang): r["agency"],
            t("rk_col_name", lang): agency_name(r, lang),
            t("rk_col_region", lang): region_name(r.get("region"), lang),
            value_header(metric, lang): value,
            t("rk_col_prev_rank", lang): _int_or_none(r.get("prev_rank")),
            t("rk_col_rank_change", lang): _int_or_none(r.get("rank_change")),
        }
        if metric == COMPOSITE:
            row[t("rk_col_band", lang)] = band(value, lang) or ""
        row[t("rk_col_period", lang)] = period.label(lang)
        row[t("rk_col_metric", lang)] = metric_label(metric, lang)
        row[t("rk_col_scope", lang)] = scope
        row[t("rk_col_source", lang)] = source_label(demo, lang)
        rows.append(row)
    out = pd.DataFrame(rows)
    for c in (t("rk_col_rank", lang), t("rk_col_prev_rank", lang), t("rk_col_rank_change", lang)):
        if c in out:
            out[c] = out[c].astype("Int64")
    return out


def ranking_csv(ranking: pd.DataFrame, metric: str, period: Period, lang: str = "vi", *,
                scope: str = "", demo: bool = False) -> bytes:
    """CSV for machines: UTF-8 with a BOM (Excel then reads Vietnamese correctly), dot decimals,
    the unit in the value header, N/A as an empty cell (never 0), text cells formula-safe."""
    return csv_bytes(export_frame(ranking, metric, period, lang, scope=scope, demo=demo))


def ranking_xlsx(ranking: pd.DataFrame, metric: str, period: Period, lang: str = "vi", *,
                 scope: str = "", demo: bool = False) -> bytes:
    """An Excel workbook for people: a title row (metric, period), scope and source rows, then the
    table with number formats (rates as `0.00%`, points as `0.00`); N/A is written as text.
    Text is always written as a formula-safe string (`data.cell_safety`), never as a formula."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet(t("rk_xlsx_sheet", lang))
    bold = wb.add_format({"bold": True, "font_size": 14})
    note = wb.add_format({"italic": True, "font_color": "#555555"})
    warn = wb.add_format({"italic": True, "font_color": "#b45309", "bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#0b4f9c", "font_color": "#ffffff", "text_wrap": True,
                          "valign": "vcenter", "border": 1})
    integer = wb.add_format({"num_format": "0", "align": "center"})
    rate = wb.add_format({"num_format": "0.00%"})
    points = wb.add_format({"num_format": "0.00"})
    na = wb.add_format({"font_color": "#777777", "italic": True})

    def text(row: int, col: int, value, fmt=None) -> None:
        ws.write_string(row, col, neutralise(str(value)), fmt)

    text(0, 0, t("rk_xlsx_title", lang, metric=metric_label(metric, lang), period=period.label(lang)), bold)
    text(1, 0, f"{t('rk_col_scope', lang)}: {scope}", note)
    text(2, 0, f"{t('rk_col_source', lang)}: {source_label(demo, lang)}", warn if demo else note)
    if metric != COMPOSITE:
        text(3, 0, catalog.get(metric).definition(lang), note)

    header_row = 5
    headers = [t("rk_col_rank", lang), t("rk_col_code", lang), t("rk_col_name", lang), t("rk_col_region", lang),
               value_header(metric, lang), t("rk_col_prev_rank", lang), t("rk_col_rank_change", lang)]
    if metric == COMPOSITE:
        headers.append(t("rk_col_band", lang))
    for col, h in enumerate(headers):
        text(header_row, col, h, head)
    value_format = points if metric == COMPOSITE else rate if is_rate(metric) else integer
    for i, (_, r) in enumerate(ranking.iterrows(), start=header_row + 1):
        for col, x in ((0, r["rank"]), (5, r.get("prev_rank")), (6, r.get("rank_change"))):
            if _missing(x):
                ws.write_blank(i, col, None, integer)
            else:
                ws.write_number(i, col, int(x), integer)
        text(i, 1, r["agency"])
        text(i, 2, agency_name(r, lang))
        text(i, 3, region_name(r.get("region"), lang))
        if _missing(r["value"]):
            text(i, 4, formatting.NA[lang], na)
        else:
            v = float(r["value"])
            ws.write_number(i, 4, v / 100.0 if is_rate(metric) else v, value_format)
        if metric == COMPOSITE:
            text(i, 7, band(None if _missing(r["value"]) else float(r["value"]), lang) or "")
    ws.set_row(header_row, 32)
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 9)
    ws.set_column(2, 2, 34)
    ws.set_column(3, 3, 30)
    ws.set_column(4, 6, 16)
    ws.set_column(7, 7, 14)
    ws.freeze_panes(header_row + 1, 0)
    ws.autofilter(header_row, 0, header_row + max(len(ranking), 1), len(headers) - 1)
    wb.close()
    return buf.getvalue()


def file_name(metric: str, kind: str, period: Period, ext: str) -> str:
    """`xep-hang_province_composite_2020-01_2020-12.xlsx`: what, who and when, ASCII only."""
    return f"xep-hang_{kind}_{metric}_{period.start}_{period.end}.{ext}"
