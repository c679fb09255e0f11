"""The four KPI family pages (dossiers, documents, services, tasks) through Streamlit's AppTest, on the
demo data: no exception, cards equal to the metric layer formatted the Vietnamese way, filters that
change the cards as predicted, figures with titles and the expected values."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from metrics import catalog, formatting
from metrics.periods import Period
from metrics.queries import agency_values, metric_trend, metric_value
from metrics.scope import Scope



def cards(at: AppTest) -> dict[str, str]:
    """Card label (without the traffic light) → displayed value."""
    return {m.label.split("] ", 1)[-1]: m.value for m in at.metric}


def arr(v) -> list:
    """A figure array from the spec JSON: plotly writes numeric arrays as typed base64 blocks."""
    if isinstance(v, dict) and "bdata" in v:
        import base64

        import numpy as np
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        if "shape" in v:
            a = a.reshape([int(n) for n in str(v["shape"]).split(",")])
        return [None if x != x else x for x in a.tolist()] if a.ndim == 1 else [
            [None if x != x else x for x in row] for row in a.tolist()]
    return v


def figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def titled(at: AppTest, text: str) -> list[dict]:
    """Figures whose title contains `text`."""
    return [f for f in figures(at) if text in f["layout"].get("title", {}).get("text", "")]


def subtitle(fig: dict) -> str:
    return fig["layout"]["title"].get("subtitle", {}).get("text", "")


def shown(metric_id: str, engine, period: Period, scope: Scope | None = None, lang: str = "vi", as_of=None) -> str:
    m = catalog.get(metric_id)
    return formatting.value(m, metric_value(engine, metric_id, period, scope, as_of).value, lang)


LAM_DONG = dict(pk="custom", to="2020-10", scope="agency", sa="68", **{"from": "2020-01"})
JAN_OCT_2020 = Period.between("2020-01", "2020-10")


# ---------------------------------------------------------------- dossiers

def test_dossiers_cards_show_the_metric_layer_values(make_app, demo_engine):
    at = make_app("dossiers", **LAM_DONG)
    c = cards(at)
    # Lâm Đồng, Jan–Oct 2020: 433,587 on time of 435,810 resolved = 99.489…% (published 99.49%).
    assert c["Tỷ lệ hồ sơ giải quyết đúng hạn"] == "99,5%"
    scope = Scope.of_agency("68")
    for metric_id in ("dossier_on_time_rate", "dossier_online_share", "dossiers_received"):
        assert c[catalog.get(metric_id).label_vi] == shown(metric_id, demo_engine, JAN_OCT_2020, scope)
    assert "." in c["Số hồ sơ tiếp nhận"]  # thousands dot: e.g. 463.316 hồ sơ
    assert at.title[0].value == "Hồ sơ TTHC"


def test_dossiers_figures_state_scope_and_period_and_mark_the_agency(make_app, demo_engine):
    at = make_app("dossiers", **LAM_DONG)
    figs = figures(at)
    assert len(figs) == 5  # two trends, two rankings, the heatmap
    trend = titled(at, "Tỷ lệ hồ sơ giải quyết đúng hạn theo tháng")[0]
    assert subtitle(trend) == "Lâm Đồng · 01/2019–10/2020"  # 24 months to the period's end, from the first report
    expected = metric_trend(demo_engine, "dossier_on_time_rate", Period.between("2019-01", "2020-10"), Scope.of_agency("68"))
    assert arr(trend["data"][0]["y"])[-1] == pytest.approx(expected["value"].iloc[-1])
    provinces = [f for f in figs if "Xếp hạng 63 tỉnh, thành phố · 01/2020–10/2020" in subtitle(f)]
    assert len(provinces) == 1
    labels = [y for tr in provinces[0]["data"] if tr["type"] == "bar" for y in tr["y"]]
    assert len(labels) == 63 and any(lab.startswith("<b>▶") and "Lâm Đồng" in lab for lab in labels)
    assert [f for f in figs if "Xếp hạng 22 bộ, cơ quan ngang bộ" in subtitle(f)]


def test_dossiers_in_english(make_app):
    at = make_app("dossiers", lang="en", **LAM_DONG)
    assert cards(at)["On-time dossier rate"] == "99.5%"
    assert at.title[0].value == "Dossiers"
    assert titled(at, "On-time dossier rate by month")
    assert any("Ranking of 63 provinces" in subtitle(f) for f in figures(at))


def test_dossiers_period_and_boundary_change_the_cards_and_rankings(make_app, demo_engine):
    at = make_app("dossiers", pk="year", to="2019-12")
    # Published: 95.8% of dossiers resolved on time nationwide in 2019.
    assert cards(at)["Tỷ lệ hồ sơ giải quyết đúng hạn"] == "95,8%"
    assert any("Xếp hạng 63 tỉnh" in subtitle(f) for f in figures(at))
    at34 = make_app("dossiers", pk="year", to="2019-12", b="34")
    assert any("Xếp hạng 34 tỉnh" in subtitle(f) for f in figures(at34))
    heat = titled(at34, "theo tỉnh và tháng")[0]
    assert len(heat["data"][1]["y"]) == 34  # 2019 expressed in today's 34 provinces
    month = make_app("dossiers", pk="month", to="2020-10")
    assert cards(month)["Tỷ lệ hồ sơ giải quyết đúng hạn"] == shown("dossier_on_time_rate", demo_engine, Period.month("2020-10"))


def test_dossiers_heatmap_shows_an_unreported_month_as_na(make_app):
    # The demo leaves Yên Bái (15) without a dossier report for 03/2021.
    at = make_app("dossiers", pk="month", to="2021-06")
    heat = titled(at, "theo tỉnh và tháng")[0]
    grey, values = heat["data"]
    row, col = values["y"].index("Yên Bái"), values["x"].index("03/2021")
    assert arr(values["z"])[row][col] is None
    assert values["text"][row][col] == "Không có số liệu"
    assert arr(grey["z"])[row][col] == 1.0  # the grey layer
    assert len(values["y"]) == 63 and values["x"][0] == "07/2020" and values["x"][-1] == "06/2021"


# ---------------------------------------------------------------- documents

def test_documents_reproduce_the_published_axis_volumes(make_app, demo_engine):
    # Published: 68,257 documents sent and 203,553 received over the Axis, Mar–Jul 2019.
    at = make_app("documents", pk="custom", to="2019-07", **{"from": "2019-03"})
    c = cards(at)
    assert c["Văn bản gửi qua Trục liên thông"] == "68.257 văn bản"
    assert c["Văn bản nhận qua Trục liên thông"] == "203.553 văn bản"
    period = Period.between("2019-03", "2019-07")
    assert c["Tỷ lệ văn bản gửi có chữ ký số"] == shown("documents_signed_share", demo_engine, period)
    connected = metric_value(demo_engine, "agencies_connected", period)
    assert c["Số cơ quan kết nối Trục liên thông"] == f"{connected.numerator}/{connected.denominator}"


def test_documents_figures(make_app, demo_engine):
    at = make_app("documents", pk="month", to="2020-08")
    volume = titled(at, "Văn bản gửi và nhận qua Trục liên thông theo tháng")[0]
    assert subtitle(volume) == "Toàn quốc · 01/2019–08/2020"  # the months drawn
    sent = metric_trend(demo_engine, "documents_sent", Period.between("2019-01", "2020-08"))
    assert arr(volume["data"][0]["y"])[-1] == pytest.approx(sent["value"].iloc[-1])
    assert volume["data"][0]["x"][0] == "01/2019"  # months before the first report are not drawn as 0
    assert titled(at, "cao nhất và thấp nhất")
    assert titled(at, "Cơ quan kết nối Trục liên thông theo tháng")
    assert len(titled(at, "Tỷ lệ văn bản gửi có chữ ký số")) == 3  # trend and two rankings
    assert cards(at)["Số cơ quan kết nối Trục liên thông"] == "95/95"  # published 95/95 (Feb 2020)


def test_documents_top_and_bottom_follow_the_metric_picked_on_every_rerun(make_app, demo_engine):
    # the figure is built once per view and metric: picking "received" draws the received counts,
    # picking "sent" again the sent ones (not the figure kept from the first pick)
    at = make_app("documents", pk="month", to="2020-08")
    aug = Period.month("2020-08")
    top = {m: max(v for v in agency_values(demo_engine, m, aug, Scope.national())["value"] if v == v)
           for m in ("documents_sent", "documents_received")}
    for metric_id in ("documents_received", "documents_sent", "documents_received"):
        at.button_group(key="doc_by_agency").set_value(metric_id).run()
        label = catalog.get(metric_id).label("vi")
        fig = titled(at, f"{label}: cao nhất và thấp nhất")[0]
        assert arr(fig["data"][0]["x"])[0] == top[metric_id]  # the first bar: the agency with the most
        assert not titled(at, f"{catalog.get(({'documents_sent', 'documents_received'} - {metric_id}).pop()).label('vi')}: cao nhất")


# ---------------------------------------------------------------- services

def test_services_reproduce_the_published_portal_figures(make_app, demo_engine):
    # Published, Sep 2020: 1,435 services on the National Portal for 6,842 procedures.
    at = make_app("services", pk="month", to="2020-09")
    c = cards(at)
    assert c["Dịch vụ tích hợp trên Cổng DVC quốc gia"] == "1.435 dịch vụ"
    assert c["Tỷ lệ thủ tục tích hợp trên Cổng DVC quốc gia"] == "21,0%"  # 1,435 / 6,842 = 20.97%
    sep = Period.month("2020-09")
    for metric_id in ("services_full_online_share", "services_online", "portal_dossiers_synced",
                      "portal_dossiers_online"):
        assert c[catalog.get(metric_id).label_vi] == shown(metric_id, demo_engine, sep)


def test_services_progress_shows_the_level4_target_and_deadline(make_app, demo_engine):
    at = make_app("services", pk="month", to="2020-09")
    progress = [f for f in titled(at, "Tỷ lệ dịch vụ công trực tuyến toàn trình") if "danh mục quốc gia" in subtitle(f)][0]
    values, star, projection = progress["data"]
    nat = metric_value(demo_engine, "services_full_online_share", Period.month("2020-09"))
    assert arr(values["y"])[-1] == pytest.approx(nat.value)
    assert arr(star["y"]) == [30.0] and star["x"][0].startswith("2020-12-31")  # at least 30% in 2020
    assert star["name"] == "Mục tiêu 30,0% đến 31/12/2020"
    assert projection["x"][-1].startswith("2020-12-31")
    rankings = [f for f in figures(at) if "Xếp hạng 63 tỉnh, thành phố · 09/2020" in subtitle(f)]
    assert len(rankings) == 2  # share and count of services on the Portal


def test_services_scope_change_changes_the_cards(make_app, demo_engine):
    at = make_app("services", pk="month", to="2020-11", scope="agency", sa="68")
    # Published, Nov 2020: Lâm Đồng had 173 services integrated on the Portal.
    assert cards(at)["Dịch vụ tích hợp trên Cổng DVC quốc gia"] == "173 dịch vụ"


# ---------------------------------------------------------------- tasks

def test_tasks_overdue_list_has_as_many_rows_as_the_overdue_count(make_app, demo_engine):
    at = make_app("tasks", pk="year", to="2019-12", scope="ministry")
    r = metric_value(demo_engine, "task_overdue_rate", Period.year(2019), Scope.of_kind("ministry"))
    assert (r.numerator, r.denominator) == (22, 1035)  # published: 2.13% overdue, ministries, end 2019
    assert cards(at)["Tỷ lệ nhiệm vụ quá hạn chưa hoàn thành"] == "2,1%"
    table = at.dataframe[0].value
    assert len(table) == r.numerator == 22
    assert list(table.columns) == ["Mã nhiệm vụ", "Nội dung nhiệm vụ", "Đơn vị", "Ngày giao", "Hạn hoàn thành",
                                   "Số ngày quá hạn"]
    days = table["Số ngày quá hạn"]
    assert (days > 0).all() and list(days) == sorted(days, reverse=True)
    assert (table["Hạn hoàn thành"].dt.date < Period.year(2019).end_date).all()
    assert at.get("download_button")
    assert any("22 nhiệm vụ quá hạn chưa hoàn thành" in c.value for c in at.caption)


def test_tasks_without_an_overdue_task_say_so_and_offer_no_file(make_app, demo_engine):
    # Bộ Tư pháp in the window 07/2019–06/2020: 40 tasks, none overdue on 30/06/2020 (the metric layer)
    at = make_app("tasks", pk="month", to="2020-06", scope="agency", sa="BTP")
    r = metric_value(demo_engine, "task_overdue_rate", Period.between("2019-07", "2020-06"), Scope.of_agency("BTP"))
    assert (r.numerator, r.denominator) == (0, 40)
    assert not at.dataframe and not at.get("download_button")
    assert [i.value for i in at.info] == ["Không có nhiệm vụ quá hạn chưa hoàn thành trong kỳ và phạm vi đã chọn."]
    assert any("0 nhiệm vụ quá hạn chưa hoàn thành" in c.value for c in at.caption)


def test_tasks_status_chart_matches_the_counts(make_app, demo_engine):
    at = make_app("tasks", pk="year", to="2019-12", scope="ministry")
    status = titled(at, "Nhiệm vụ theo tình trạng")[0]
    assert subtitle(status).startswith("Các bộ, cơ quan ngang bộ · giao trong ")
    assert subtitle(status).endswith("2019 · tình trạng tại 31/12/2019")
    overdue_trace = status["data"][3]
    assert overdue_trace["name"] == "Quá hạn chưa hoàn thành"
    assert sum(arr(overdue_trace["x"])) == 22
    assigned = sum(sum(arr(tr["x"])) for tr in status["data"])
    assert assigned == 1035


def test_tasks_nationwide_cards_and_english(make_app, demo_engine):
    from metrics.periods import task_window
    at = make_app("tasks", pk="month", to="2020-10", lang="en")
    window = task_window(Period.month("2020-10"))  # the cards judge the 12 months to the period's end
    c = cards(at)
    for metric_id in ("task_completion_rate", "task_overdue_rate", "tasks_assigned"):
        assert c[catalog.get(metric_id).label_en] == shown(metric_id, demo_engine, window, lang="en",
                                                           as_of=window.end_date)
    table = at.dataframe[0].value
    r = metric_value(demo_engine, "task_overdue_rate", window, None, window.end_date)
    assert len(table) == r.numerator
    assert "Days overdue" in table.columns
    assert len(figures(at)) == 4  # two rate trends, ministries and provinces status tabs
