"""Each role's pages through Streamlit's AppTest: `at.user` stands for the person `st.login` signed in
(AppTest cannot run the provider's redirect; tests/e2e/test_signin.py does, in a browser)."""
from __future__ import annotations

from datetime import date, timedelta

from apptest_support import goto
from data import audit, explanations as ex, schema, users
from data.audit import Actor
from tests.access.people import ADMIN, LAMDONG, LEADER, STAFF, actor

HEADER = "agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,pending_overdue\n"
SETUP = Actor("cli:test", "cli:1")


def texts(at) -> str:
    """Everything the run wrote as text: titles, markdown, captions, alerts."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning",
                                  "info", "success") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # Markdown escapes of literal text removed


def grant(db, *people):
    for p in people:
        users.save_user(db, SETUP, p.email, p.role, p.agency_code)


def test_without_sign_in_configured_the_app_is_local_and_says_so(access_app):
    at = access_app("users")
    assert "Người dùng và vai trò" in texts(at)  # every page is open to the local user
    assert any("Chế độ một người dùng" in c.value for c in at.caption)  # footer note


def test_signed_out_visitors_get_the_sign_in_page_only(access_app):
    at = access_app("reporting", user={"is_logged_in": False})
    assert [b.label for b in at.button] == ["Đăng nhập"]
    assert "Tình hình báo cáo" not in texts(at)


def test_an_unknown_signed_in_person_gets_no_access_naming_who_can_grant_it(db, access_app):
    grant(db, ADMIN)
    at = access_app("overview", user="stranger@example.com")
    shown = texts(at)
    assert "Chưa có quyền truy cập" in shown and "stranger@example.com" in shown
    assert "admin@vpcp.gov.vn" in shown  # the administrator who can grant access
    assert not at.metric  # no figures


def test_an_agency_user_submits_its_own_rows_and_is_refused_anothers(db, access_app):
    grant(db, LAMDONG)
    at = access_app("submit", user=LAMDONG.email)
    assert "Lâm Đồng" in texts(at)
    data = (HEADER + "68,2020-10,1000,300,950,40,10,0\n01,2020-10,5000,2000,4800,150,50,0\n").encode()
    at.file_uploader[0].set_value(("mixed.csv", data, "text/csv"))
    at.run()
    assert "Tệp bị từ chối: 1 lỗi" in texts(at)
    problems = at.dataframe[0].value
    assert problems.iloc[0].tolist()[:3] == [3, "agency_code", "01"]  # row 3, Hà Nội's row
    assert at.download_button  # the problems as a file
    assert not [b for b in at.button if b.label == "Xác nhận nhập số liệu"]

    own = (HEADER + "68,2020-10,1000,300,950,40,10,0\n").encode()
    at.file_uploader[0].set_value(("own.csv", own, "text/csv"))
    at.run()
    assert "Tệp hợp lệ: 1 dòng" in texts(at)
    with db.connect() as conn:
        assert conn.execute(schema.dossiers.select()).first() is None  # nothing written before confirming
    next(b for b in at.button if b.label == "Xác nhận nhập số liệu").click()
    at.run()
    assert "Đã nhập tệp `own.csv`: thêm mới 1, cập nhật 0, không đổi 0." in texts(at)
    h = audit.history(db)
    assert h.iloc[0]["action"] == "import" and h.iloc[0]["actor"] == LAMDONG.email


def test_an_agency_user_does_not_get_staff_pages(db, access_app):
    grant(db, LAMDONG)
    at = access_app("users", user=LAMDONG.email)
    assert "Người dùng và vai trò" not in texts(at)  # not in its navigation: the default page is served
    at = access_app("history", user=LAMDONG.email)
    assert "Lịch sử thao tác" not in texts(at)


def test_a_leader_sees_reporting_status_but_may_not_submit(db, access_app, add_rows):
    grant(db, LEADER)
    add_rows(schema.dossiers, [{"agency_code": "68", "month": "2020-10", "received": 1, "received_online": 0,
                                "resolved_on_time": 1, "resolved_late": 0, "pending_in_time": 0, "pending_overdue": 0}])
    at = access_app("reporting", user=LEADER.email, pk="month", to="2020-10")
    assert "Tình hình báo cáo" in texts(at)
    values = {m.label: m.value for m in at.metric}
    assert values["Hồ sơ TTHC"] == "1/85"  # 63 provinces + 22 ministries owe 10/2020; Lâm Đồng reported
    at = access_app("submit", user=LEADER.email)
    assert "Nhập số liệu" not in [t.value for t in at.title]


def test_admin_adds_a_user_and_the_history_shows_it(db, access_app):
    grant(db, ADMIN)
    at = access_app("users", user=ADMIN.email)
    at.text_input(key="ac_user_email").input("new@vpcp.gov.vn")
    at.selectbox(key="ac_user_role").set_value("leader")
    at.button[[b.label for b in at.button].index("Lưu")].click()
    at.run()
    assert users.get_user(db, "new@vpcp.gov.vn").role == "leader"
    h = audit.history(db, action="user_add")
    assert (h.iloc[0]["actor"], h.iloc[0]["target"]) == (ADMIN.email, "new@vpcp.gov.vn")
    at = access_app("history", user=ADMIN.email)
    table = at.dataframe[0].value
    assert "new@vpcp.gov.vn" in table["Đối tượng"].tolist()


def test_a_request_asked_by_a_leader_is_answered_by_the_agency_and_closed(db, access_app, add_rows):
    grant(db, LEADER, LAMDONG)
    add_rows(schema.dossiers, [{"agency_code": "68", "month": "2020-10", "received": 1, "received_online": 0,
                                "resolved_on_time": 1, "resolved_late": 0, "pending_in_time": 0, "pending_overdue": 0}])
    at = access_app("explanations", user=LEADER.email, pk="month", to="2020-10")
    at.selectbox(key="ac_ask_agency").set_value("68")
    at.text_area(key="ac_ask_question").input("Vì sao tỷ lệ đúng hạn giảm?")
    next(b for b in at.button if b.label == "Gửi yêu cầu").click()
    at.run()
    assert "Đã gửi yêu cầu giải trình tới Lâm Đồng." in texts(at)
    req = ex.requests(db).iloc[0]
    assert (req.agency_code, req.period_from, req.period_to, req.status) == ("68", "2020-10", "2020-10", "open")
    assert req.due_on == date.today() + timedelta(days=7)

    agency = access_app("explanations", user=LAMDONG.email)
    agency.text_area(key=f"ac_answer_text_{req.id}").input("Do mất điện 5 ngày.")
    next(b for b in agency.button if b.label == "Gửi giải trình").click()
    agency.run()
    assert ex.get(db, int(req.id))["status"] == "answered"

    at = access_app("explanations", user=LEADER.email)
    assert "Do mất điện 5 ngày." in [t.value for t in at.text]
    next(b for b in at.button if b.label == "Đóng yêu cầu").click()
    at.run()
    assert ex.get(db, int(req.id))["status"] == "closed"
    assert "Đã đóng" in texts(at) or any("Đã đóng" in str(d.value) for d in at.dataframe)


def test_an_overdue_request_is_flagged_for_the_agency(db, access_app):
    grant(db, LAMDONG)
    rid = ex.ask(db, LEADER, actor(LEADER), "68", "dossier_on_time_rate", "2020-10", "2020-10", "?",
                 date(2020, 11, 10), today=date(2020, 11, 1))
    at = access_app("explanations", user=LAMDONG.email)
    assert "Quá hạn: đơn vị chưa trả lời." in texts(at)
    assert "QUÁ HẠN" in at.dataframe[0].value["Hạn trả lời"].iloc[0]
    assert int(at.dataframe[0].value["Số"].iloc[0]) == rid


def test_a_scorecard_asks_and_shows_the_agency_its_requests(db, access_app, add_rows):
    grant(db, LEADER, LAMDONG)
    add_rows(schema.dossiers, [{"agency_code": c, "month": "2020-10", "received": 10, "received_online": 1,
                                "resolved_on_time": 9, "resolved_late": 1, "pending_in_time": 0, "pending_overdue": 0}
                               for c in ("68", "01")])
    at = access_app("scorecard", user=LEADER.email, pk="month", to="2020-10", agency="68",
                    metric="dossier_on_time_rate")
    ask = next(b for b in at.button if b.label == "Yêu cầu giải trình: Tỷ lệ hồ sơ giải quyết đúng hạn")
    ask.click()
    at.run()  # the explanations page, its form filled in from the scorecard
    assert at.selectbox(key="ac_ask_agency").value == "68"
    assert at.selectbox(key="ac_ask_metric").value == "dossier_on_time_rate"
    at.text_area(key="ac_ask_question").input("Giải trình tỷ lệ đúng hạn.")
    next(b for b in at.button if b.label == "Gửi yêu cầu").click()
    goto(at, "explanations")  # AppTest would otherwise rerun the page it was opened at
    req = ex.requests(db).iloc[0]
    assert (req.agency_code, req.metric, req.period_from, req.period_to) == ("68", "dossier_on_time_rate",
                                                                            "2020-10", "2020-10")
    card = access_app("scorecard", user=LAMDONG.email, pk="month", to="2020-10", agency="68")
    assert "1 yêu cầu giải trình chưa đóng (0 quá hạn)." in texts(card)
    other = access_app("scorecard", user=LAMDONG.email, pk="month", to="2020-10", agency="01")
    assert "yêu cầu giải trình chưa đóng" not in texts(other)  # not its agency's requests


def test_the_agency_is_mailed_when_a_request_is_asked(db, access_app, add_rows, monkeypatch):
    """A real SMTP server on localhost (aiosmtpd) receives the notice the leader's request sends."""
    import socket

    from aiosmtpd.controller import Controller

    received = []

    class Inbox:
        async def handle_DATA(self, server, session, envelope):
            received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode("utf-8")))
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SMTP_PORT", str(port))
        monkeypatch.setenv("SMTP_FROM", "ttdh@vpcp.gov.vn")
        grant(db, LEADER, LAMDONG)
        add_rows(schema.dossiers, [{"agency_code": "68", "month": "2020-10", "received": 1, "received_online": 0,
                                    "resolved_on_time": 1, "resolved_late": 0, "pending_in_time": 0,
                                    "pending_overdue": 0}])
        at = access_app("explanations", user=LEADER.email, pk="month", to="2020-10")
        at.selectbox(key="ac_ask_agency").set_value("68")
        at.text_area(key="ac_ask_question").input("Vì sao giảm?")
        next(b for b in at.button if b.label == "Gửi yêu cầu").click()
        at.run()
    finally:
        controller.stop()
    assert len(received) == 1
    sender, to, content = received[0]
    assert (sender, to) == ("ttdh@vpcp.gov.vn", [LAMDONG.email])
    assert "Vì sao giảm?" in content or "=" in content  # the body carries the question (maybe encoded)


