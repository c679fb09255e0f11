"""The meeting deck (PPTX): a title slide, one slide per KPI family, highlights, the province map,
the composite ranking, overdue tasks, explanation requests not yet closed and the points needing a
decision. Large type for a wall."""
from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from briefing import requests
from briefing.content import Pack
from briefing.figures import Image
from charts.attention import arrow
from charts.theme import STATUS_COLORS
from i18n import t
from metrics import formatting, insights
from metrics.periods import month_label

W, H = Inches(13.333), Inches(7.5)
FONT = "Arial"  # on every PowerPoint machine; LibreOffice substitutes the metric-compatible Liberation Sans
NAVY = RGBColor(0x0B, 0x4F, 0x9C)
INK = RGBColor(0x1F, 0x29, 0x37)
GREY = RGBColor(0x4A, 0x55, 0x68)
WATERMARK = RGBColor(0xE0, 0x6C, 0x00)
STATUS_RGB = {"met": STATUS_COLORS["green"], "on_track": STATUS_COLORS["green"], "at_risk": STATUS_COLORS["red"],
              "missed": STATUS_COLORS["red"], None: STATUS_COLORS[None]}
PER_SLIDE = 5  # findings per slide, at 18 pt
REQUESTS_SHOWN = 6  # explanation requests on their slide; the report lists them all


def _rgb(hex_: str) -> RGBColor:
    return RGBColor.from_string(hex_.lstrip("#").upper())


def _text(slide, x, y, w, h, text, size=20, bold=False, color=INK, align=PP_ALIGN.LEFT,
          anchor=MSO_ANCHOR.TOP, italic=False):
    box = slide.shapes.add_textbox(x, y, w, h)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    lines = text if isinstance(text, list) else [text]
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        f = run.font
        f.size, f.bold, f.italic, f.name = Pt(size), bold, italic, FONT
        f.color.rgb = color
        if i:
            p.space_before = Pt(size * 0.5)
    return box


