"""The Báo cáo / Briefing page and the overview's Điểm đáng chú ý / Highlights panel, through AppTest on
the demo data: the same findings and numbers as the metric layer, the downloads offered, errors in
one line."""
from __future__ import annotations

import io
from datetime import date

import openpyxl

from metrics import insights
from metrics.periods import Period
from metrics.queries import metric_value
from metrics.scope import Scope
from pages.briefing import joined, plain

PERIOD = Period.month("2026-10")


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_briefing_page_previews_the_report_and_offers_four_files(make_app, demo_engine):
    at = make_app("briefing")
    assert at.title[0].value == "Báo cáo"
    assert [b.proto.label for b in at.get("download_button")] == [
        "Bài trình chiếu (PPTX)", "Báo cáo (DOCX)", "Báo cáo (PDF)", "Phụ lục số liệu (XLSX)"]
    text = markdown(at)
    found = insights.collect(demo_engine, PERIOD, Scope.national(), "prev")
    for f in found:
        if f.kind == "headline":  # every headline sentence of the report, as the metric layer words it
            assert plain(insights.sentence(f, "vi")) in text
    r = metric_value(demo_engine, "dossier_on_time_rate", PERIOD, Scope.national())
    kpi = at.dataframe[0].value  # the KPI table of section I
    assert kpi.iloc[0, 2] == f"{r.numerator:,}/{r.denominator:,}".replace(",", ".")


def test_briefing_page_in_english_for_one_province(make_app):
    at = make_app("briefing", lang="en", scope="agency", sa="68")
    assert at.title[0].value == "Briefing"
    assert "Lam Dong" in markdown(at)
    assert at.get("download_button")[3].proto.label == "Data annex (XLSX)"


def test_briefing_page_for_the_ministries_year_on_year(make_app, demo_engine):
    at = make_app("briefing", to="2026-10", scope="ministry", cmp="yoy")
    found = insights.headlines(demo_engine, PERIOD, Scope.of_kind("ministry"), "yoy")
    text = markdown(at)
    # e.g. "Các bộ, cơ quan ngang bộ: tỷ lệ hồ sơ giải quyết đúng hạn tháng 10/2026 đạt …, … so với tháng 10/2025 (…)."
    assert plain(insights.sentence(found[0], "vi")) in text and "so với tháng 10/2025" in text.replace("\\", "")
    assert not at.warning


class _MidNovember2026(date):
    """The clock on 15/11/2026, while the demo data's last month (10/2026) is the latest that ended."""

    @classmethod
    def today(cls):
        return cls(2026, 11, 15)


def test_a_period_without_a_pack_is_one_warning_in_the_pages_language_and_no_downloads(make_app, monkeypatch):
    """On 15/11/2026 the year 2026 has not ended (the demo data reach 10/2026): no pack, so the page
    says why in one line, in its own language, and offers no file."""
    monkeypatch.setattr("metrics.periods.date", _MidNovember2026)
    at = make_app("briefing", pk="year", to="2026-10")
    assert not at.exception
    (warning,) = at.warning
    assert warning.value.replace("\\", "") == ("Không lập được bộ tài liệu: năm 2026 chưa kết thúc "
                                                "(tháng đã trọn gần nhất: 10/2026)")
    assert not at.get("download_button")
    at = make_app("briefing", pk="year", to="2026-10", lang="en")
    (warning,) = at.warning
    assert warning.value.replace("\\", "") == ("No pack can be built: period Year 2026 has not ended yet "
                                                "(latest complete month: 10/2026)")
    assert not at.get("download_button")


def test_the_page_builds_the_annex_the_metric_layer_computes(make_app, demo_engine):
    from pages import briefing_reads
    from pages.view_context import Ctx
    at = make_app("briefing", scope="agency", sa="68")
    assert not at.exception
    ctx = Ctx("vi", PERIOD, PERIOD.previous(), "prev", "auto", Scope.of_agency("68"), at_url(demo_engine), True, "2026-10")
    data = briefing_reads.briefing_file(ctx, "vi", ("families",), "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    head = next(r for r in wb["Hồ sơ thủ tục hành chính"].iter_rows(values_only=True) if r[0] == "Kết quả chung")
    r = metric_value(demo_engine, "dossier_on_time_rate", PERIOD, Scope.of_agency("68"))
    assert (head[6], head[7]) == (r.numerator, r.denominator)


def at_url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_overview_highlights_show_the_findings(make_app, demo_engine):
    at = make_app()
    subheaders = [s.value for s in at.subheader]
    assert "Điểm đáng chú ý" in subheaders
    text = markdown(at)
    found = insights.collect(demo_engine, PERIOD, Scope.national(), "prev")
    points = insights.decisions(found)
    assert points and plain(insights.decision_line(points[0], "vi")) in text
    assert at.expander[0].label == f"Tất cả nhận định ({len(found)})"
    assert all(plain(insights.sentence(f, "vi")) in text for f in found)


def test_preview_parts_of_one_kind_in_a_row_are_one_part_a_paragraph_each():
    table = object()
    body = [("markdown", "**I. Dossiers**"), ("markdown", "– one"), ("markdown", "– two"), ("caption", "note a"),
            ("caption", "note b"), ("table", table), ("table", table), ("markdown", "after")]
    assert joined(body) == (("markdown", "**I. Dossiers**\n\n– one\n\n– two"), ("caption", "note a\n\nnote b"),
                            ("table", table), ("table", table), ("markdown", "after"))


def test_briefing_preview_sends_its_paragraphs_as_few_elements(make_app):
    """The preview's paragraphs between two tables are one element: the page sends a few dozen
    elements, not one per sentence, and every sentence is still there."""
    at = make_app("briefing")
    texts = [m.value for m in at.markdown]
    paragraphs = sum(len(v.split("\n\n")) for v in texts)
    assert len(at.markdown) * 3 < paragraphs
