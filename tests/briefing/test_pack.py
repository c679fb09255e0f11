"""Briefing packs read back: the deck (python-pptx), the report (python-docx), the PDF (pdftotext,
pdffonts) and the annex (openpyxl) carry the metric layer's numbers and intact Vietnamese text, with
the demo label on every slide, page and sheet. The national pack is built once on the demo data."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from pptx import Presentation

from briefing import annex
from briefing.build import build
from briefing.content import BriefingError, gather, parse_scope
from data import schema
from metrics import catalog, formatting, insights
from metrics.periods import Period, task_window
from metrics.queries import metric_value
from metrics.scope import Scope
from tests.conftest import require_or_skip

PERIOD = Period.month("2026-10")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "briefing"


def _chromium():
    if not Path("/usr/bin/chromium").exists():
        require_or_skip("Debian's Chromium is not installed (/usr/bin/chromium): charts cannot be rendered")


@pytest.fixture(scope="module")
def national(demo_engine, tmp_path_factory):
    _chromium()
    out = tmp_path_factory.mktemp("pack")
    paths = build(demo_engine, PERIOD, Scope.national(), out_dir=out, lang="vi", cmp="prev")
    return paths


def headline_values(engine):
    """Each family's headline as the metric layer computes it (tasks over their 12-month window)."""
    out = {}
    for fam in catalog.FAMILIES:
        m = catalog.get(fam.headline)
        period = task_window(PERIOD) if m.table == "tasks" else PERIOD
        out[fam.id] = (m, metric_value(engine, m.id, period, Scope.national()))
    return out


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_deck_numbers_and_demo_label(national, demo_engine):
    prs = Presentation(str(national["pptx"]))
    slides = ["\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    tables = ["\n".join(c.text for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells)
              for s in prs.slides]
    assert all("DỮ LIỆU MINH HỌA" in s for s in slides)  # the watermark on every slide
    assert "TÌNH HÌNH THỰC HIỆN CHÍNH PHỦ ĐIỆN TỬ" in slides[0]
    for i, (fam_id, (m, r)) in enumerate(headline_values(demo_engine).items(), start=1):
        slide = slides[i]
        assert catalog.FAMILIES[i - 1].label("vi") in slide
        assert formatting.value(m, r.value, "vi") in slide  # e.g. 97,7%
        assert f"{formatting.number(r.numerator)}/{formatting.number(r.denominator)}" in slide
        assert any(s.shape_type == 13 for s in prs.slides[i].shapes)  # the trend chart
        assert "Hạng" in tables[i]  # the five weakest
    assert any("Những vấn đề cần xin ý kiến chỉ đạo" in s for s in slides)
    assert any("Chỉ số tổng hợp theo tỉnh, thành phố" in s for s in slides)  # the map slide


def test_report_docx_is_an_administrative_document(national, demo_engine):
    doc = Document(str(national["docx"]))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    assert "/BC-TTĐH" in cells and "Nơi nhận:" in cells
    assert "BÁO CÁO" in body and "Tình hình thực hiện Chính phủ điện tử tháng 10/2026" in body
    pack_findings = insights.collect(demo_engine, PERIOD, Scope.national(), "prev")
    for f in pack_findings:
        if f.kind == "headline":
            assert insights.sentence(f, "vi") in body
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}
    assert "DỮ LIỆU MINH HỌA" in doc.sections[0].header.paragraphs[0].text


def test_pdf_text_fonts_and_pages(national, demo_engine):
    pdf = national["pdf"]
    text = flat(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for fam_id, (m, r) in headline_values(demo_engine).items():
        assert formatting.value(m, r.value, "vi") in text
        assert f"{formatting.number(r.numerator)}/{formatting.number(r.denominator)}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Quần đảo Hoàng Sa (Đà Nẵng), Quần đảo Trường Sa (Khánh Hòa)" in text  # the map caption
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    listed = fonts.splitlines()[2:]  # after the two header lines: every font the file uses
    assert listed and all("Serif" in line and " yes yes yes " in line for line in listed)  # embedded, subset, ToUnicode
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1])
    for n in range(1, pages + 1):  # the demo label on every page
        page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Dữ liệu minh họa" in page
    OUTPUT.mkdir(parents=True, exist_ok=True)  # rendered for a look: test-output/briefing/report-*.png
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(pdf), str(OUTPUT / "report")], check=True)
    assert (OUTPUT / "report-01.png").exists() or (OUTPUT / "report-1.png").exists()


