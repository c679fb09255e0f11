"""Link values through the whole app (AppTest): what cannot be honoured is said in a notice naming
what is shown instead, meeting mode checks its period as the sidebar does, and nothing taken from a
URL is ever read as Markdown."""
from __future__ import annotations

from apptest_support import metric_values
from pages.components import literal


def warning(at) -> str:
    return " ".join(w.value for w in at.warning)


def test_reversed_custom_range_is_swapped_and_said(make_app):
    at = make_app(pk="custom", **{"from": "2024-06"}, to="2020-01")
    assert "hai tháng đã được đổi chỗ" in warning(at) and "01/2020–06/2024" in warning(at).replace("\\", "")
    assert (at.query_params["from"], at.query_params["to"]) in ((["2020-01"], ["2024-06"]), ("2020-01", "2024-06"))
    assert [s.value for s in at.sidebar.selectbox][:2] == ["2020-01", "2024-06"]  # the sidebar shows the same


def test_unknown_agency_and_region_are_reported_not_replaced_silently(make_app):
    at = make_app(scope="agency", sa="nonexistent", to="2020-10")
    assert "nonexistent" in warning(at) and "01" in warning(at)  # Hà Nội (01) is shown instead
    assert at.sidebar.selectbox[-1].value == "01"
    at = make_app(scope="region", region="X")
    assert "`region=X`" in warning(at) and "Đang hiển thị: Đồng bằng sông Hồng." in warning(at)


def test_months_outside_the_data_in_meeting_mode_give_a_notice_not_a_traceback(make_app):
    at = make_app(mode="meeting", to="2018-12")  # the demo data starts in 01/2019
    assert "trước tháng đầu tiên có số liệu" in warning(at)
    assert metric_values(at)  # and the slide is drawn for the latest month
    at = make_app(mode="meeting", pk="custom", **{"from": "1900-01"})
    assert "from" in warning(at) and "trước tháng đầu tiên có số liệu" in warning(at)
    at = make_app(to="2099-01", lang="en")
    assert "still to come" in warning(at)


def test_no_link_value_is_read_as_markdown(make_app):
    hostile = "**x** [phish](https://evil.example/login) ![img](https://evil.example/p.png)"
    at = make_app("scorecard", agency=hostile, region="[r](https://evil.example/r)")
    # each value is one code span: nothing inside one is a link, an image or emphasis
    assert at.error[0].value == ("Không tìm thấy đơn vị có mã `**X** [PHISH](HTTPS://EVIL.EXAMPLE/LOGIN) "
                                 "![IMG](HTTPS://EVIL.EXAMPLE/P.PNG)` trong kỳ đã chọn.")
    assert "`region=[r](https://evil.example/r)`" in warning(at)
    assert literal("a `b` c") == "``a `b` c``" and literal("`x`") == "`` `x` ``"  # a backtick cannot close it
    assert literal("x" * 100) == "`" + "x" * 79 + "…`"  # 80 characters at most
