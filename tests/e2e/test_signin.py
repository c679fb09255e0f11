"""Sign-in through a real OpenID Connect provider started on localhost (`oidc-provider-mock`), in
Debian's Chromium: the login redirect, the provider's form, the callback, the identity cookie, and
each role's pages; an unknown person gets "no access yet"; an agency user uploading another
agency's rows is refused; a request asked by a leader is answered by the agency and seen closed.

The app runs on the test warehouse with a temporary secrets file (`--secrets.files`) whose `[auth]`
points at the provider."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import delete

from browser_support import free_port, streamlit_server
from data import explanations as ex
from data import schema, users
from data.audit import Actor

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
TIMEOUT_MS = 90_000
LEADER, AGENCY, ADMIN = "leader@vpcp.gov.vn", "so@lamdong.gov.vn", "admin@vpcp.gov.vn"
HEADER = "agency_code,month,received,received_online,resolved_on_time,resolved_late,pending_in_time,pending_overdue\n"



@contextmanager
def provider():
    """The OpenID Connect provider on localhost, on a free port; yields its base URL."""
    try:
        from oidc_provider_mock import run_server_in_thread
    except ImportError:
        pytest.fail("oidc-provider-mock is not installed (pip install -r requirements-dev.txt)")
    with run_server_in_thread(port=free_port()) as server:
        yield f"http://localhost:{server.server_port}"


@contextmanager
def app_with_sign_in(database_url: str, idp: str, tmp_path: Path):
    """`streamlit run app.py` with `[auth]` pointing at the provider; yields the app's base URL."""
    port = free_port()
    base = f"http://localhost:{port}"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{base}/oauth2callback"\n'
        f'cookie_secret = "{os.urandom(16).hex()}"\n'
        'client_id = "command-center"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{idp}/.well-known/openid-configuration"\n')
    with streamlit_server(database_url, "e2e-signin-streamlit.log", port=port, host="localhost",
                          args=("--secrets.files", str(secrets))):
        yield base


@pytest.fixture
def warehouse(engine, add_rows):
    """The test warehouse with one month of figures and three users: a leader, Lâm Đồng, an admin."""
    with engine.begin() as conn:
        for t in schema.ACCESS_TABLES:
            conn.execute(delete(t))
    add_rows(schema.dossiers, [{"agency_code": c, "month": "2020-10", "received": 1000, "received_online": 300,
                                "resolved_on_time": 950, "resolved_late": 40, "pending_in_time": 10,
                                "pending_overdue": 0} for c in ("68", "01")])
    setup = Actor("cli:test", "cli:e2e")
    users.save_user(engine, setup, LEADER, "leader")
    users.save_user(engine, setup, AGENCY, "agency", "68")
    users.save_user(engine, setup, ADMIN, "admin")
    return engine


def sign_in(browser, idle, base: str, email: str):
    """A new browser (own cookies) signed in as `email` through the provider's form."""
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.goto(base + "/", wait_until="domcontentloaded")
    tab.get_by_role("button", name="Đăng nhập").click()  # st.login → /auth/login → the provider
    tab.wait_for_selector("input[name=sub]")
    assert tab.url.startswith(base.replace(base.rsplit(":", 1)[1], "")) and "/oauth2/authorize" in tab.url
    tab.fill("input[name=sub]", email)
    tab.get_by_role("button", name="Authorize").click()  # → /oauth2callback → back to the app
    tab.wait_for_url(f"{base}/**")
    tab.wait_for_selector("[data-testid='stSidebar']")
    idle(tab, TIMEOUT_MS / 1000)
    return tab


def open_path(tab, idle, base: str, path: str) -> None:
    tab.goto(f"{base}/{path}", wait_until="domcontentloaded")
    tab.wait_for_selector("[data-testid='stMain'] h1")
    idle(tab, TIMEOUT_MS / 1000)


def choose(tab, label: str, option: str) -> None:
    """Pick `option` in the select box labelled `label`: type its code, click it in the list, and
    wait until the box shows it. On a loaded machine the list can close again before it is filtered
    (the box keeps the typed code, `aria-expanded` false); the code is then typed again, which opens
    the list, at most three times."""
    from playwright.sync_api import expect  # the browser fixture reports a missing Playwright
    box = tab.get_by_label(label, exact=True)
    item = tab.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        box.click()
        box.fill("")
        box.press_sequentially(option.split(" · ")[0], delay=50)
        try:
            item.click(timeout=15_000)
            break
        except Exception:  # Playwright's TimeoutError: the list is closed
            if attempt == 2:
                raise
    expect(box).to_have_value(option, timeout=TIMEOUT_MS)  # the combo box shows its choice as its input's value


def confirmed(tab, text: str) -> None:
    """Wait for the confirmation `text` after a form is sent; when it does not come, fail with the
    alerts the page shows instead (an error, a refusal), so a failed step says what the user saw."""
    try:
        tab.get_by_text(text).wait_for(timeout=TIMEOUT_MS)
    except Exception:  # Playwright's TimeoutError
        alerts = tab.locator("[data-testid='stAlertContainer']").all_inner_texts()
        raise AssertionError(f"no {text!r}; the page shows: {alerts}") from None


def main_text(tab) -> str:
    return tab.locator("[data-testid='stMain']").inner_text()


