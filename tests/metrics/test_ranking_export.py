"""A ranking as shown and as downloaded: CSV for machines (BOM, dot decimals, unit in the header,
N/A empty), XLSX for people (title, period, scope, demo label, number formats), same numbers."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from data import schema
from metrics.periods import Period
from metrics.ranking import rank_agencies
from metrics.ranking_export import (display_table, file_name, format_gap, format_value, rank_change_text,
                                    ranking_csv, ranking_xlsx)

ON_TIME = "dossier_on_time_rate"
JAN = Period.month("2020-01")


def dossier(code, month, on_time, late):
    return {"agency_code": code, "month": month, "received": on_time + late, "received_online": 0,
            "resolved_on_time": on_time, "resolved_late": late, "pending_in_time": 0, "pending_overdue": 0}


@pytest.fixture
def ranking(engine, add_rows):
    """01/2020: Lâm Đồng 958/1000 = 95,8%, Đắk Nông 99%, Hà Nội 90%; 12/2019 Hà Nội 1st, Lâm Đồng 2nd."""
    add_rows(schema.dossiers, [dossier("68", "2020-01", 958, 42), dossier("67", "2020-01", 99, 1),
                               dossier("01", "2020-01", 90, 10),
                               dossier("01", "2019-12", 99, 1), dossier("68", "2019-12", 90, 10)])
    r = rank_agencies(engine, ON_TIME, "province", JAN, boundary="63")
    return r[r["agency"].isin(["67", "68", "01", "62"])].reset_index(drop=True)  # 62 Kon Tum: no data


def composite_frame():
    return pd.DataFrame({"agency": ["56", "68", "62"], "name_vi": ["Khánh Hòa", "Lâm Đồng", "Kon Tum"],
                         "name_en": ["Khanh Hoa", "Lam Dong", "Kon Tum"], "region": ["BTB", "TN", "TN"],
                         "value": [91.234, 69.2627, float("nan")], "rank": pd.array([1, 2, None], dtype="Int64"),
                         "of": [2, 2, 2], "prev_rank": pd.array([2, 1, None], dtype="Int64"),
                         "rank_change": pd.array([1, -1, None], dtype="Int64")})


def test_display_table_is_what_users_read(ranking):
    table = display_table(ranking, ON_TIME, "vi")
    assert list(table["agency"]) == ["67", "68", "01", "62"]  # ranked first, N/A last
    assert list(table["rank"]) == ["1", "2", "3", "–"]
    assert list(table["value"]) == ["99,0%", "95,8%", "90,0%", "Không có số liệu"]
    # 67 new (no 12/2019 report), 68 stayed 2nd, 01 fell from 1st to 3rd; 62 unranked.
    assert list(table["change"]) == ["mới", "–", "▼ 2", ""]
    assert table.loc[1, "region"] == "Tây Nguyên"
    assert "band" not in table


def test_rank_change_arrows():
    assert rank_change_text(2, 5) == "▲ 3"
    assert rank_change_text(4, 2) == "▼ 2"
    assert rank_change_text(3, 3) == "–"
    assert rank_change_text(3, None) == "mới" and rank_change_text(3, None, "en") == "new"
    assert rank_change_text(None, 3) == ""


def test_values_and_gaps_formatted_vietnamese_style():
    assert format_value("composite", 86.97) == "86,97"
    assert format_value("composite", 86.97, "en") == "86.97"
    assert format_value(ON_TIME, 95.83) == "95,8%"
    assert format_value(ON_TIME, None) == "Không có số liệu"
    assert format_gap(ON_TIME, 1.234) == "1,23 điểm %"
    assert format_gap("composite", 3.456, "en") == "3.46 points"


def test_composite_table_has_bands():
    table = display_table(composite_frame(), "composite", "vi")
    assert list(table["band"]) == ["Xuất sắc", "Trung bình", ""]
    assert list(table["value"]) == ["91,23", "69,26", "Không có số liệu"]
    assert list(table["change"]) == ["▲ 1", "▼ 1", ""]


def test_csv_for_machines(ranking):
    data = ranking_csv(ranking, ON_TIME, JAN, "vi", scope="Các tỉnh, thành phố (63)", demo=True)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then opens Vietnamese correctly
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Hạng,Mã,Đơn vị,Vùng,Giá trị (%),Hạng kỳ trước,Thay đổi hạng")
    df = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"Mã": str})
    assert list(df["Mã"]) == ["67", "68", "01", "62"]
    assert df.loc[1, "Giá trị (%)"] == pytest.approx(95.8)  # dot decimal: 958/1000
    assert "95.8" in data.decode("utf-8-sig").splitlines()[2]
    assert pd.isna(df.loc[3, "Giá trị (%)"]) and pd.isna(df.loc[3, "Hạng"])  # N/A is empty, never 0
    assert df.loc[2, "Thay đổi hạng (+ là tăng bậc)"] == -2
    assert set(df["Kỳ"]) == {"01/2020"}
    assert set(df["Chỉ tiêu"]) == {"Tỷ lệ hồ sơ giải quyết đúng hạn"}
    assert set(df["Phạm vi"]) == {"Các tỉnh, thành phố (63)"}
    assert df["Nguồn số liệu"].str.contains("Dữ liệu minh họa").all()


def test_csv_without_demo_names_the_warehouse_and_english_headers(ranking):
    df = pd.read_csv(io.BytesIO(ranking_csv(ranking, ON_TIME, JAN, "en")), encoding="utf-8-sig")
    assert list(df.columns[:5]) == ["Rank", "Code", "Agency", "Region", "Value (%)"]
    assert not df["Source"].str.contains("demo", case=False).any()


def test_xlsx_for_people(ranking):
    wb = openpyxl.load_workbook(io.BytesIO(ranking_xlsx(ranking, ON_TIME, JAN, "vi", scope="Tỉnh (63)", demo=True)))
    ws = wb.active
    assert ws.title == "Xếp hạng"
    assert ws["A1"].value == "Xếp hạng: Tỷ lệ hồ sơ giải quyết đúng hạn · 01/2020"
    assert ws["A2"].value == "Phạm vi: Tỉnh (63)"
    assert "Dữ liệu minh họa" in ws["A3"].value
    assert [c.value for c in ws[6]][:5] == ["Hạng", "Mã", "Đơn vị", "Vùng", "Giá trị (%)"]
    first, lam_dong, missing = ws[7], ws[8], ws[10]
    assert (first[0].value, first[1].value, first[2].value) == (1, "67", "Đắk Nông")
    assert lam_dong[4].value == pytest.approx(0.958) and lam_dong[4].number_format == "0.00%"
    assert lam_dong[0].number_format == "0"
    assert missing[4].value == "Không có số liệu" and missing[0].value is None  # N/A, not 0
    assert ws.freeze_panes == "A7"


def test_xlsx_composite_points_and_bands():
    ws = openpyxl.load_workbook(io.BytesIO(ranking_xlsx(composite_frame(), "composite", Period.year(2020), "en"))).active
    assert ws["A1"].value == "Ranking: Composite index (points out of 100) · Year 2020"
    assert "demo" not in ws["A3"].value.lower()
    assert ws.cell(6, 5).value == "Points (of 100)" and ws.cell(6, 8).value == "Band"
    assert ws.cell(7, 5).value == pytest.approx(91.234) and ws.cell(7, 5).number_format == "0.00"
    assert ws.cell(7, 8).value == "Excellent" and ws.cell(9, 5).value == "N/A"


def test_file_name_says_what_who_and_when():
    assert file_name("composite", "province", Period.year(2020), "xlsx") == "xep-hang_province_composite_2020-01_2020-12.xlsx"
