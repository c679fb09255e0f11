"""Findings and their sentences on small hand-built fixtures; every expected figure is worked by hand
beside the assertion."""
from __future__ import annotations

from datetime import date

import pytest

from data import schema
from metrics import insights
from metrics.periods import Period
from metrics.scope import Scope


def dossier(code, month, on_time, resolved=100):
    return {"agency_code": code, "month": month, "received": resolved, "received_online": 0,
            "resolved_on_time": on_time, "resolved_late": resolved - on_time, "pending_in_time": 0,
            "pending_overdue": 0}


def history_rows():
    """2019: Hà Nội and Hà Giang alternate 95% and 96%, Cao Bằng 95% every month; January 2020:
    Hà Nội 90%, Hà Giang 94.5% (189/200), Cao Bằng 94%."""
    rows = []
    for i, month in enumerate(f"2019-{m:02d}" for m in range(1, 13)):
        rows += [dossier("01", month, 95 + i % 2), dossier("02", month, 95 + i % 2), dossier("04", month, 95)]
    return rows + [dossier("01", "2020-01", 90), dossier("02", "2020-01", 189, 200), dossier("04", "2020-01", 94)]


def document(code, month, sent=10, signed=9):
    return {"agency_code": code, "month": month, "sent": sent, "received": 0, "sent_signed": signed,
            "connected": 1}


def service(code, month, procedures, full):
    return {"agency_code": code, "month": month, "procedures": procedures, "services_online": full,
            "services_full_online": full, "services_on_portal": 0, "dossiers_synced": 0, "dossiers_online": 0}


def task(task_id, code, assigned, due, completed=None):
    return {"task_id": task_id, "agency_code": code, "title": task_id, "assigned_on": assigned,
            "assigned_month": f"{assigned:%Y-%m}", "due_on": due, "completed_on": completed}


def of_kind(findings, kind):
    return [f for f in findings if f.kind == kind]


# --- headlines -----------------------------------------------------------------------------------

def test_headline_value_change_and_target_on_track(engine, add_rows):
    # The nationwide Portal row: full-online services / procedures = 20%, 22%, 25% in Jan–Mar 2020.
    add_rows(schema.services, [service("VN", "2020-01", 1000, 200), service("VN", "2020-02", 1000, 220),
                               service("VN", "2020-03", 1000, 250)])
    found = insights.headlines(engine, Period.month("2020-03"), Scope.national(), "prev")
    f = next(x for x in found if x.metric == "services_full_online_share")
    # 250/1000 = 25.0%; February 220/1000 = 22.0%; change +3.0 points
    assert (f.value, f.numerator, f.denominator) == (25.0, 250, 1000)
    assert f.facts["change"] == pytest.approx(3.0)
    # Target 30% by 31/12/2020 (Resolution 17). Least squares through (0, 20), (1, 22), (2, 25):
    # slope = ((-1)(-2.333) + (1)(2.667)) / 2 = 2.5, mean 22.333 at February; December is 10 months
    # later: 22.333 + 2.5 × 10 = 47.333 ≥ 30 → on track.
    assert f.facts["status"] == "on_track"
    assert f.facts["projected"] == pytest.approx(47.3333, abs=1e-3)
    assert insights.sentence(f, "vi") == (
        "Toàn quốc: tỷ lệ dịch vụ công trực tuyến toàn trình (mức 4) tháng 03/2020 đạt 25,0% "
        "(250/1.000 thủ tục hành chính), tăng 3,0 điểm % so với tháng 02/2020 (22,0%). "
        "Đúng lộ trình đạt mục tiêu 30,0% vào 31/12/2020 (dự báo theo xu hướng 12 tháng: 47,3%).")
    assert insights.sentence(f, "en") == (
        "Nationwide: full-online (level 4) service share for 03/2020 was 25.0% "
        "(250/1,000 administrative procedures), up 3.0 pts on 02/2020 (22.0%). "
        "On track for the target of 30.0% by 31/12/2020 (12-month trend projects 47.3%).")


