"""The pieces every page shares: KPI card, page header, footer, demo banner, the notice for link
values that could not be honoured, chart placement, and `literal()` for a value that must never be
read as Markdown or HTML (anything from a URL or a file)."""
from __future__ import annotations

import re

import streamlit as st

from i18n import t
from metrics import catalog, formatting
from metrics.periods import month_label
from metrics.ranking_export import region_name
from metrics.scope import Scope, label as scope_label, region_notes
from pages import cached_reads as reads
from pages import view_pieces
from pages.url_params import BY_NAME, Notice
from pages.view_context import Ctx, card_periods, delta_color, target_verdict

STATUS_ICONS = {"green": ":green[●]", "amber": ":orange[●]", "red": ":red[●]", None: ":gray[○]"}
"""Traffic lights as coloured Markdown text, which needs no emoji font on the wall screen."""

LITERAL_MAX = 80  # characters of a foreign value shown in a message; the rest is cut with "…"


def literal(value: object) -> str:
    """A foreign value as a Markdown code span, shown exactly as typed: inside a code span nothing is
    a link, an image, emphasis, HTML or a Streamlit directive (escaping alone does not stop a bare
    URL from becoming a link)."""
    text = " ".join(str(value).split())
    text = text if len(text) <= LITERAL_MAX else text[:LITERAL_MAX - 1] + "…"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def chart(fig) -> None:
    """Place a figure full width, with the product's own theme (large type for the wall screen)."""
    st.plotly_chart(fig, theme=None, config={"displaylogo": False})


def paragraphs(lines, element=None) -> None:
    """Lines of Markdown (`element`: st.markdown by default, or st.caption), one paragraph each, in
    one element: drawn as an element per line would be, and sent and drawn as one element instead of
    several on every run. Nothing when there are no lines."""
    if lines:
        (element or st.markdown)("\n\n".join(lines))


def captions(lines) -> None:
    """Caption lines as one element (`paragraphs`)."""
    paragraphs(lines, st.caption)


def chart_and_note(fig, note: str | None) -> None:
    """`chart(fig)` and, when there is one, its note as a caption under it (a piece's (figure, note))."""
    chart(fig)
    if note:
        st.caption(note)


def kpi_card(ctx: Ctx, metric_id: str, scope: Scope | None = None, show_target: bool = True) -> dict:
    """A bordered metric card: value, change against the comparison period, target and traffic light."""
    card = view_pieces.piece(card_texts, ctx, metric_id, scope, show_target)
    st.metric(card["label"], card["shown"], delta=card["delta"], delta_color=card["delta_color"],
              help=card["help"], border=True)
    captions(card["captions"])
    return dict(card["result"])


def card_texts(ctx: Ctx, metric_id: str, scope: Scope | None, show_target: bool) -> dict:
    """What a KPI card shows, as texts (built once per view, see view_pieces.piece): label, value,
    delta, help, the caption lines under it, and the numbers behind them."""
    m = catalog.get(metric_id)
    period, compare = card_periods(ctx, m)
    cur = reads.value(ctx, metric_id, period=period, scope=scope)
    prev = reads.value(ctx, metric_id, period=compare, scope=scope)
    change = None if cur["value"] is None or prev["value"] is None else cur["value"] - prev["value"]
    status = m.status(cur["value"])
    lines = [f"{m.definition(ctx.lang)}", f"{period.label(ctx.lang)} · {cur['scope_label']}",
             t("vs", ctx.lang, period=compare.label(ctx.lang))]
    tgt = reads.target(ctx, metric_id, period) if show_target and (scope or ctx.scope).level == "national" else None
    shown = (t("mn_status_not_yet_reported", ctx.lang) if cur.get("status") == "not_yet_reported"
             else formatting.value(m, cur["value"], ctx.lang))
    caption = [t("vs", ctx.lang, period=compare.label(ctx.lang))]
    if m.table == "tasks":
        caption.insert(0, t("task_window", ctx.lang, period=period.label(ctx.lang),
                            date=period.end_date.strftime("%d/%m/%Y")))
    if tgt:
        caption.append(t("target_by", ctx.lang, value=formatting.value(m, tgt["target"], ctx.lang),
                         deadline=tgt["deadline"].strftime("%d/%m/%Y")))
        verdict = target_verdict(tgt, period)
        if verdict:
            caption.append(t(verdict, ctx.lang))
    captions = [" · ".join(caption)]
    if cur["missing"]:
        captions.append(":orange[⚠] " + t("missing_rows", ctx.lang, missing=cur["missing"], expected=cur["rows_expected"]))
    note = number_note(cur)
    if note:
        captions.append(note)
    return {"label": f"{STATUS_ICONS[status]} {m.label(ctx.lang)}", "shown": shown,
            "delta": formatting.delta(m, change, ctx.lang), "delta_color": delta_color(m, change),
            "help": "\n\n".join(lines), "captions": tuple(captions),
            "result": {"value": cur["value"], "change": change, "status": status, "target": tgt}}


