"""The two import kinds of the 766 index — its inputs and the published scores — in the import
contract: CSV or XLSX, English or Vietnamese headers, the kind inferred, a bad file refused whole
with every problem's row, column and value, nothing written."""
from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from data import schema
from data.import_formats import COLUMNS
from data.importer import import_bytes, import_file

TODAY = date(2026, 11, 24)
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def example_rows(kind: str) -> list[list[str]]:
    return list(csv.reader((EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8").splitlines()))


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def problems(report) -> set[tuple]:
    return {(p.row, p.column, p.value) for p in report.problems}


@pytest.mark.parametrize("kind, table, rows", [("index766", schema.index766_inputs, 4),
                                               ("index766_scores", schema.index766_published, 2)])
def test_example_files_import_with_the_kind_inferred(engine, kind, table, rows):
    report = import_file(engine, EXAMPLES / f"{kind}.csv", today=TODAY)
    assert report.outcome == "applied", report.render()
    assert report.kind == kind and (report.inserted, report.updated) == (rows, 0)
    assert count(engine, table) == rows
    again = import_file(engine, EXAMPLES / f"{kind}.csv", today=TODAY)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, rows)


def test_published_scores_keep_decimals_and_empty_groups(engine):
    import_file(engine, EXAMPLES / "index766_scores.csv", today=TODAY)
    t = schema.index766_published
    with engine.connect() as conn:
        tn = conn.execute(select(t).where(t.c.agency_code == "19")).mappings().one()
        th = conn.execute(select(t).where(t.c.agency_code == "38")).mappings().one()
    assert (tn["transparency"], tn["progress"], tn["total"]) == (15.67, 19.31, 86.97)
    assert tn["online_services"] is None and tn["online_payment"] is None  # published together: 17.49
    assert th["total"] == 86.51 and th["transparency"] is None
    assert "29/8/2025" in tn["source"]


@pytest.mark.parametrize("kind", ["index766", "index766_scores"])
def test_vietnamese_headers_in_an_xlsx_file(engine, tmp_path, kind):
    rows = example_rows(kind)
    labels = {c.name: c.label_vi for c in COLUMNS[kind]}
    wb = Workbook()
    ws = wb.active
    ws.append([labels[h].upper() for h in rows[0]])  # any case
    for r in rows[1:]:
        ws.append([float(v.replace(",", ".")) if v and v.replace(".", "").isdigit() and "." in v
                   else int(v) if v.isdigit() and len(v) > 2 else v for v in r])
    path = tmp_path / f"{kind}.xlsx"
    wb.save(path)
    report = import_file(engine, path, today=TODAY)
    assert report.outcome == "applied", report.render()
    assert report.kind == kind and report.inserted == len(rows) - 1


def test_published_points_with_a_decimal_comma(engine):
    # every group column is required, its cells may stay empty
    text = ("mã đơn vị;tháng;tổng điểm;công khai minh bạch;tiến độ giải quyết;dịch vụ trực tuyến;"
            "thanh toán trực tuyến;số hóa hồ sơ;mức độ hài lòng\n"
            "19;08/2025;86,97;15,67;;;;;\n").encode("utf-8")
    report = import_bytes(engine, text, "diem.csv", today=TODAY)
    assert report.outcome == "applied", report.render()
    t = schema.index766_published
    with engine.connect() as conn:
        assert conn.execute(select(t.c.total, t.c.transparency)).one() == (86.97, 15.67)


def test_bad_inputs_are_refused_whole_with_every_problem(engine):
    rows = example_rows("index766")
    header = rows[0]
    col = header.index
    rows[1][col("procedures_announced_on_time")] = "41"  # 41 on time of 40 announced (row 2)
    rows[2][col("handled_done_late")] = "-5"  # negative (row 3)
    rows[3][col("agency_code")] = "06"  # Bắc Kạn no longer exists in 08/2025 (row 4)
    rows[4][col("petitions")] = "12,5"  # fractional (row 5)
    rows.append(list(rows[4]))  # the same agency and month twice (rows 5 and 6)
    rows[5][col("petitions")] = "12"
    before = count(engine, schema.index766_inputs)
    report = import_bytes(engine, as_csv(rows), "inputs.csv", today=TODAY)
    assert report.outcome == "refused"
    assert problems(report) >= {(2, "procedures_announced_on_time", "41"), (3, "handled_done_late", "-5"),
                                (4, "agency_code", "06"), (5, "petitions", "12,5"),
                                (5, "agency_code", "BTC")}, report.render()  # a repeated key: once, at its first row
    assert count(engine, schema.index766_inputs) == before == 0
    text = report.render("en")
    assert "exceeds procedures_announced" in text and "is used only until 06/2025" in text


def test_bad_published_scores_are_refused_whole_with_every_problem(engine):
    header = "agency_code,month,transparency,progress,online_services,online_payment,digitisation,satisfaction,total"
    text = "\n".join([
        header,
        "19,2025-08,18.5,19.31,9.52,7.97,16.64,17.86,89.8",  # transparency above its 18 points
        "38,2025-08,15.67,19.31,9.52,7.97,16.64,17.86,80.00",  # 86.97 of groups, total says 80
        "01,2025-08,,,,,,,abc",  # not points
        "BTC,2025-08,,,,,,,101",  # above 100
        "",
    ]).encode()
    report = import_bytes(engine, text, "published.csv", today=TODAY)
    assert report.outcome == "refused"
    assert problems(report) == {(2, "transparency", "18.5"), (3, "total", "80.00"), (4, "total", "abc"),
                                (5, "total", "101")}, report.render()
    assert count(engine, schema.index766_published) == 0
    assert "86.97" in report.render("en")  # the sum of the groups is shown beside the total
