"""The message catalogue: every key in both languages, with the same placeholders."""
from __future__ import annotations

import string

from i18n import MESSAGES, t


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_key_has_vietnamese_and_english_with_the_same_placeholders():
    problems = []
    for key, entry in MESSAGES.items():
        if not (isinstance(entry, tuple) and len(entry) == 2 and all(isinstance(x, str) and x for x in entry)):
            problems.append(f"{key}: not a (vi, en) pair of non-empty texts")
            continue
        vi, en = entry
        if _fields(vi) != _fields(en):
            problems.append(f"{key}: placeholders differ: {sorted(_fields(vi))} vs {sorted(_fields(en))}")
    assert not problems, "\n".join(problems)


def test_modules_are_merged_and_a_key_is_looked_up_in_each_language():
    assert t("nav_overview", "vi") == "Tổng quan"
    assert t("nav_overview", "en") == "Overview"
    assert "kp_trend" in MESSAGES and "rk_who" in MESSAGES  # from the page groups' modules
    assert t("kp_trend", "en", metric="X") == "X by month"
