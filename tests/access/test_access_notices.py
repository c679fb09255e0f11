"""E-mail notices of explanation requests: who is told, and what the message says."""
from __future__ import annotations

from datetime import date

from data import explanations as ex, users
from pages.explanation_notices import notice
from tests.access.people import ADMIN, LAMDONG, LEADER, actor


def test_the_agency_is_told_of_a_request_and_the_asker_of_the_answer(db):
    users.save_user(db, actor(ADMIN), "so@lamdong.gov.vn", "agency", "68")
    users.save_user(db, actor(ADMIN), "vp@lamdong.gov.vn", "agency", "68")
    users.save_user(db, actor(ADMIN), "vp@hanoi.gov.vn", "agency", "01")
    rid = ex.ask(db, LEADER, actor(LEADER), "68", "dossier_on_time_rate", "2026-09", "2026-10", "Vì sao giảm?",
                 date(2026, 11, 27), today=date(2026, 11, 20))
    req = ex.get(db, rid)
    n = notice(db, "ask", req, LEADER.email, "Vì sao giảm?", "https://ttdh.example/explanations")
    assert n.to == ("so@lamdong.gov.vn", "vp@lamdong.gov.vn")  # Lâm Đồng's users, not Hà Nội's
    assert n.subject == f"[Yêu cầu giải trình #{rid}] Tỷ lệ hồ sơ giải quyết đúng hạn · 09/2026–10/2026"
    assert n.body.splitlines()[0] == ("leader@vpcp.gov.vn đề nghị Lâm Đồng giải trình chỉ tiêu Tỷ lệ hồ sơ giải "
                                      "quyết đúng hạn, kỳ 09/2026–10/2026, trước ngày 27/11/2026:")
    assert "Vì sao giảm?" in n.body and "https://ttdh.example/explanations" in n.body

    answer = notice(db, "answer", req, LAMDONG.email, "Do mất điện.", "x", lang="en")
    assert answer.to == (LEADER.email,) and answer.subject == f"[Explanation #{rid}] Lam Dong answered"  # English names


def test_nobody_to_tell_gives_no_notice(db):
    rid = ex.ask(db, LEADER, actor(LEADER), "01", "composite", "2026-10", "2026-10", "?", date(2026, 11, 27),
                 today=date(2026, 11, 20))
    assert notice(db, "ask", ex.get(db, rid), LEADER.email, "?", "x") is None  # Hà Nội has no users yet