def test_annex_numbers_and_cells(national, demo_engine):
    wb = openpyxl.load_workbook(national["xlsx"])
    assert wb.sheetnames[:4] == [f.label("vi") for f in catalog.FAMILIES]
    for fam, (fam_id, (m, r)) in zip(catalog.FAMILIES, headline_values(demo_engine).items()):
        ws = wb[fam.label("vi")]
        assert ws["A1"].value.startswith("Dữ liệu minh họa")
        head = next(row for row in ws.iter_rows(values_only=True) if row[0] == "Kết quả chung")
        # value, unit, numerator, denominator, period, scope, source
        assert head[4] == pytest.approx(r.value)
        assert (head[6], head[7]) == (r.numerator, r.denominator)
        assert head[9] == "Toàn quốc" and head[10] == "Dữ liệu minh họa (bộ dữ liệu trình diễn)"
    for ws in wb.worksheets:
        assert ws["A1"].value.startswith("Dữ liệu minh họa")
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_print_map_labels_the_archipelagos(demo_engine):
    from briefing.figures import map_values
    from briefing.print_map import print_map_figure
    pack = gather(demo_engine, PERIOD, Scope.national(), sections=("map",))
    fig = print_map_figure(map_values(pack), pack.boundary, "vi", title="")
    labels = [a.text for a in fig.layout.annotations]
    assert "Quần đảo Hoàng Sa (Đà Nẵng)" in labels and "Quần đảo Trường Sa (Khánh Hòa)" in labels
    filled = [tr for tr in fig.data if tr.fill == "toself"]
    assert len(filled) >= 5 + 2  # colour classes of the 34 provinces and the two archipelagos


# --- small hand-built cases: exact numbers, formula safety, errors --------------------------------

def dossier(code, month, on_time, resolved=100):
    return {"agency_code": code, "month": month, "received": resolved, "received_online": resolved // 2,
            "resolved_on_time": on_time, "resolved_late": resolved - on_time, "pending_in_time": 0,
            "pending_overdue": 0}


