"""The transition table is complete, consistent and explains refusals."""

import pytest

from backend.accounts.schemas import Role
from backend.dossiers.lifecycle import (
    ACTION_WORDS, CITIZEN_WORDS, NATIONAL_STATUS, TRANSITIONS, Action, State, allowed_actions, find_transition,
)
from backend.errors import Problem


def test_every_state_maps_to_a_national_status_code_and_plain_words() -> None:
    assert set(NATIONAL_STATUS) == set(State)
    assert set(NATIONAL_STATUS.values()) <= set(range(1, 11))
    assert set(CITIZEN_WORDS) == set(State)
    assert set(ACTION_WORDS) == set(Action)


def test_every_state_is_reachable_from_draft() -> None:
    reached, frontier = {State.DRAFT}, [State.DRAFT]
    while frontier:
        state = frontier.pop()
        for transition in TRANSITIONS:
            if state in transition.sources and transition.target not in reached:
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(State)


def test_end_states_have_no_way_out() -> None:
    for end in (State.RETURNED, State.DELIVERED, State.REFUSED, State.STOPPED, State.WITHDRAWN):
        assert all(allowed_actions(end, role) == [] for role in Role)


def test_citizen_may_withdraw_until_the_result_is_ready() -> None:
    assert Action.WITHDRAW in allowed_actions(State.PROCESSING, Role.CITIZEN)
    assert Action.WITHDRAW not in allowed_actions(State.RESULT_READY, Role.CITIZEN)


def test_a_forbidden_move_is_a_409_naming_the_allowed_actions() -> None:
    with pytest.raises(Problem) as caught:
        find_transition(State.SUBMITTED, Action.APPROVE, Role.RECEPTION_OFFICER)
    problem = caught.value
    assert problem.status == 409 and problem.code == "transition_not_allowed"
    assert problem.extra["allowed_actions"] == ["receive", "request_supplement", "refuse"]
    assert "tiếp nhận, yêu cầu bổ sung, từ chối tiếp nhận" in problem.detail.vi
    assert "receive it, ask for more papers, refuse to receive it" in problem.detail.en


def test_the_right_role_finds_its_row() -> None:
    transition = find_transition(State.SUBMITTED, Action.RECEIVE, Role.RECEPTION_OFFICER)
    assert transition.target == State.RECEIVED
    with pytest.raises(Problem):
        find_transition(State.SUBMITTED, Action.RECEIVE, Role.CITIZEN)
