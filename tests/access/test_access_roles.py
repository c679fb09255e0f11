"""The role rules: one table of who may do what, asked directly."""
from __future__ import annotations

import pytest

from data.roles import (LOCAL_USER, AccessDenied, may_answer, may_ask, may_close, may_manage_users,
                        may_see_history, may_see_reporting_status, may_see_requests, may_submit, may_view,
                        require)
from tests.access.people import ADMIN, HANOI, LAMDONG, LEADER, STAFF


@pytest.mark.parametrize("user, expected", [
    # (view, submit any, reporting status, ask, close, history, manage users)
    (LEADER, (True, False, True, True, True, False, False)),
    (STAFF, (True, True, True, True, True, True, False)),
    (LAMDONG, (True, True, False, False, False, False, False)),
    (ADMIN, (True, False, True, False, False, True, True)),
    (LOCAL_USER, (True, True, True, True, True, True, True)),
    (None, (False,) * 7),
])
def test_each_role_may_do_what_the_table_says(user, expected):
    got = (may_view(user), may_submit(user), may_see_reporting_status(user), may_ask(user),
           may_close(user), may_see_history(user), may_manage_users(user))
    assert got == expected


def test_an_agency_user_submits_and_answers_for_its_own_agency_only():
    assert may_submit(LAMDONG, "68") and not may_submit(LAMDONG, "01")
    assert may_answer(LAMDONG, "68") and not may_answer(LAMDONG, "01")
    assert may_answer(HANOI, "01")
    assert may_submit(STAFF, "01") and may_submit(STAFF, "68")  # staff import for any agency
    assert not may_answer(STAFF, "68") and not may_answer(LEADER, "68")  # only the agency answers
    assert may_see_requests(LAMDONG, "68") and not may_see_requests(LAMDONG, "01")
    assert may_see_requests(LEADER, "01")


def test_require_raises_with_the_message_key():
    require(True)
    with pytest.raises(AccessDenied) as exc:
        require(may_answer(HANOI, "68"), "ac_denied_answer", code="68")
    assert exc.value.key == "ac_denied_answer" and exc.value.values == {"code": "68"}
