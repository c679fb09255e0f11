"""The written report as PDF: the same blocks as the DOCX, laid out with reportlab in an embedded
Times-compatible TrueType font (Liberation Serif 2, else DejaVu Serif), so the Vietnamese text is
drawn and extractable anywhere. Demo data puts a diagonal label on every page."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (HRFlowable, Image as PdfImage, PageBreak, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)

from briefing.content import Pack
from briefing.report_model import blocks, chart_blocks, title
from i18n import t

FONT_DIRS = (  # Vietnamese needs Liberation 2.x (fonts-liberation2); DejaVu (fonts-dejavu-core) as fallback
    ("/usr/share/fonts/truetype/liberation2", "LiberationSerif-{}.ttf",
     {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}),
    ("/usr/share/fonts/truetype/dejavu", "DejaVuSerif{}.ttf",
     {"": "", "-Bold": "-Bold", "-Italic": "-Italic", "-BoldItalic": "-BoldItalic"}),
)
FAMILY = "BriefSerif"
BODY_PT = 13.5
WIDTH = A4[0] - 4.5 * cm


class FontError(RuntimeError):
    """No font with Vietnamese glyphs is installed."""


def register_fonts() -> str:
    """Register the serif family once; returns its name."""
    if FAMILY in pdfmetrics.getRegisteredFontNames():
        return FAMILY
    for folder, pattern, variants in FONT_DIRS:
        paths = {suffix: Path(folder) / pattern.format(name) for suffix, name in variants.items()}
        if all(p.exists() for p in paths.values()):
            for suffix, path in paths.items():
                pdfmetrics.registerFont(TTFont(FAMILY + suffix, str(path)))
            pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=FAMILY + "-Bold", italic=FAMILY + "-Italic",
                                          boldItalic=FAMILY + "-BoldItalic")
            return FAMILY
    raise FontError("the PDF needs fonts-liberation2 or fonts-dejavu-core (apt-get install fonts-liberation2)")


def _style(name, size=BODY_PT, bold=False, italic=False, align=TA_JUSTIFY, indent=0.0, after=4, leading=1.25):
    font = FAMILY + ("-BoldItalic" if bold and italic else "-Bold" if bold else "-Italic" if italic else "")
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading, alignment=align,
                          firstLineIndent=indent, spaceAfter=after)


def _p(text, style):
    return Paragraph(escape(text), style)


def _motto(pack: Pack, today: date) -> Table:
    lang = pack.lang
    c = _style("c", 12, align=TA_CENTER, after=0)
    cb = _style("cb", 12, bold=True, align=TA_CENTER, after=0)
    cb13 = _style("cb13", 13, bold=True, align=TA_CENTER, after=0)
    c13 = _style("c13", 13, align=TA_CENTER, after=0)
    ci13 = _style("ci13", 13, italic=True, align=TA_CENTER, after=0)
    left = [_p(t("br_org_parent", lang), c), _p(t("br_org", lang), cb),
            HRFlowable(width="35%", thickness=0.7, color=colors.black, spaceBefore=2, spaceAfter=6, hAlign="CENTER")]
    right = [_p(t("br_motto_1", lang), cb), _p(t("br_motto_2", lang), cb13),
             HRFlowable(width="55%", thickness=0.7, color=colors.black, spaceBefore=2, spaceAfter=6, hAlign="CENTER")]
    table = Table([[left, right], [_p(t("br_number", lang), c13),
                                   _p(t("br_place_date", lang, d=today.day, m=today.month, y=today.year), ci13)]],
                  colWidths=[7.6 * cm, WIDTH - 7.6 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), FAMILY)]))
    return table


def _table(block) -> Table:
    cell = _style("cell", 10.5, align=TA_LEFT, after=0, leading=1.2)
    head = _style("head", 10.5, bold=True, align=TA_LEFT, after=0, leading=1.2)
    data = [[_p(h, head) for h in block.headers]] + [[_p(str(v), cell) for v in row] for row in block.rows]
    total = sum(block.widths) or len(block.headers)
    widths = [WIDTH * (w / total) for w in (block.widths or [1] * len(block.headers))]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7"))]))
    return table


def _recipients(pack: Pack) -> Table:
    lang = pack.lang
    small = _style("small", 11, align=TA_LEFT, after=0)
    label = _style("label", 12, bold=True, italic=True, align=TA_LEFT, after=0)
    signer = _style("signer", 14, bold=True, align=TA_CENTER, after=0)
    left = [_p(t("br_recipients", lang), label)] + [_p(line, small) for line in t("br_recipient_lines", lang).split("|")]
    table = Table([[left, _p(t("br_signer", lang), signer)]], colWidths=[WIDTH * 0.55, WIDTH * 0.45])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("FONTNAME", (0, 0), (-1, -1), FAMILY)]))
    return table


def _on_page(pack: Pack):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(FAMILY, 9)
        canvas.setFillColor(colors.HexColor("#4a5568"))
        canvas.drawCentredString(A4[0] / 2, 1.0 * cm, f"{t('br_footer', pack.lang, scope=pack.scope_label, period=pack.period.label(pack.lang), source=pack.source)} · {t('br_page', pack.lang, n=doc.page)}")
        if pack.demo:
            canvas.setFillColor(colors.HexColor("#e06c00"))
            canvas.setFont(FAMILY + "-Bold", 9)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 1.1 * cm, t("br_demo_note", pack.lang))
            canvas.setFillAlpha(0.18)
            canvas.setFont(FAMILY + "-Bold", 64)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, t("br_watermark", "vi"))
        canvas.restoreState()
    return draw


def build_pdf(pack: Pack, images: dict, today: date | None = None) -> bytes:
    """The report as PDF bytes (fonts embedded, text extractable)."""
    register_fonts()
    today = today or date.today()
    body = _style("body", indent=1.0 * cm)
    heading = _style("heading", bold=True, indent=1.0 * cm, after=4)
    caption = _style("caption", 11.5, italic=True, align=TA_CENTER, after=3)
    story = [_motto(pack, today), Spacer(1, 10),
             _p(t("br_doc_kind", pack.lang), _style("kind", 14, bold=True, align=TA_CENTER, after=0)),
             _p(title(pack), _style("title", 14, bold=True, align=TA_CENTER, after=2)),
             HRFlowable(width="30%", thickness=0.7, color=colors.black, spaceBefore=2, spaceAfter=10)]
    for block in blocks(pack):
        if block.kind == "heading":
            story.append(_p(block.text, heading))
        elif block.kind == "para":
            story.append(_p(block.text, body))
        elif block.kind == "item":
            story.append(_p(f"- {block.text}", body))
        elif block.kind == "caption":
            story.append(_p(block.text, caption))
        elif block.kind == "table":
            story += [_table(block), Spacer(1, 8)]
    story += [Spacer(1, 10), _recipients(pack)]
    for block in chart_blocks(pack, images):
        if block.kind == "heading":
            story += [PageBreak(), _p(block.text, _style("annex", 14, bold=True, align=TA_CENTER))]
        elif block.kind == "caption":
            story.append(_p(block.text, caption))
        else:
            img = images[block.image]
            width = WIDTH if img.aspect < 1 else WIDTH * 0.8
            story += [PdfImage(io.BytesIO(img.png), width=width, height=width * img.aspect), Spacer(1, 10)]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, topMargin=2.0 * cm, bottomMargin=2.0 * cm, leftMargin=3.0 * cm,
                            rightMargin=1.5 * cm, title=title(pack), author=t("br_org", pack.lang),
                            subject=pack.scope_label)
    doc.build(story, onFirstPage=_on_page(pack), onLaterPages=_on_page(pack),
              canvasmaker=lambda *a, **k: Canvas(*a, **{**k, "initialFontName": FAMILY}))
    return buf.getvalue()
