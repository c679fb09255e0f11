"""Explanation requests not yet closed in the briefing pack: the report (DOCX and PDF), the deck and
the annex list the scope's open and answered requests with the overdue flag, and say so in one
sentence when there are none. Requests are made with data.explanations on the small test warehouse."""
from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from pptx import Presentation
from sqlalchemy import delete

from briefing.annex import build_xlsx
from briefing.content import SECTIONS, gather
from briefing.deck import build_deck
from briefing.pdf import build_pdf
from briefing.report import build_docx
from data import explanations as ex
from data import schema
from data.audit import Actor
from data.roles import User
from metrics.periods import Period
from metrics.scope import Scope

PERIOD = Period.month("2020-02")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "briefing"
ASKED = date(2020, 3, 1)
TODAY = date(2020, 3, 20)  # the day the pack is built: overdue means open with a due date before it
LEADER = User("leader@vpcp.gov.vn", "leader")
HA_GIANG = User("so@hagiang.gov.vn", "agency", "02")


def _dossier(code, month, on_time=90):
    return {"agency_code": code, "month": month, "received": 100, "received_online": 50,
            "resolved_on_time": on_time, "resolved_late": 100 - on_time, "pending_in_time": 0, "pending_overdue": 0}


def _clear(engine):
    with engine.begin() as conn:
        for table in schema.ACCESS_TABLES:
            conn.execute(delete(table))


@pytest.fixture
def db(engine, add_rows):
    """Dossiers for Hà Nội (01, DBSH), Hà Giang (02, TDMN) and Hồ Chí Minh (79, DNB), no requests yet."""
    _clear(engine)
    add_rows(schema.dossiers, [_dossier(c, m) for c in ("01", "02", "79") for m in ("2020-01", "2020-02")])
    yield engine
    _clear(engine)


def _ask(engine, code, metric, start, end, question, due):
    return ex.ask(engine, LEADER, Actor(LEADER.email, "s-1"), code, metric, start, end, question, due, today=ASKED)


@pytest.fixture
def asked(db):
    """Five requests: three open, one answered, one closed (never shown)."""
    _ask(db, "01", "dossier_on_time_rate", "2020-02", "2020-02", '=HYPERLINK("http://x","Vì sao giảm?")', date(2020, 3, 10))
    rid = _ask(db, "02", "task_completion_rate", "2020-01", "2020-02", "Vì sao nhiệm vụ chậm?", date(2020, 3, 15))
    ex.answer(db, HA_GIANG, Actor(HA_GIANG.email, "s-2"), rid, "Do thiếu cán bộ.")
    _ask(db, "79", "composite", "2020-02", "2020-02", "Điểm tổng hợp giảm?", date(2020, 4, 30))
    _ask(db, "BCA", "documents_sent", "2020-02", "2020-02", "Văn bản điện tử ít?", date(2020, 3, 12))
    closed = _ask(db, "01", "dossiers_received", "2020-02", "2020-02", "Đã rõ", date(2020, 3, 5))
    ex.close(db, LEADER, Actor(LEADER.email, "s-1"), closed)
    return db


def _pack(engine, scope, sections=SECTIONS, lang="vi"):
    return gather(engine, PERIOD, scope, "prev", lang, sections=tuple(sections), today=TODAY)


def _docx_rows(pack):
    doc = Document(io.BytesIO(build_docx(pack, {})))
    table = next((t for t in doc.tables if t.rows[0].cells[-1].text == "Quá hạn"), None)
    text = "\n".join(p.text for p in doc.paragraphs)
    return text, None if table is None else [[c.text for c in r.cells] for r in table.rows[1:]]


def _deck_texts(pack):
    prs = Presentation(io.BytesIO(build_deck(pack, {})))
    texts = []
    for slide in prs.slides:
        parts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        parts += [c.text for sh in slide.shapes if sh.has_table for r in sh.table.rows for c in r.cells]
        texts.append("\n".join(parts))
    return texts, prs