def nav_text(tab) -> str:
    return tab.locator("[data-testid='stSidebarNav']").inner_text()


def test_sign_in_roles_refusal_and_an_explanation_request(browser, idle, warehouse, scratch_url, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with provider() as idp, app_with_sign_in(scratch_url, idp, tmp_path) as base:
        # a visitor who has not signed in sees the sign-in page only
        context = browser.new_context(locale="vi-VN")
        first = context.new_page()
        first.goto(base + "/scorecard?agency=68", wait_until="domcontentloaded")
        first.get_by_role("button", name="Đăng nhập").wait_for(timeout=TIMEOUT_MS)
        assert first.locator("[data-testid='stMetric']").count() == 0
        context.close()

        # the leader: redirect, provider form, callback, cookie, the leader's pages
        leader = sign_in(browser, idle, base, LEADER)
        assert "_streamlit_user" in {c["name"] for c in leader.context.cookies()}
        sidebar = leader.locator("[data-testid='stSidebar']").inner_text()
        assert LEADER in sidebar and "Lãnh đạo" in sidebar
        nav = nav_text(leader)
        assert "Tình hình báo cáo" in nav and "Yêu cầu giải trình" in nav
        assert "Nhập số liệu" not in nav and "Người dùng và vai trò" not in nav
        leader.screenshot(path=str(SHOTS / "signin-leader.png"))

        # someone the users table does not know: no access, and who can grant it
        stranger = sign_in(browser, idle, base, "stranger@example.com")
        text = main_text(stranger)
        assert "Chưa có quyền truy cập" in text and "stranger@example.com" in text and ADMIN in text
        stranger.screenshot(path=str(SHOTS / "signin-no-access.png"))
        stranger.context.close()

        # Lâm Đồng's user uploads a file with a row of Hà Nội: refused with that row, nothing written
        agency = sign_in(browser, idle, base, AGENCY)
        nav = nav_text(agency)
        assert "Nhập số liệu" in nav and "Tình hình báo cáo" not in nav
        open_path(agency, idle, base, "submit")
        upload = tmp_path / "lamdong-oct.csv"
        upload.write_text(HEADER + "68,2020-11,1000,300,950,40,10,0\n01,2020-11,5000,2000,4800,150,50,0\n")
        agency.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(upload))
        agency.get_by_text("Tệp bị từ chối: 1 lỗi").wait_for(timeout=TIMEOUT_MS)
        idle(agency, TIMEOUT_MS / 1000)
        assert agency.get_by_role("button", name="Xác nhận nhập số liệu").count() == 0
        agency.screenshot(path=str(SHOTS / "submit-refused.png"))
        with warehouse.connect() as conn:
            months = {r.month for r in conn.execute(schema.dossiers.select())}
        assert months == {"2020-10"}  # nothing of the refused file was written

        # the leader asks Lâm Đồng to explain; the agency answers; the leader closes it
        open_path(leader, idle, base, "explanations?pk=month&to=2020-10")
        leader.get_by_text("Gửi yêu cầu giải trình mới").click()
        choose(leader, "Đơn vị", "68 · Lâm Đồng")
        leader.get_by_label("Nội dung yêu cầu").fill("Vì sao tỷ lệ hồ sơ đúng hạn tháng 10/2020 giảm?")
        leader.get_by_role("button", name="Gửi yêu cầu").click()
        confirmed(leader, "Đã gửi yêu cầu giải trình tới Lâm Đồng.")
        rid = int(ex.requests(warehouse).iloc[0]["id"])

        open_path(agency, idle, base, "explanations")
        assert "Vì sao tỷ lệ hồ sơ đúng hạn tháng 10/2020 giảm?" in main_text(agency)
        agency.get_by_label("Nội dung giải trình").fill("Hệ thống một cửa mất điện 5 ngày; đã khắc phục.")
        agency.get_by_role("button", name="Gửi giải trình").click()
        confirmed(agency, f"Đã gửi giải trình cho yêu cầu số {rid}.")

        open_path(leader, idle, base, "explanations")
        assert "Hệ thống một cửa mất điện 5 ngày; đã khắc phục." in main_text(leader)
        assert "Đơn vị đã trả lời" in main_text(leader)
        leader.get_by_role("button", name="Đóng yêu cầu").click()
        confirmed(leader, f"Đã đóng yêu cầu số {rid}.")
        idle(leader, TIMEOUT_MS / 1000)
        assert "Đã đóng" in main_text(leader)
        leader.screenshot(path=str(SHOTS / "explanation-closed.png"))
        assert ex.get(warehouse, rid)["status"] == "closed"
        assert [m for m in ex.thread(warehouse, rid)["author"]] == [LEADER, AGENCY]

        # signing out: the identity cookie goes, the provider ends its session, the app asks to sign in
        agency.get_by_role("button", name="Đăng xuất").click()
        sign_in_again = agency.get_by_role("button", name="Đăng nhập")
        end_session = agency.get_by_role("button", name="End session")  # the provider's confirmation form
        sign_in_again.or_(end_session).first.wait_for(timeout=TIMEOUT_MS)
        if end_session.count():
            end_session.click()
        sign_in_again.wait_for(timeout=TIMEOUT_MS)
        assert "_streamlit_user" not in {c["name"] for c in agency.context.cookies()}