def test_headline_year_on_year_and_at_risk_is_a_decision(engine, add_rows):
    # Hà Nội resolves 100 dossiers a month: 96, 95, 93 on time in Jan–Mar 2020; 97 in Mar 2019.
    add_rows(schema.dossiers, [dossier("01", "2019-03", 97), dossier("01", "2020-01", 96),
                               dossier("01", "2020-02", 95), dossier("01", "2020-03", 93)])
    found = insights.headlines(engine, Period.month("2020-03"), Scope.national(), "yoy")
    f = next(x for x in found if x.metric == "dossier_on_time_rate")
    # 93/100 = 93.0% against 97/100 = 97.0% a year before: −4.0 points
    assert f.facts["compare_period"] == Period.month("2019-03")
    assert f.facts["change"] == pytest.approx(-4.0)
    # Target 98% by 31/12/2026; the last 12 months (04/2019–03/2020) hold 96, 95, 93: the line falls
    # 1.5 points a month and projects below 0% by 12/2026 (shown as 0,0%: a rate stays in 0–100%).
    assert f.facts["status"] == "at_risk"
    assert f.severity == insights.SEVERITY_DECISION
    assert insights.sentence(f, "vi") == (
        "Toàn quốc: tỷ lệ hồ sơ giải quyết đúng hạn tháng 03/2020 đạt 93,0% (93/100 hồ sơ đã giải quyết), "
        "giảm 4,0 điểm % so với tháng 03/2019 (97,0%). Có nguy cơ không đạt mục tiêu 98,0% vào 31/12/2026 "
        "(dự báo theo xu hướng 12 tháng: 0,0%).")
    assert insights.decision_line(f, "vi") == (
        "Tỷ lệ hồ sơ giải quyết đúng hạn: 93,0% – có nguy cơ không đạt mục tiêu 98,0% (thời hạn 31/12/2026).")


# --- rankings ------------------------------------------------------------------------------------

RANK_JAN = {"01": 198, "02": 196, "04": 194, "06": 192, "08": 190, "10": 188, "11": 186}  # of 200
RANK_FEB = {"11": 199, "02": 196, "04": 194, "06": 192, "08": 190, "10": 188, "01": 180}


def test_rank_movers_and_bottom_five(engine, add_rows):
    add_rows(schema.dossiers, [dossier(c, "2020-01", v, 200) for c, v in RANK_JAN.items()]
             + [dossier(c, "2020-02", v, 200) for c, v in RANK_FEB.items()])
    period = Period.month("2020-02")
    found = insights.rankings(engine, period, Scope.of_kind("province", "63"), "dossier_on_time_rate")
    # January ranks 01..11 = 1..7 (99%, 98%, … 93%); February: Điện Biên (11) 99.5% first, Hà Nội
    # (01) 90% last. Điện Biên 7 → 1 (+6), Hà Nội 1 → 7 (−6), everyone else keeps the same rank.
    ups, downs = of_kind(found, "mover_up"), of_kind(found, "mover_down")
    assert [(f.agency, f.facts["rank_change"]) for f in ups] == [("11", 6)]
    assert [(f.agency, f.facts["rank_change"]) for f in downs] == [("01", -6)]
    # Bottom five: January ranks 3–7 = {04, 06, 08, 10, 11}; February ranks 3–7 = {04, 06, 08, 10, 01}.
    assert [f.agency for f in of_kind(found, "bottom_enter")] == ["01"]
    assert [f.agency for f in of_kind(found, "bottom_leave")] == ["11"]
    assert insights.sentence(downs[0], "vi") == (
        "Hà Nội giảm 6 bậc về tỷ lệ hồ sơ giải quyết đúng hạn, từ hạng 1 (tháng 01/2020) xuống hạng 7/7 "
        "(tháng 02/2020), đạt 90,0%.")
    enter = of_kind(found, "bottom_enter")[0]
    assert (enter.numerator, enter.denominator) == (180, 200)
    assert insights.sentence(enter, "vi") == (
        "Hà Nội rơi vào nhóm 5 đơn vị thấp nhất (Các tỉnh, thành phố (63)) về tỷ lệ hồ sơ giải quyết "
        "đúng hạn tháng 02/2020: hạng 7/7, 90,0%; tháng 01/2020 xếp hạng 1.")
    assert insights.sentence(ups[0], "en") == (
        "Dien Bien rose 6 places on on-time dossier rate, from 7 (01/2020) to 1 of 7 (02/2020), with 99.5%.")


def test_own_rank_of_one_agency(engine, add_rows):
    add_rows(schema.dossiers, [dossier(c, "2020-01", v, 200) for c, v in RANK_JAN.items()]
             + [dossier(c, "2020-02", v, 200) for c, v in RANK_FEB.items()])
    [f] = insights.rankings(engine, Period.month("2020-02"), Scope.of_agency("01", "63"), "dossier_on_time_rate")
    # Hà Nội: 198/200 = 99% first in January; 180/200 = 90% last of 7 in February
    assert (f.kind, f.facts["rank"], f.facts["of"], f.facts["prev_rank"]) == ("own_rank", 7, 7, 1)
    assert insights.sentence(f, "vi") == (
        "Hà Nội xếp hạng 7/7 (Các tỉnh, thành phố (63)) về tỷ lệ hồ sơ giải quyết đúng hạn tháng 02/2020, "
        "đạt 90,0%; giảm 6 bậc so với tháng 01/2020 (hạng 1).")