def test_national_pack_lists_every_request_not_yet_closed(asked):
    pack = _pack(asked, Scope.national("63"))
    text, rows = _docx_rows(pack)
    # 5 asked − 1 closed = 4; open: 01, 79, BCA = 3; overdue: 01 (due 10/03) and BCA (due 12/03) are open
    # before 20/03; 02 is answered (not overdue), 79 is due 30/04
    assert "VI. YÊU CẦU GIẢI TRÌNH CHƯA ĐÓNG" in text
    assert "Có 4 yêu cầu giải trình chưa đóng, trong đó 3 đang chờ đơn vị trả lời, 2 đã quá hạn." in text
    # oldest due date first: 10/03 Hà Nội, 12/03 Bộ Công an, 15/03 Hà Giang, 30/04 Hồ Chí Minh
    assert [r[0] for r in rows] == ["Hà Nội (01)", "Bộ Công an (BCA)", "Hà Giang (02)", "Hồ Chí Minh (79)"]
    assert [r[4] for r in rows] == ["10/03/2020", "12/03/2020", "15/03/2020", "30/04/2020"]
    assert [r[6] for r in rows] == ["QUÁ HẠN", "QUÁ HẠN", "", ""]
    assert [r[5] for r in rows] == ["Chờ đơn vị trả lời", "Chờ đơn vị trả lời", "Đơn vị đã trả lời", "Chờ đơn vị trả lời"]
    assert rows[2][1:4] == ["Tỷ lệ nhiệm vụ đã hoàn thành", "01/2020–02/2020", "Vì sao nhiệm vụ chậm?"]
    assert rows[0][2] == "02/2020" and rows[3][1] == "Chỉ số tổng hợp"
    assert "Đã rõ" not in str(rows)  # the closed request is not shown

    slides, prs = _deck_texts(pack)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    prs.save(OUTPUT / "requests.pptx")  # for a look: python tests/briefing/slide_images.py requests.pptx DIR
    req = [s for s in slides if "Yêu cầu giải trình chưa đóng" in s]
    assert len(req) == 1 and "Hồ Chí Minh (79)" in req[0] and req[0].count("QUÁ HẠN") == 2

    wb = openpyxl.load_workbook(io.BytesIO(build_xlsx(pack)))
    sheet = list(wb["Yêu cầu giải trình"].iter_rows(values_only=True))
    data = [r for r in sheet if r[0] and r[0].endswith(")") and r[4]]
    assert len(data) == 4 and [r[6] for r in data] == ["QUÁ HẠN", "QUÁ HẠN", None, None]
    assert data[0][3] == "'=HYPERLINK(\"http://x\",\"Vì sao giảm?\")"  # text, never a formula
    assert not any(c.data_type == "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def test_pdf_shows_the_same_requests(asked):
    pdf = build_pdf(_pack(asked, Scope.national("63")), {})
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "requests.pdf").write_bytes(pdf)  # for a look: pdftoppm -png -r 80 requests.pdf
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = re.sub(r"\s+", " ", text)
    section = flat[flat.index("VI. YÊU CẦU GIẢI TRÌNH CHƯA ĐÓNG"):flat.index("VII. ĐỀ XUẤT, KIẾN NGHỊ")]
    assert "Có 4 yêu cầu giải trình chưa đóng, trong đó 3 đang chờ đơn vị trả lời, 2 đã quá hạn." in section
    assert section.count("QUÁ HẠN") == 2  # Hà Nội and Bộ Công an, as in the DOCX
    for name in ("Hà Nội (01)", "Bộ Công an (BCA)", "Hà Giang (02)", "Hồ Chí Minh (79)"):
        assert name in section


@pytest.mark.parametrize("scope, agencies", [
    (Scope.of_agency("02", "63"), ["Hà Giang (02)"]),
    (Scope.of_region("DBSH", "63"), ["Hà Nội (01)"]),
    (Scope.of_kind("province", "63"), ["Hà Nội (01)", "Hà Giang (02)", "Hồ Chí Minh (79)"]),  # not the ministry
])
def test_a_scope_shows_only_its_agencies_requests(asked, scope, agencies):
    _text, rows = _docx_rows(_pack(asked, scope))
    assert [r[0] for r in rows] == agencies


def test_no_request_is_one_sentence_no_table_no_slide(db):
    pack = _pack(db, Scope.national("63"))
    text, rows = _docx_rows(pack)
    assert rows is None
    assert "VI. YÊU CẦU GIẢI TRÌNH CHƯA ĐÓNG\nKhông có yêu cầu giải trình nào chưa đóng." in text
    slides, _ = _deck_texts(pack)
    assert not any("Yêu cầu giải trình chưa đóng" in s for s in slides)
    sheet = list(openpyxl.load_workbook(io.BytesIO(build_xlsx(pack)))["Yêu cầu giải trình"].iter_rows(values_only=True))
    assert sheet == [("Không có yêu cầu giải trình nào chưa đóng.",)]


def test_the_section_is_left_out_when_not_chosen_and_speaks_english(asked):
    pack = _pack(asked, Scope.national("63"), sections=[s for s in SECTIONS if s != "requests"])
    text, rows = _docx_rows(pack)
    assert rows is None and "YÊU CẦU GIẢI TRÌNH" not in text
    assert "Yêu cầu giải trình" not in openpyxl.load_workbook(io.BytesIO(build_xlsx(pack))).sheetnames
    en = _pack(asked, Scope.of_agency("01", "63"), sections=("requests",), lang="en")
    doc = Document(io.BytesIO(build_docx(en, {})))
    paras = "\n".join(p.text for p in doc.paragraphs)
    # Hà Nội: the open request due 10/03 (overdue); its closed one is not counted
    assert "1 explanation requests are not yet closed: 1 waiting for the agency, 1 overdue." in paras
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Overdue")
    assert [c.text for c in table.rows[1].cells][4:] == ["10/03/2020", "Waiting for the agency", "OVERDUE"]
