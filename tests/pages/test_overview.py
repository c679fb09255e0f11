"""The overview page, the shell's filters, footer and meeting mode, through Streamlit's AppTest."""
from __future__ import annotations

from metrics import catalog, formatting
from metrics.periods import Period
from metrics.queries import metric_value
from apptest_support import deck_json, metric_values

ON_TIME = catalog.get("dossier_on_time_rate").label_vi


def test_default_view_shows_latest_month_cards_from_the_metric_layer(make_app, demo_engine):
    at = make_app()
    cards = metric_values(at)
    assert len(at.metric) == 4
    # The demo data ends in 10/2026: the default period is that month, nationwide.
    expected = metric_value(demo_engine, "dossier_on_time_rate", Period.month("2026-10")).value
    assert cards[ON_TIME] == formatting.value(catalog.get("dossier_on_time_rate"), expected, "vi")
    captions = " ".join(c.value for c in at.caption)
    assert "10/2026" in captions and "Dữ liệu minh họa" in captions
    assert at.query_params["to"] == "2026-10"


def test_agency_scope_and_period_change_the_cards_as_calculated(make_app):
    at = make_app(pk="custom", **{"from": "2020-01"}, to="2020-10", scope="agency", sa="68")
    # Lâm Đồng, Jan–Oct 2020: 433,587 on time of 435,810 resolved = 99.489…% → "99,5%" (published 99.49%).
    assert metric_values(at)[ON_TIME] == "99,5%"


def test_english_switch_uses_english_labels_and_number_format(make_app):
    at = make_app(lang="en", pk="custom", **{"from": "2020-01"}, to="2020-10", scope="agency", sa="68")
    assert metric_values(at)["On-time dossier rate"] == "99.5%"
    assert at.title[0].value == "Overview"


def test_boundary_set_switch_redraws_the_map_with_63_or_34_provinces(make_app):
    def provinces(at):
        layer = next(l for l in deck_json(at)["layers"] if l["id"] == "provinces")
        return len(layer["data"]["features"] if isinstance(layer["data"], dict) else layer["data"])
    assert provinces(make_app(pk="year", to="2020-12")) == 63  # 2020 is drawn in the set then in force
    assert provinces(make_app(pk="year", to="2020-12", b="34")) == 34  # history in today's 34 provinces
    assert provinces(make_app(pk="month", to="2026-10")) == 34


def test_national_scope_in_2019_reproduces_the_published_rate(make_app):
    at = make_app(pk="year", to="2019-12")
    # Published: 95.8% of dossiers resolved on time nationwide in 2019.
    assert metric_values(at)[ON_TIME] == "95,8%"


def test_needs_attention_lists_five_weakest_provinces_and_ministries(make_app, demo_engine):
    at = make_app(pk="year", to="2020-12")
    from metrics.ranking import rank_agencies
    ranking = rank_agencies(demo_engine, "dossier_on_time_rate", "province", Period.year(2020))
    worst = ranking.dropna(subset=["rank"]).sort_values("rank").iloc[-1]
    first_table = at.dataframe[0].value
    assert len(first_table) == 5
    assert first_table.iloc[0]["Đơn vị"] == worst["name_vi"]
    assert first_table.iloc[0]["Hạng"] == f"{int(worst['rank'])}/63"


def test_unreachable_database_gives_a_message_not_a_traceback(make_app, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody:secret@127.0.0.1:9/none?connect_timeout=2")
    at = make_app()
    assert "Không kết nối được cơ sở dữ liệu" in at.error[0].value
    assert "secret" not in at.error[0].value  # the password is never shown


def test_meeting_mode_hides_filters_and_rotates_slides(make_app):
    at = make_app(mode="meeting", pk="year", to="2020-12")
    assert len(at.sidebar.selectbox) == 0  # no filter widgets in meeting mode
    assert "Trang 1/5" in " ".join(c.value for c in at.caption)
    assert metric_values(at)[ON_TIME]  # the overview slide shows its cards
    at.run()
    assert not at.exception
    assert "Trang 2/5" in " ".join(c.value for c in at.caption)
    assert at.query_params["to"] == "2020-12"  # the chosen period survives the rotation


def test_findings_and_caption_lines_are_sent_as_one_element_each_block(make_app):
    """Every finding of the view is listed under "Tất cả nhận định (N)", one paragraph each, in one
    element (so a rerun sends one element, not N); the footer's lines are one caption."""
    at = make_app()
    every = next(e for e in at.expander if e.label.startswith("Tất cả nhận định ("))
    count = int(every.label.rsplit("(", 1)[1].rstrip(")"))
    assert count > 1
    assert len(every.markdown) == 1
    assert every.markdown[0].value.count("– ") >= count
    assert len(every.markdown[0].value.split("\n\n")) == count
    footer = [c.value for c in at.caption if "Dữ liệu minh họa" in c.value and "Số liệu trên trang" in c.value]
    assert len(footer) == 1 and len(footer[0].split("\n\n")) == 2