def test_annex_from_a_small_case_is_exact_and_formula_safe(engine, add_rows):
    from datetime import date
    add_rows(schema.dossiers, [dossier("01", "2020-01", 90), dossier("02", "2020-01", 45, 50),
                               dossier("01", "2020-02", 96), dossier("02", "2020-02", 48, 50)])
    add_rows(schema.tasks, [{"task_id": "T1", "agency_code": "01", "title": "=HYPERLINK(\"http://x\",\"y\")",
                             "assigned_on": date(2020, 1, 2), "assigned_month": "2020-01",
                             "due_on": date(2020, 1, 20), "completed_on": None}])
    pack = gather(engine, Period.month("2020-02"), Scope.of_kind("province", "63"), "prev", "vi",
                  sections=("families", "overdue"))
    wb = openpyxl.load_workbook(io.BytesIO(annex.build_xlsx(pack)))
    ws = wb["Hồ sơ thủ tục hành chính"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(r for r in rows if r[0] == "Kết quả chung")
    cmp = next(r for r in rows if r[0] == "Kỳ so sánh")
    # February: (96 + 48) / (100 + 50) = 144/150 = 96.0%; January: (90 + 45) / 150 = 90.0%
    assert (head[4], head[6], head[7], head[8]) == (pytest.approx(96.0), 144, 150, "02/2020")
    assert (cmp[4], cmp[6], cmp[7], cmp[8]) == (pytest.approx(90.0), 135, 150, "01/2020")
    assert head[11].startswith("Các tỉnh, thành phố (63): tỷ lệ hồ sơ giải quyết đúng hạn tháng 02/2020 đạt 96,0% "
                               "(144/150 hồ sơ đã giải quyết), tăng 6,0 điểm % so với tháng 01/2020 (90,0%).")
    overdue = wb["Nhiệm vụ quá hạn"]
    titles = [r[1] for r in overdue.iter_rows(values_only=True) if r[0] == "Hà Nội"]
    assert titles == ["'=HYPERLINK(\"http://x\",\"y\")"]  # text, never a formula
    assert not any(c.data_type == "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    assert "Dữ liệu minh họa" not in str(rows[0][0])  # not demo data: no demo label


def test_refuses_future_periods_empty_scopes_and_unknown_agencies(engine, add_rows):
    from datetime import date
    add_rows(schema.dossiers, [dossier("01", "2020-01", 90)])
    with pytest.raises(BriefingError, match="has not ended yet"):
        gather(engine, Period.month("2020-02"), Scope.national(), today=date(2020, 2, 15))
    with pytest.raises(BriefingError, match="reports reach 01/2020"):
        gather(engine, Period.month("2020-02"), Scope.national(), today=date(2020, 6, 1))
    with pytest.raises(BriefingError, match="no data for scope"):
        gather(engine, Period.month("2020-01"), Scope.of_region("DBSCL", "63"), today=date(2020, 6, 1))
    with pytest.raises(BriefingError, match="unknown agency code 'ZZ'") as unknown:
        gather(engine, Period.month("2020-01"), parse_scope("agency:zz"), today=date(2020, 6, 1))
    assert unknown.value.text("vi") == str(unknown.value)  # no Vietnamese wording: the message as it is
    with pytest.raises(BriefingError, match="unknown scope"):
        parse_scope("everything")


def test_a_refusal_is_worded_in_vietnamese_for_the_web_page(engine, add_rows):
    from datetime import date
    add_rows(schema.dossiers, [dossier("01", "2020-01", 90)])
    with pytest.raises(BriefingError) as future:
        gather(engine, Period.between("2020-01", "2020-03"), Scope.national(), today=date(2020, 2, 15))
    assert future.value.text("vi") == "Quý I/2020 chưa kết thúc (tháng đã trọn gần nhất: 01/2020)"
    assert future.value.text("en") == str(future.value) == \
        "period Q1/2020 has not ended yet (latest complete month: 01/2020)"
    with pytest.raises(BriefingError) as beyond:
        gather(engine, Period.month("2020-02"), Scope.national(), today=date(2020, 6, 1))
    assert beyond.value.text("vi") == "chưa có số liệu tháng 02/2020: báo cáo mới đến 01/2020"
    with pytest.raises(BriefingError) as empty:
        gather(engine, Period.month("2020-01"), Scope.of_kind("ministry"), today=date(2020, 6, 1))
    assert empty.value.text("vi").endswith("không có số liệu tháng 01/2020")


def test_cli_errors_are_one_line(demo_url):
    env = {**os.environ, "DATABASE_URL": demo_url}
    for args, message in ((["--to", "2031-01"], "has not ended yet"), (["--to", "2018-05"], "no data for scope Nationwide in 05/2018"),
                          (["--to", "2026-10", "--scope", "agency:XX"], "unknown agency code 'XX'"),
                          (["--to", "2026-10", "--format", "odt"], "unknown format odt"),
                          (["--to", "13/2026"], "not a month")):
        r = subprocess.run([sys.executable, "-m", "briefing", "build", *args, "--out", "/tmp/unused-briefing"],
                           capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[2])
        assert r.returncode == 2, r.stderr
        assert r.stderr.count("\n") == 1 and message in r.stderr and "Traceback" not in r.stderr


def test_english_pack_speaks_english(engine, add_rows):
    add_rows(schema.dossiers, [dossier("01", "2020-01", 90), dossier("02", "2020-01", 45, 50),
                               dossier("01", "2020-02", 96), dossier("02", "2020-02", 48, 50)])
    pack = gather(engine, Period.month("2020-02"), Scope.of_kind("province", "63"), "prev", "en", sections=("families",))
    wb = openpyxl.load_workbook(io.BytesIO(annex.build_xlsx(pack)))
    assert wb.sheetnames[0] == "Administrative dossiers"
    head = next(r for r in wb["Administrative dossiers"].iter_rows(values_only=True) if r[0] == "Headline")
    # (96 + 48) / 150 = 96.0%, January 135/150 = 90.0%: +6.0 points
    assert head[11].startswith("Provinces (63): on-time dossier rate for 02/2020 was 96.0% "
                               "(144/150 dossiers resolved), up 6.0 pts on 01/2020 (90.0%).")
    from briefing.report import build_docx
    doc = Document(io.BytesIO(build_docx(pack, {})))
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in cells and "Recipients:" in cells
