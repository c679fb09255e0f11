"""Monthly multi-series figures and a metric's progress toward its target."""
from __future__ import annotations

from datetime import date

import pandas as pd

from charts.frame import frame
from charts.series import monthly_series, target_progress
from metrics import catalog

LEVEL4 = catalog.get("services_full_online_share")


def test_monthly_series_side_by_side_with_gaps_not_zeros():
    sent = pd.DataFrame({"month": ["2019-03", "2019-04", "2019-05"], "value": [10500.0, None, 13000.0]})
    received = pd.DataFrame({"month": ["2019-03", "2019-04", "2019-05"], "value": [30000.0, 41000.0, 40553.0]})
    fig = monthly_series([("Gửi", sent), ("Nhận", received)], "vi", title="Văn bản qua Trục",
                         subtitle="Toàn quốc · 03/2019–05/2019", unit="văn bản")
    assert [tr.name for tr in fig.data] == ["Gửi", "Nhận"]
    assert list(fig.data[0].x) == ["03/2019", "04/2019", "05/2019"]
    assert fig.data[0].y[1] is None or fig.data[0].y[1] != fig.data[0].y[1]  # gap, not 0
    assert list(fig.data[1].customdata) == ["30.000", "41.000", "40.553"]
    assert fig.data[0].customdata[1] == "Không có số liệu"
    assert fig.layout.yaxis.title.text == "Văn bản" and fig.layout.xaxis.title.text == "Tháng"
    assert fig.layout.yaxis.tickformat == ","  # 200.000 with the Vietnamese separators
    assert fig.layout.separators == ",."


def test_target_progress_marks_the_target_at_its_deadline_and_projects_the_trend():
    trend = pd.DataFrame({"month": ["2020-07", "2020-08", "2020-09"], "value": [25.0, 26.4, 27.7]})
    fig = target_progress(LEVEL4, trend, "vi", title=LEVEL4.label_vi, subtitle="Toàn quốc · đến 09/2020",
                          target=30.0, deadline=date(2020, 12, 31), target_label="Mục tiêu 30,0% đến 31/12/2020",
                          projected=30.3, projection_label="Xu hướng 12 tháng")
    values, star, projection = fig.data
    assert list(values.y) == [25.0, 26.4, 27.7] and list(values.customdata) == ["25,0%", "26,4%", "27,7%"]
    assert star.name == "Mục tiêu 30,0% đến 31/12/2020" and list(star.y) == [30.0]
    assert str(star.x[0]) == "2020-12-31"
    assert list(projection.y) == [27.7, 30.3] and str(projection.x[0]) == "2020-09-01"
    assert fig.layout.shapes[0].y0 == 30.0  # the target line
    assert fig.layout.yaxis.title.text == "%" and fig.layout.xaxis.tickformat == "%m/%Y"


def test_no_projection_after_the_deadline_has_passed():
    trend = pd.DataFrame({"month": ["2026-09", "2026-10"], "value": [57.9, 58.0]})
    fig = target_progress(LEVEL4, trend, "en", title="t", target=80.0, deadline=date(2025, 12, 31), projected=57.9)
    assert [tr.name for tr in fig.data][1:] == ["80.0%"]  # the target marker only


def test_frame_leaves_room_for_a_subtitle_and_a_legend():
    from charts.draft import Draft
    plain = frame(Draft(), "t", None, 300, legend=False).figure()
    full = frame(Draft(), "t", "a<br>b", 300, legend=True).figure()
    assert plain.layout.margin.t < full.layout.margin.t
    assert full.layout.title.subtitle.text == "a<br>b"
