"""Explanation requests: asked by a leader or staff, answered by the agency, closed by the asker."""
from __future__ import annotations

from datetime import date

import pytest

from data import audit, explanations as ex
from data.explanations import ExplanationError
from data.roles import AccessDenied
from tests.access.people import HANOI, LAMDONG, LEADER, STAFF, actor

TODAY = date(2026, 11, 20)


def ask(db, who=LEADER, code="68", due=date(2026, 11, 27)):
    return ex.ask(db, who, actor(who, "leader-session"), code, "dossier_on_time_rate", "2026-10", "2026-10",
                  "Vì sao tỷ lệ đúng hạn giảm 3 điểm?", due, today=TODAY)


def test_a_leaders_request_is_answered_by_the_agency_and_closed(db):
    rid = ask(db)
    req = ex.get(db, rid)
    assert (req["status"], req["agency_code"], req["asked_by"]) == ("open", "68", LEADER.email)

    ex.answer(db, LAMDONG, actor(LAMDONG, "agency-session"), rid, "Do mất điện hệ thống một cửa 5 ngày.")
    assert ex.get(db, rid)["status"] == "answered"
    ex.close(db, LEADER, actor(LEADER), rid, "Đã rõ.")
    req = ex.get(db, rid)
    assert req["status"] == "closed" and req["closed_at"] is not None

    th = ex.thread(db, rid)
    assert list(th["author_role"]) == ["leader", "agency", "leader"]
    assert th.iloc[1]["body"] == "Do mất điện hệ thống một cửa 5 ngày."
    h = audit.history(db)
    assert list(h["action"])[::-1] == ["explanation_ask", "explanation_answer", "explanation_close"]
    assert list(h["session"])[::-1] == ["leader-session", "agency-session", "s-1"]

    with pytest.raises(ExplanationError) as exc:
        ex.answer(db, LAMDONG, actor(LAMDONG), rid, "thêm")
    assert exc.value.key == "ac_err_closed"


def test_a_follow_up_opens_the_request_again(db):
    rid = ask(db, STAFF)
    ex.answer(db, LAMDONG, actor(LAMDONG), rid, "Lý do A.")
    ex.reply(db, STAFF, actor(STAFF), rid, "Xin số liệu chi tiết theo huyện.")
    assert ex.get(db, rid)["status"] == "open"
    assert len(ex.thread(db, rid)) == 3


def test_only_the_agency_answers_and_only_askers_ask_and_close(db):
    rid = ask(db)
    with pytest.raises(AccessDenied):
        ex.answer(db, HANOI, actor(HANOI), rid, "không phải đơn vị mình")
    with pytest.raises(AccessDenied):
        ex.answer(db, STAFF, actor(STAFF), rid, "staff cannot answer for the agency")
    with pytest.raises(AccessDenied):
        ask(db, LAMDONG, code="01")
    with pytest.raises(AccessDenied):
        ex.close(db, LAMDONG, actor(LAMDONG), rid)
    assert ex.get(db, rid)["status"] == "open" and len(ex.thread(db, rid)) == 1
    assert list(audit.history(db)["action"]) == ["explanation_ask"]  # refusals wrote nothing


def test_overdue_is_an_open_request_past_its_due_date(db):
    late = ask(db, due=date(2026, 11, 21))
    answered = ask(db, due=date(2026, 11, 21))
    ex.answer(db, LAMDONG, actor(LAMDONG), answered, "Đã trả lời.")
    later = date(2026, 11, 25)  # after both due dates
    frame = ex.requests(db, today=later).set_index("id")
    assert bool(frame.loc[late, "overdue"]) is True
    assert bool(frame.loc[answered, "overdue"]) is False  # waiting for the asker, not the agency
    assert int(frame.loc[answered, "messages"]) == 2
    assert not ex.requests(db, today=date(2026, 11, 21))["overdue"].any()  # due today is not overdue yet
    assert list(ex.outstanding(db, today=later, agency_code="68")["id"]) == [answered, late]  # newest first
    assert ex.outstanding(db, agency_code="01").empty


@pytest.mark.parametrize("kwargs, key", [
    ({"code": "XX"}, "ac_err_agency_unknown"),
    ({"due": date(2026, 11, 19)}, "ac_err_due_past"),
])
def test_bad_requests_are_refused(db, kwargs, key):
    with pytest.raises(ExplanationError) as exc:
        ask(db, **kwargs)
    assert exc.value.key == key


def test_texts_are_checked(db):
    rid = ask(db)
    for body, key in (("   ", "ac_err_empty"), ("x" * 5001, "ac_err_too_long"), ("a\x07b", "ac_err_control")):
        with pytest.raises(ExplanationError) as exc:
            ex.answer(db, LAMDONG, actor(LAMDONG), rid, body)
        assert exc.value.key == key