def _watermark(slide, pack: Pack) -> None:
    """Demo data: a large translucent diagonal label and a footer note on every slide."""
    if not pack.demo:
        return
    label = t("br_watermark", pack.lang)
    box = _text(slide, Inches(1.2), Inches(2.9), Inches(11), Inches(1.6), label, size=60 if len(label) <= 18 else 50,
                bold=True, color=WATERMARK, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
    box.rotation = -20
    for clr in box.element.iter(qn("a:srgbClr")):  # 70% transparent: the slide stays readable
        etree.SubElement(clr, qn("a:alpha")).set("val", "30000")
    _text(slide, Inches(0.4), Inches(7.08), Inches(8), Inches(0.35), t("br_demo_note", pack.lang), size=11,
          color=WATERMARK, bold=True)


def _frame(prs, pack: Pack, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    bar = slide.shapes.add_shape(1, 0, 0, W, Inches(0.12))
    bar.fill.solid()
    bar.fill.fore_color.rgb = NAVY
    bar.line.fill.background()
    _text(slide, Inches(0.4), Inches(0.25), Inches(12.5), Inches(0.9), title, size=32 if len(title) <= 48 else 26,
          bold=True, color=NAVY)
    foot = t("br_footer", pack.lang, scope=pack.scope_label, period=pack.period.label(pack.lang), source=pack.source)
    _text(slide, Inches(8.5), Inches(7.08), Inches(4.5), Inches(0.35), foot, size=10, color=GREY, align=PP_ALIGN.RIGHT)
    return slide


def _picture(slide, img: Image, x, y, max_w, max_h):
    w = max_w
    h = int(w * img.aspect)
    if h > max_h:
        h = max_h
        w = int(h / img.aspect)
    return slide.shapes.add_picture(io.BytesIO(img.png), x + (max_w - w) // 2, y, Emu(w), Emu(h))


def _table(slide, x, y, w, headers: list[str], rows: list[list[str]], size=16, widths=None):
    row_h = Inches(0.23 + size / 72 * 0.35)
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), x, y, w, row_h * (len(rows) + 1))
    table = shape.table
    for row in table.rows:
        row.height = row_h
    widths = widths or [1] * len(headers)
    for i, frac in enumerate(widths):
        table.columns[i].width = Emu(int(w * frac / sum(widths)))
    for r, values in enumerate([headers] + rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = str(value)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size, run.font.name, run.font.bold = Pt(size), FONT, r == 0
    return shape


def _title_slide(prs, pack: Pack) -> None:
    lang = pack.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band_ = slide.shapes.add_shape(1, 0, 0, W, Inches(3.2))
    band_.fill.solid()
    band_.fill.fore_color.rgb = NAVY
    band_.line.fill.background()
    _text(slide, Inches(0.7), Inches(0.5), Inches(12), Inches(0.6), t("br_org", lang), size=20, color=RGBColor(255, 255, 255))
    _text(slide, Inches(0.7), Inches(1.2), Inches(12), Inches(1.4), t("br_deck_title", lang), size=40, bold=True,
          color=RGBColor(255, 255, 255))
    _text(slide, Inches(0.7), Inches(3.6), Inches(12), Inches(1.2),
          t("br_subtitle", lang, period=pack.period.label(lang), scope=pack.scope_label,
            compare=pack.compare.label(lang)), size=26, bold=True)
    _text(slide, Inches(0.7), Inches(4.9), Inches(12), Inches(0.6),
          t("br_meeting_line", lang, last=month_label(pack.last_month)), size=20, color=GREY)
    _text(slide, Inches(0.7), Inches(5.5), Inches(12), Inches(0.6), pack.source, size=18, color=GREY)
    _watermark(slide, pack)


def _status_text(status, lang):
    return t(f"br_status_{status}" if status else "br_status_unknown", lang)


def _family_slide(prs, pack: Pack, sec, images: dict) -> None:
    lang, m, f = pack.lang, sec.metric, sec.headline
    x = f.facts
    slide = _frame(prs, pack, sec.family.label(lang))
    _text(slide, Inches(0.4), Inches(1.15), Inches(5.2), Inches(0.5), m.label(lang), size=20, bold=True, color=GREY)
    _text(slide, Inches(0.4), Inches(1.5), Inches(5.2), Inches(1.1), formatting.value(m, f.value, lang), size=60,
          bold=True, color=NAVY)
    ratio = (f"{formatting.number(f.numerator, lang)}/{formatting.number(f.denominator, lang)} "
             f"{t('br_den_' + m.id, lang)}") if m.is_rate and f.value is not None else ""
    change = formatting.delta(m, x.get("change"), lang) or formatting.NA[lang]
    lines = [ratio, f"{t('br_change_vs', lang, compare=x['compare_period'].label(lang))}: {change} "
                    f"({formatting.value(m, x.get('compare_value'), lang)})"]
    if m.table == "tasks":
        lines.append(t("br_task_window", lang, period=f.period.label(lang), date=f.period.end_date.strftime("%d/%m/%Y")))
    _text(slide, Inches(0.4), Inches(2.6), Inches(5.3), Inches(1.1), [s for s in lines if s], size=16)
    status = x.get("status")
    tgt = (t("br_target_line", lang, target=formatting.value(m, x["target"], lang),
             deadline=x["deadline"].strftime("%d/%m/%Y")) if x.get("target") is not None else t("br_no_target", lang))
    box = _text(slide, Inches(0.4), Inches(3.7), Inches(5.3), Inches(0.8), [f"● {_status_text(status, lang)}", tgt],
                size=20, bold=True, color=_rgb(STATUS_RGB.get(status, STATUS_COLORS[None])))
    box.text_frame.paragraphs[1].runs[0].font.color.rgb = INK
    box.text_frame.paragraphs[1].runs[0].font.bold = False
    if f"trend_{sec.family.id}" in images:
        _picture(slide, images[f"trend_{sec.family.id}"], Inches(5.9), Inches(1.1), Inches(7.1), Inches(3.35))
    headers = t("br_weak_cols", lang).split("|")
    for i, (title, ranking) in enumerate(sec.weakest[:2]):
        ranked, heading = _weakest_or_around(ranking, pack, title)
        rows = [[f"{int(r['rank'])}/{int(r['of'])}",
                 ("▶ " if r["agency"] == pack.focus else "") + r["name_en" if lang == "en" else "name_vi"],
                 formatting.value(m, r["value"], lang), arrow(r["rank_change"])] for _, r in ranked.iterrows()]
        left = Inches(0.4) if i == 0 else Inches(6.9)
        top = Inches(4.55)
        _text(slide, left, top - Inches(0.05), Inches(6.2), Inches(0.4), heading, size=15,
              bold=True, color=GREY)
        if rows:
            _table(slide, left, top + Inches(0.35), Inches(6.2), headers, rows, size=12,
                   widths=[1.0, 3.4, 1.3, 1.0])
    _watermark(slide, pack)


def _weakest_or_around(ranking, pack: Pack, title: str):
    """The five weakest, or for an agency pack the agency and the two places either side of it."""
    ranked = ranking.dropna(subset=["rank"]).sort_values(["rank", "agency"]).reset_index(drop=True)
    hit = ranked.index[ranked["agency"] == pack.focus]
    if pack.focus and len(hit):
        i = int(hit[0])
        lo = max(0, min(i - 2, len(ranked) - 5))
        name = ranked.loc[i, "name_en" if pack.lang == "en" else "name_vi"]
        return ranked.iloc[lo:lo + 5], t("br_around", pack.lang, name=name, title=title)
    worst = ranked.sort_values(["rank", "agency"], ascending=[False, True]).head(5)
    return worst, t("br_weakest", pack.lang, title=title)


def _sentences_slides(prs, pack: Pack, title: str, lines: list[str], empty_key: str, size: int = 18,
                      per_slide: int = PER_SLIDE, max_slides: int = 2, lead: str | None = None) -> None:
    lang = pack.lang
    chunks = [lines[i:i + per_slide] for i in range(0, len(lines), per_slide)] or [[]]
    if len(chunks) > max_slides:
        chunks = chunks[:max_slides]
        chunks[-1] = chunks[-1] + [t("br_more_in_report", lang)]
    for n, chunk in enumerate(chunks):
        slide = _frame(prs, pack, title + (f" ({n + 1}/{len(chunks)})" if len(chunks) > 1 else ""))
        body = [f"• {line}" for line in chunk] or [t(empty_key, lang)]
        if lead:
            body = [lead] + body
        _text(slide, Inches(0.5), Inches(1.2), Inches(12.3), Inches(5.8), body, size=size)
        _watermark(slide, pack)


def _rank_changes_slide(prs, pack: Pack) -> None:
    """Movers and the bottom five, one table per ranking (provinces, ministries)."""
    lang = pack.lang
    found = pack.of_kind("mover_up", "mover_down", "bottom_enter", "bottom_leave")
    if not found:
        return
    slide = _frame(prs, pack, t("br_rank_changes", lang))
    groups: dict[str, list] = {}
    for f in found:
        groups.setdefault(f.scope(lang), []).append(f)
    headers = t("br_rank_change_cols", lang, compare=pack.period.previous().label(lang),
                period=pack.period.label(lang)).split("|")
    width = Emu(int(Inches(12.4) / max(len(groups), 1)))
    for i, (scope, items) in enumerate(list(groups.items())[:2]):
        seen, rows = set(), []
        for f in items:
            if f.agency in seen:
                continue
            seen.add(f.agency)
            marks = {"bottom_enter": t("br_bottom_mark", lang), "bottom_leave": t("br_bottom_out", lang)}
            note = "".join(marks.get(g.kind, "") for g in items if g.agency == f.agency)
            rows.append([f"{f.name(lang)}{note}", str(f.facts["prev_rank"]), f"{f.facts['rank']}/{f.facts['of']}",
                         arrow(f.facts["rank_change"]), formatting.number(f.value, lang, 2)])
        left = Emu(Inches(0.4) + width * i)
        _text(slide, left, Inches(1.15), width - Inches(0.2), Inches(0.4), scope, size=18, bold=True, color=GREY)
        _table(slide, left, Inches(1.6), width - Inches(0.25), headers, rows, size=14, widths=[4.2, 1.1, 1.1, 0.9, 1.0])
    _watermark(slide, pack)


def _map_slide(prs, pack: Pack, images: dict) -> None:
    lang = pack.lang
    slide = _frame(prs, pack, t("br_map_title", lang, period=pack.period.label(lang)))
    _picture(slide, images["map"], Inches(0.4), Inches(1.1), Inches(7.2), Inches(5.9))
    ranked = pack.map_values.dropna(subset=["rank"]).sort_values("rank")
    name = "name_en" if lang == "en" else "name_vi"
    best = [f"{int(r['rank'])}. {r[name]} – {formatting.number(r['value'], lang, 2)}" for _, r in ranked.head(5).iterrows()]
    worst = [f"{int(r['rank'])}. {r[name]} – {formatting.number(r['value'], lang, 2)}" for _, r in ranked.tail(5).iterrows()]
    _text(slide, Inches(8.0), Inches(1.3), Inches(5), Inches(2.6), ["▲ " + t("br_highest", lang)] + best, size=18)
    _text(slide, Inches(8.0), Inches(4.0), Inches(5), Inches(2.6), ["▼ " + t("br_lowest", lang)] + worst, size=18)
    _text(slide, Inches(8.0), Inches(6.4), Inches(5), Inches(0.6), t("br_map_sub", lang), size=11, color=GREY)
    _watermark(slide, pack)


def _ranking_slides(prs, pack: Pack, images: dict) -> None:
    lang = pack.lang
    for i, (title, _kind, _region, _ranking) in enumerate(pack.rankings):
        slide = _frame(prs, pack, t("br_ranking_title", lang, title=title, period=pack.period.label(lang)))
        parts = sorted(k for k in images if k.startswith(f"ranking_{i}_"))
        width = Emu(int(Inches(12.4) / max(len(parts), 1)))
        for j, key in enumerate(parts):
            _picture(slide, images[key], Emu(Inches(0.4) + width * j), Inches(1.1), width, Inches(5.5))
        _text(slide, Inches(0.4), Inches(6.65), Inches(12.4), Inches(0.4), t("br_ranking_note", lang), size=11, color=GREY)
        _watermark(slide, pack)


def _overdue_slide(prs, pack: Pack) -> None:
    lang = pack.lang
    slide = _frame(prs, pack, t("br_overdue_title", lang))
    top = Inches(1.2)
    if pack.overdue_total is not None:
        _text(slide, Inches(0.4), top, Inches(12.5), Inches(1.2), insights.sentence(pack.overdue_total, lang), size=18)
        top = Inches(2.5)
    if pack.overdue.empty:
        _text(slide, Inches(0.4), top, Inches(12.5), Inches(0.6), t("br_no_overdue", lang), size=20)
    else:
        name = "name_en" if lang == "en" else "name_vi"
        rows = [[r[name] if isinstance(r[name], str) else r["agency"], str(r["title"])[:70],
                 r["due_on"].strftime("%d/%m/%Y"), formatting.number(r["days_overdue"], lang)]
                for _, r in pack.overdue.head(8).iterrows()]
        _table(slide, Inches(0.4), top, Inches(12.5), t("br_overdue_cols", lang).split("|"), rows, size=13,
               widths=[3.0, 6.2, 1.6, 1.5])
    _watermark(slide, pack)


def _requests_slide(prs, pack: Pack) -> None:
    """Explanation requests not yet closed: only when there are any."""
    lang, frame = pack.lang, pack.requests
    if frame is None or frame.empty:
        return
    slide = _frame(prs, pack, t("br_req_title", lang))
    _text(slide, Inches(0.4), Inches(1.15), Inches(12.5), Inches(0.9), requests.summary(frame, lang), size=20)
    rows = [r[:3] + [r[3][:60] + ("…" if len(r[3]) > 60 else "")] + r[4:] for r in requests.rows(frame.head(REQUESTS_SHOWN), lang)]
    _table(slide, Inches(0.4), Inches(2.1), Inches(12.5), requests.headers(lang), rows, size=14,
           widths=[2.3, 2.4, 1.8, 3.6, 1.5, 2.0, 1.4])
    if len(frame) > REQUESTS_SHOWN:
        _text(slide, Inches(0.4), Inches(6.6), Inches(12.5), Inches(0.4), t("br_more_in_report", lang), size=14, color=GREY)
    _watermark(slide, pack)


def build_deck(pack: Pack, images: dict[str, Image]) -> bytes:
    """The deck as PPTX bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    _title_slide(prs, pack)
    if "families" in pack.sections:
        for sec in pack.families:
            _family_slide(prs, pack, sec, images)
    if "ranking" in pack.sections:
        _rank_changes_slide(prs, pack)
    notable = pack.of_kind("own_rank", "anomaly_history", "anomaly_peers", "driver")
    if "missing" in pack.sections:
        notable += pack.of_kind("missing")
    _sentences_slides(prs, pack, t("br_highlights", pack.lang), [insights.sentence(f, pack.lang) for f in notable],
                      "br_none", size=17, per_slide=4)
    if "map" in images:
        _map_slide(prs, pack, images)
    if "ranking" in pack.sections and pack.rankings:
        _ranking_slides(prs, pack, images)
    if "overdue" in pack.sections:
        _overdue_slide(prs, pack)
    if "requests" in pack.sections:
        _requests_slide(prs, pack)
    if "decisions" in pack.sections:
        points = [insights.decision_line(f, pack.lang) for f in pack.decisions()]
        _sentences_slides(prs, pack, t("br_decisions_title", pack.lang), points, "br_no_decisions", size=20,
                          per_slide=7, max_slides=1, lead=t("br_proposal", pack.lang) if points else None)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
