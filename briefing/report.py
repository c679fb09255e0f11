"""The written report as an editable DOCX laid out as a Vietnamese administrative document (Decree
30/2020/NĐ-CP, Appendix I): the issuing body and number on the left, the national motto on the
right, place and date, the document kind and title, the body, then recipients and the signer.
Times New Roman 13–14 pt on A4, margins 20/20/30/15 mm."""
from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from briefing.content import Pack
from briefing.report_model import blocks, chart_blocks, title
from i18n import t

FONT = "Times New Roman"
BODY_PT = 14
DEMO_RGB = RGBColor(0xC0, 0x50, 0x00)


def _font(run, size=BODY_PT, bold=False, italic=False, color=None):
    run.font.name, run.font.size, run.font.bold, run.font.italic = FONT, Pt(size), bold, italic
    rpr = run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if color is not None:
        run.font.color.rgb = color
    return run


def _para(container, text="", size=BODY_PT, bold=False, italic=False, align=None, indent_cm=None,
          after=6, color=None):
    p = container.add_paragraph()
    if text:
        _font(p.add_run(text), size, bold, italic, color)
    fmt = p.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(0)
    fmt.line_spacing = 1.15
    if align is not None:
        p.alignment = align
    if indent_cm is not None:
        fmt.first_line_indent = Cm(indent_cm)
    return p


def _rule(cell, width_cm: float, cell_width_cm: float):
    """A short centred line under a heading line of the motto block, as the decree draws it."""
    p = cell.add_paragraph()
    side = max((cell_width_cm - width_cm) / 2, 0)
    p.paragraph_format.left_indent = Cm(side)
    p.paragraph_format.right_indent = Cm(side)
    p.paragraph_format.space_after = Pt(6)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    # schema order matters to Word: pBdr precedes shading, tabs, spacing, indentation and alignment
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                              "w:rPr", "w:sectPr", "w:pPrChange")
    _font(p.add_run(""), 4)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                 "w:tblDescription", "w:tblPrChange")


def _cell_text(cell, lines):
    cell.paragraphs[0].text = ""
    first = True
    for text, size, bold, italic in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(text), size, bold, italic)


def _motto_block(doc, pack: Pack, today: date):
    lang = pack.lang
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Cm(7.6), Cm(8.9))
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w
    left, right = table.rows[0].cells
    _cell_text(left, [(t("br_org_parent", lang), 12, False, False), (t("br_org", lang), 12, True, False)])
    _rule(left, 2.5, 7.6)
    _cell_text(right, [(t("br_motto_1", lang), 12, True, False), (t("br_motto_2", lang), 13, True, False)])
    _rule(right, 5.2, 8.9)
    l2, r2 = table.rows[1].cells
    _cell_text(l2, [(t("br_number", lang), 13, False, False)])
    _cell_text(r2, [(t("br_place_date", lang, d=today.day, m=today.month, y=today.year), 13, False, True)])


def _table(doc, block):
    table = doc.add_table(rows=len(block.rows) + 1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths) or len(block.headers)
    widths = [Cm(16.0 * (block.widths[c] if block.widths else 1) / total) for c in range(len(block.headers))]
    for r, (row, values) in enumerate(zip(table.rows, [block.headers] + block.rows)):
        for c, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = widths[c]
            cell.paragraphs[0].text = ""
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            _font(p.add_run(str(value)), 11, bold=(r == 0))
    _para(doc, after=4)


def _recipients(doc, pack: Pack):
    lang = pack.lang
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8.5), Cm(7.5)
    left.paragraphs[0].text = ""
    _font(left.paragraphs[0].add_run(t("br_recipients", lang)), 12, bold=True, italic=True)
    for line in t("br_recipient_lines", lang).split("|"):
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(line), 11)
    _cell_text(right, [(t("br_signer", lang), 14, True, False)])


def _demo_header(doc, pack: Pack):
    if not pack.demo:
        return
    for section in doc.sections:
        p = section.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(f"{t('br_watermark', pack.lang)} – {t('br_demo_note', pack.lang)}"), 10, bold=True,
              color=DEMO_RGB)


def build_docx(pack: Pack, images: dict, today: date | None = None) -> bytes:
    """The report as DOCX bytes."""
    today = today or date.today()
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY_PT)
    _motto_block(doc, pack, today)
    _para(doc, after=6)
    _para(doc, t("br_doc_kind", pack.lang), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, title(pack), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    _rule(doc, 5.0, 16.5)
    for block in blocks(pack):
        if block.kind == "heading":
            _para(doc, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_cm=1.0, after=6)
        elif block.kind == "para":
            _para(doc, block.text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_cm=1.0)
        elif block.kind == "item":
            _para(doc, f"- {block.text}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_cm=1.0)
        elif block.kind == "caption":
            _para(doc, block.text, 12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=3)
        elif block.kind == "table":
            _table(doc, block)
    _recipients(doc, pack)
    for block in chart_blocks(pack, images):
        if block.kind == "heading":
            doc.add_page_break()
            _para(doc, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif block.kind == "caption":
            _para(doc, block.text, 12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=3)
        else:
            img = images[block.image]
            width = Cm(16.0) if img.aspect < 1 else Cm(14.0)
            doc.add_picture(io.BytesIO(img.png), width=width)
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _demo_header(doc, pack)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