# --- anomalies -----------------------------------------------------------------------------------

def test_history_anomaly_rule_and_threshold(engine, add_rows):
    add_rows(schema.dossiers, history_rows())  # January 2020: Hà Nội 90%, Hà Giang 94.5%, Cao Bằng 94%
    found = insights.history_anomalies(engine, "dossier_on_time_rate", Period.month("2020-01"), Scope.national())
    # History of 01 and 02: six 95s and six 96s → mean 95.5, sample sd = sqrt(12 × 0.25 / 11) = 0.522.
    # Hà Nội: 90 − 95.5 = −5.5 > 3 × 0.522 = 1.57 and ≥ 2 points → anomaly.
    # Hà Giang: 94.5 − 95.5 = −1.0 < 1.57 → none. Cao Bằng: sd 0, −1.0 is beyond 0 but under 2 points → none.
    assert [f.agency for f in found] == ["01"]
    f = found[0]
    assert f.facts["mean"] == pytest.approx(95.5)
    assert f.facts["sd"] == pytest.approx((3 / 11) ** 0.5)
    assert f.severity == insights.SEVERITY_DECISION
    assert insights.sentence(f, "vi") == (
        "Hà Nội: tỷ lệ hồ sơ giải quyết đúng hạn tháng 01/2020 chỉ đạt 90,0% (90/100), thấp hơn 5,5 điểm % "
        "so với trung bình 12 tháng trước (95,5%, giai đoạn 01/2019–12/2019; độ lệch chuẩn 0,52). "
        "Quy tắc: chênh lệch vượt 3 lần độ lệch chuẩn và tối thiểu 2 điểm %.")


def test_peer_anomaly_against_region_median(engine, add_rows):
    # Tây Nguyên (63 set): Kon Tum 96, Gia Lai 97, Đắk Lắk 95, Đắk Nông 96, Lâm Đồng 80 (% of 100).
    add_rows(schema.dossiers, [dossier("62", "2020-01", 96), dossier("64", "2020-01", 97),
                               dossier("66", "2020-01", 95), dossier("67", "2020-01", 96),
                               dossier("68", "2020-01", 80)])
    found = insights.peer_anomalies(engine, "dossier_on_time_rate", Period.month("2020-01"),
                                    Scope.of_region("TN", "63"))
    # Lâm Đồng's peers 96, 97, 95, 96: median 96, absolute deviations 0, 1, 1, 0 → MAD 0.5;
    # 80 − 96 = −16 beyond 3 × 0.5 and 5 points. Gia Lai's peers 96, 95, 96, 80: median 95.5, MAD 0.5,
    # 97 − 95.5 = 1.5, not beyond 1.5 → none.
    assert [f.agency for f in found] == ["68"]
    f = found[0]
    assert (f.facts["median"], f.facts["mad"], f.facts["peers"]) == (96.0, 0.5, 4)
    assert insights.sentence(f, "vi") == (
        "Lâm Đồng: tỷ lệ hồ sơ giải quyết đúng hạn tháng 01/2020 đạt 80,0% (80/100), thấp hơn 16,0 điểm % "
        "so với trung vị của 4 tỉnh, thành phố khác vùng Tây Nguyên (96,0%; độ lệch tuyệt đối trung vị 0,50). "
        "Quy tắc: chênh lệch vượt 3 lần độ lệch tuyệt đối trung vị và tối thiểu 5 điểm %.")


# --- drivers -------------------------------------------------------------------------------------

def test_drivers_split_the_national_change(engine, add_rows):
    # January: Hà Nội 90/100, Hà Giang 180/200, Cao Bằng 100/100 → 370/400 = 92.5%.
    # February: Hà Nội 98/100, Hà Giang 190/200, Cao Bằng 92/100 → 380/400 = 95.0%: +2.5 points.
    add_rows(schema.dossiers, [dossier("01", "2020-01", 90), dossier("02", "2020-01", 180, 200),
                               dossier("04", "2020-01", 100), dossier("01", "2020-02", 98),
                               dossier("02", "2020-02", 190, 200), dossier("04", "2020-02", 92)])
    feb, jan = Period.month("2020-02"), Period.month("2020-01")
    found = insights.drivers(engine, "dossier_on_time_rate", feb, jan, Scope.national())
    # c_i = [(n − n0) − 0.925 × (d − d0)] / 400: Hà Giang 10/400 = 2.5, Hà Nội 8/400 = 2.0,
    # Cao Bằng −8/400 = −2.0; they add up to +2.5. Shown: the ones pushing the same way, largest first.
    assert [(f.agency, round(f.facts["contribution"], 6)) for f in found] == [("02", 2.5), ("01", 2.0)]
    assert sum(round(f.facts["contribution"], 6) for f in found) - 2.0 == pytest.approx(2.5)
    assert [round(f.facts["share"], 6) for f in found] == [1.0, 0.8]  # 2.5/2.5, 2.0/2.5
    assert insights.sentence(found[0], "vi") == (
        "Hà Giang đóng góp 2,5 điểm % trong mức tăng 2,5 điểm % của tỷ lệ hồ sơ giải quyết đúng hạn "
        "(Toàn quốc) tháng 02/2020 so với tháng 01/2020, tức 100% mức thay đổi; tỷ lệ của đơn vị: "
        "90,0% (180/200) → 95,0% (190/200).")
    assert insights.sentence(found[1], "en") == (
        "Ha Noi contributed 2.0 pts of the 2.5-pt rise in on-time dossier rate (Nationwide) for 02/2020 "
        "against 01/2020, 80% of the change; its own rate: 90.0% (90/100) → 98.0% (98/100).")