def number_note(cur: dict) -> str | None:
    """What a number leaves out, under its card: the parts that did not report (by name), months not
    yet reported, the unit it merged into, a stock summing former units. The missing count itself is
    the line above."""
    notes = cur.get("detail_notes", [])
    if not notes:
        return None
    icon = ":gray[○]" if cur.get("status") in ("not_yet_reported", "reported_so_far") else ":orange[⚠]"
    return icon + " " + " · ".join(notes)


def demo_banner(ctx: Ctx) -> None:
    if ctx.demo:
        st.badge(t("demo_badge", ctx.lang), icon=":material/science:", color="orange")


def footer(ctx: Ctx) -> None:
    """Data as of, source, period, scope, and the demo label whenever demo data is loaded."""
    st.divider()
    captions(view_pieces.piece(footer_lines, ctx))


def footer_lines(ctx: Ctx) -> tuple[str, ...]:
    """The footer's caption lines (built once per view, see view_pieces.piece)."""
    source = t("demo_badge", ctx.lang) if ctx.demo else t("source_db", ctx.lang)
    lines = [t("footer", ctx.lang, as_of=month_label(ctx.last_month), source=source,
               period=ctx.period.label(ctx.lang), scope=scope_label(ctx.scope, ctx.period, ctx.lang))]
    if ctx.demo:
        lines.append(":orange[■] " + t("demo_note", ctx.lang))
    return tuple(lines)


def page_header(ctx: Ctx, title_key: str) -> None:
    cols = st.columns([4, 1])
    with cols[0]:
        st.title(t(title_key, ctx.lang))
        captions(view_pieces.piece(header_lines, ctx))
    with cols[1]:
        demo_banner(ctx)


def header_lines(ctx: Ctx) -> tuple[str, ...]:
    """The caption lines under a page's title: period, scope, comparison, and in a region view the
    provinces that moved (built once per view, see view_pieces.piece)."""
    lines = [f"{ctx.period.label(ctx.lang)} · {scope_label(ctx.scope, ctx.period, ctx.lang)} · "
             + t("vs", ctx.lang, period=ctx.compare.label(ctx.lang))]
    lines += [":blue[ⓘ] " + note for note in region_notes(ctx.scope, ctx.period, ctx.lang)]
    return tuple(lines)


def _shown_text(notice: Notice, lang: str) -> str:
    shown = notice.shown
    if shown is None:
        return ""
    if re.fullmatch(r"\d{4}-\d{2}\.\.\d{4}-\d{2}", shown):
        start, end = shown.split("..")
        return f"{month_label(start)}–{month_label(end)}"
    if re.fullmatch(r"\d{4}-\d{2}", shown):
        return month_label(shown)
    if notice.name == "region":
        return region_name(shown, lang)
    key = {"pk": "pk_", "cmp": "cmp_", "b": "b_", "scope": "sc_"}.get(notice.name)
    return t(key + shown, lang) if key else shown


def notice_text(notice: Notice, lang: str) -> str:
    """One line: the parameter, the value given, why it cannot be honoured, what is shown instead."""
    p = BY_NAME.get(notice.name)
    choices = p.choices if p else ()
    allowed = ", ".join(choices[:8]) + (", …" if len(choices) > 8 else "")
    text = t(f"un_{notice.reason}", lang, param=literal(f"{notice.name}={notice.given}"), allowed=allowed,
             what=t(p.help, lang) if p else notice.name)
    shown = _shown_text(notice, lang)
    return text + (" " + t("un_shown", lang, shown=shown) if shown else "")


def notices(items: list[Notice], lang: str) -> None:
    """The link values that could not be honoured, in one warning box (every given value a literal)."""
    if items:
        st.warning("  \n".join(notice_text(n, lang) for n in items), icon=":material/link_off:")
