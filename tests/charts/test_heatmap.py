"""Agency × month heatmap: every agency and month has a cell; a month not reported is a grey N/A cell."""
from __future__ import annotations

import math

import pandas as pd

from charts.heatmap import SCALE, agency_month_heatmap, value_grid
from charts.theme import NA_COLOR
from metrics import catalog

ON_TIME = catalog.get("dossier_on_time_rate")
OVERDUE = catalog.get("task_overdue_rate")
MONTHS = ["2021-01", "2021-02", "2021-03"]
AGENCIES = pd.DataFrame({"agency": ["15", "68"], "name_vi": ["Yên Bái", "Lâm Đồng"], "name_en": ["Yen Bai", "Lam Dong"]})
# Yên Bái did not report in 03/2021; Lâm Đồng reported every month.
VALUES = pd.DataFrame({"agency": ["15", "15", "68", "68", "68"],
                       "month": ["2021-01", "2021-02", "2021-01", "2021-02", "2021-03"],
                       "value": [96.14, 95.0, 99.49, 100.0, 98.0]})


def test_value_grid_keeps_agency_order_and_marks_missing_months():
    grid = value_grid(VALUES, ["68", "15"], MONTHS)
    assert list(grid.index) == ["68", "15"] and list(grid.columns) == MONTHS
    assert grid.loc["68", "2021-03"] == 98.0
    assert math.isnan(grid.loc["15", "2021-03"])


def test_value_grid_of_no_rows_is_all_missing():
    grid = value_grid(VALUES.iloc[0:0], ["15"], MONTHS)
    assert grid.shape == (1, 3) and grid.isna().all().all()


def test_heatmap_cells_values_and_na():
    fig = agency_month_heatmap(ON_TIME, VALUES, AGENCIES, MONTHS, "vi", title="Tỷ lệ hồ sơ đúng hạn theo tỉnh và tháng",
                               subtitle="2 tỉnh · 01/2021–03/2021", zmin=85.0, zmax=100.0)
    grey, values = fig.data
    assert list(values.x) == ["01/2021", "02/2021", "03/2021"]
    assert list(values.y) == ["Yên Bái", "Lâm Đồng"]
    z = [list(r) for r in values.z]
    assert z[1] == [99.49, 100.0, 98.0]
    assert z[0][:2] == [96.14, 95.0] and (z[0][2] is None or math.isnan(z[0][2]))  # not 0
    assert [list(r) for r in values.text] == [["96,1", "95,0", "Không có số liệu"], ["99,5", "100,0", "98,0"]]
    # The grey layer covers exactly the missing cell and says so.
    gz = [[v == 1.0 for v in r] for r in grey.z]
    assert gz == [[False, False, True], [False, False, False]]
    assert grey.colorscale[0][1] == NA_COLOR and grey.showscale is False
    assert list(grey.text[0]) == ["", "", "Không có số liệu"]
    assert (values.zmin, values.zmax) == (85.0, 100.0)
    assert fig.layout.title.text.startswith("Tỷ lệ hồ sơ")
    assert "01/2021–03/2021" in fig.layout.title.subtitle.text
    assert fig.layout.xaxis.title.text == "Tháng" and fig.layout.yaxis.title.text == "Đơn vị"
    assert values.colorbar.ticksuffix == "%"


def test_heatmap_in_english():
    fig = agency_month_heatmap(ON_TIME, VALUES, AGENCIES, MONTHS, "en", title="On-time rate by province and month")
    values = fig.data[1]
    assert list(values.y) == ["Yen Bai", "Lam Dong"]
    assert values.text[0][2] == "N/A" and values.text[1][0] == "99.5"
    assert fig.layout.xaxis.title.text == "Month"
    assert fig.layout.separators == ".,"


def test_colour_scale_runs_worst_to_best_for_either_direction():
    higher = agency_month_heatmap(ON_TIME, VALUES, AGENCIES, MONTHS, "vi", title="t").data[1]
    lower = agency_month_heatmap(OVERDUE, VALUES, AGENCIES, MONTHS, "vi", title="t").data[1]
    assert higher.colorscale[0][1] == SCALE[0][1]  # low on-time rate: red
    assert lower.colorscale[-1][1] == SCALE[0][1]  # high overdue rate: red
    assert lower.colorscale[0][1] == SCALE[-1][1]


def test_height_fits_every_agency_row():
    many = pd.DataFrame({"agency": [f"{i:02d}" for i in range(63)], "name_vi": [f"T{i}" for i in range(63)],
                         "name_en": [f"P{i}" for i in range(63)]})
    fig = agency_month_heatmap(ON_TIME, VALUES.iloc[0:0], many, MONTHS, "vi", title="t")
    assert len(fig.data[1].y) == 63 and fig.layout.height >= 63 * 20