# --- missing reports and overdue tasks ------------------------------------------------------------

def test_missing_reports_name_the_agencies(engine, add_rows):
    tn = ("62", "64", "66", "67", "68")
    add_rows(schema.dossiers, [dossier(c, "2020-01", 95) for c in tn[:4]])  # Lâm Đồng did not report
    add_rows(schema.documents, [document(c, "2020-01") for c in tn])  # everyone reported
    found = insights.missing_reports(engine, Period.month("2020-01"), Scope.of_region("TN", "63"))
    by_family = {f.family: f for f in found}
    assert set(by_family) == {"dossiers", "services"}  # no services report at all
    assert (by_family["dossiers"].numerator, by_family["dossiers"].denominator) == (1, 5)
    assert (by_family["services"].numerator, by_family["services"].denominator) == (5, 5)
    assert insights.sentence(by_family["dossiers"], "vi") == (
        "Hồ sơ thủ tục hành chính: 1/5 đơn vị chưa gửi báo cáo tháng 01/2020 (Vùng Tây Nguyên): Lâm Đồng.")


def test_overdue_tasks_count_and_leaders(engine, add_rows):
    add_rows(schema.tasks, [
        task("t1", "01", date(2020, 1, 5), date(2020, 2, 15)),  # open, due before 31/3 → overdue
        task("t2", "01", date(2020, 1, 10), date(2020, 3, 1), date(2020, 3, 5)),  # done late
        task("t3", "01", date(2020, 2, 1), date(2020, 4, 30)),  # in progress within deadline
        task("t4", "BTC", date(2020, 1, 1), date(2020, 1, 31)),  # overdue
        task("t5", "BTC", date(2020, 2, 1), date(2020, 3, 15)),  # overdue
        task("t6", "BTC", date(2020, 2, 1), date(2020, 2, 20), date(2020, 2, 10)),  # done on time
    ])
    [f] = insights.overdue(engine, Period.month("2020-03"), Scope.national())
    # 3 overdue of 6 assigned = 50.0%; Bộ Tài chính 2 of 3, Hà Nội 1 of 3
    assert (f.numerator, f.denominator, f.value) == (3, 6, 50.0)
    assert f.facts["agencies"] == [("BTC", "Bộ Tài chính", "Ministry of Finance", 2, 3),
                                   ("01", "Hà Nội", "Ha Noi", 1, 3)]
    assert insights.sentence(f, "vi") == (
        "Tính đến ngày 31/03/2020, còn 3 nhiệm vụ quá hạn chưa hoàn thành (Toàn quốc) trên tổng số 6 nhiệm vụ "
        "được giao từ 01/2019 (50,0%), tại 2 cơ quan, đơn vị; nhiều nhất: Bộ Tài chính (2/3 nhiệm vụ); "
        "Hà Nội (1/3 nhiệm vụ).")


def test_collect_on_demo_data_every_finding_speaks_both_languages(demo_engine):
    found = insights.collect(demo_engine, Period.month("2026-10"), Scope.national(), "prev")
    kinds = {f.kind for f in found}
    assert {"headline", "mover_up", "mover_down", "overdue"} <= kinds
    for f in found:
        vi, en = insights.sentence(f, "vi"), insights.sentence(f, "en")
        assert "{" not in vi and "{" not in en and vi != en
    # every headline quotes the numerator and denominator the metric layer computed
    from metrics.queries import metric_value
    h = next(f for f in found if f.metric == "dossier_on_time_rate")
    r = metric_value(demo_engine, "dossier_on_time_rate", Period.month("2026-10"), Scope.national())
    assert (h.value, h.numerator, h.denominator) == (r.value, r.numerator, r.denominator)