def test_reporting_status_says_when_everyone_has_submitted_and_its_file_names_the_source(db, access_app, add_rows):
    grant(db, LEADER)
    add_rows(schema.dossiers, [{"agency_code": "68", "month": "2020-10", "received": 1, "received_online": 0,
                                "resolved_on_time": 1, "resolved_late": 0, "pending_in_time": 0, "pending_overdue": 0}])
    at = access_app("reporting", user=LEADER.email, pk="month", to="2020-10")
    assert not any("Mọi đơn vị đã nộp" in s.value for s in at.success)  # 84 agencies still owe dossiers
    table = at.dataframe[0].value
    assert len(table) == 96  # 10/2020: 63 provinces + 22 ministries + 10 central bodies + the Portal row all owe something
    assert "68" in set(table["Mã"])  # Lâm Đồng still owes documents and services


def test_reporting_status_when_every_return_is_in(db, access_app, add_rows):
    from data.reporting_status import reporting_status

    grant(db, LEADER)
    owed = reporting_status(db, "2020-10").query("expected")
    counts = {"dossiers": {"received": 1, "received_online": 0, "resolved_on_time": 1, "resolved_late": 0,
                           "pending_in_time": 0, "pending_overdue": 0},
              "documents": {"sent": 1, "received": 1, "sent_signed": 1, "connected": 1},
              "services": {"procedures": 1, "services_online": 1, "services_full_online": 1, "services_on_portal": 1,
                           "dossiers_synced": 1, "dossiers_online": 1}}
    for family, values in counts.items():
        codes = owed[owed.family == family].agency_code
        add_rows(schema.COUNT_TABLES[family], [{"agency_code": c, "month": "2020-10", **values} for c in codes])
    at = access_app("reporting", user=LEADER.email, pk="month", to="2020-10")
    assert {m.label: m.value for m in at.metric} == {"Hồ sơ TTHC": "85/85", "Văn bản điện tử": "95/95",
                                                      "Dịch vụ công trực tuyến": "86/86"}
    assert any("Mọi đơn vị đã nộp báo cáo tháng 10/2020." in s.value for s in at.success)


def test_figures_built_before_an_upload_are_not_shown_after_it(db, access_app, add_rows):
    """Pages keep what they built per view (view_pieces); an upload applied through the Submit page
    must make every page show the new figures at once, not the ones built before it."""
    from apptest_support import metric_values
    from factories import dossier

    grant(db, LAMDONG)
    add_rows(schema.dossiers, [dossier("68", "2020-10", on_time=900, late=100)])
    at = access_app("dossiers", user=LAMDONG.email, pk="month", to="2020-10", scope="agency", sa="68")
    rate = next(k for k in metric_values(at) if "đúng hạn" in k)
    assert metric_values(at)[rate] == "90,0%"  # 900 / (900 + 100)

    goto(at, "submit")
    at.file_uploader[0].set_value(("own.csv", (HEADER + "68,2020-10,1000,300,950,50,0,0\n").encode(), "text/csv"))
    at.run()
    next(b for b in at.button if b.label == "Xác nhận nhập số liệu").click()
    at.run()
    assert "cập nhật 1" in texts(at)

    goto(at, "dossiers")
    assert metric_values(at)[rate] == "95,0%"  # 950 / (950 + 50)
