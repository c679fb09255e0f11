"""Numbers as Vietnamese and English readers expect them."""
from metrics import catalog, formatting

RATE = catalog.get("dossier_on_time_rate")
COUNT = catalog.get("services_on_portal")


def test_vietnamese_thousands_and_decimal_comma():
    assert formatting.number(1435, "vi") == "1.435"
    assert formatting.percent(95.8, "vi") == "95,8%"
    assert formatting.value(COUNT, 1435, "vi") == "1.435 dịch vụ"


def test_english_format():
    assert formatting.number(1435, "en") == "1,435"
    assert formatting.value(RATE, 99.4899, "en") == "99.5%"


def test_missing_is_never_zero():
    assert formatting.value(RATE, None, "vi") == "Không có số liệu"
    assert formatting.value(RATE, float("nan"), "en") == "N/A"
    assert formatting.delta(RATE, None, "vi") is None


def test_delta_sign_is_ascii_so_the_arrow_points_the_right_way():
    # 97.5 − 98.75 = −1.25 points: Streamlit points the arrow down only for a leading "-".
    assert formatting.delta(RATE, 97.5 - 98.75, "vi").startswith("-1,")
    assert formatting.delta(RATE, 2.0, "vi") == "+2,0 điểm %"
    assert formatting.delta(COUNT, -1435, "vi") == "-1.435"


def test_halves_round_up_as_by_hand():
    assert formatting.percent(98.25, "vi") == "98,3%"
    assert formatting.number(2.5, "vi") == "3"
