"""The pure parts: the shipment's transition table, S10 tracking codes, the postage tariff."""

from __future__ import annotations

import json

import msgspec
import pytest

from backend.accounts.schemas import Role
from backend.catalog import postage
from backend.delivery import tracking
from backend.delivery.states import (
    ACTION_WORDS, CARRIER, STATE_WORDS, TRANSITIONS, Direction, ShipmentAction, ShipmentState, allowed_actions,
    find_transition,
)
from backend.errors import Problem
from backend.settings import ROOT, Settings, SettingsError

ACTORS = [*Role, CARRIER]
CASES = [
    (state, direction, action, actor)
    for state in ShipmentState for direction in Direction for action in ShipmentAction for actor in ACTORS
]


def _row(state: ShipmentState, direction: Direction, action: ShipmentAction, actor: object):
    return next(
        (t for t in TRANSITIONS
         if t.action == action and state in t.sources and direction in t.directions and actor in t.actors),
        None,
    )


@pytest.mark.parametrize(("state", "direction", "action", "actor"), CASES)
def test_every_move_is_allowed_exactly_as_the_table_says(state, direction, action, actor) -> None:
    row = _row(state, direction, action, actor)
    if row is not None:
        assert find_transition(state, direction, action, actor).target == row.target
        return
    with pytest.raises(Problem) as refused:
        find_transition(state, direction, action, actor)
    problem = refused.value
    assert problem.status == 409 and problem.code == "shipment_transition_not_allowed"
    assert problem.extra["state"] == state.value
    assert problem.extra["allowed_actions"] == [a.value for a in allowed_actions(state, direction, actor)]
    assert f"Vận đơn đang ở trạng thái “{STATE_WORDS[state].vi}”" in problem.detail.vi
    assert STATE_WORDS[state].en in problem.detail.en


def test_words_for_every_state_and_action_and_every_state_reachable() -> None:
    assert set(STATE_WORDS) == set(ShipmentState) and set(ACTION_WORDS) == set(ShipmentAction)
    reached, frontier = {ShipmentState.CREATED}, [ShipmentState.CREATED]
    while frontier:
        state = frontier.pop()
        for t in TRANSITIONS:
            if state in t.sources and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(ShipmentState)


def test_deliver_before_out_for_delivery_names_the_state() -> None:
    with pytest.raises(Problem) as refused:
        find_transition(ShipmentState.HANDED_OVER, Direction.OUTBOUND, ShipmentAction.DELIVER, Role.COURIER)
    assert "“Bưu điện đã nhận từ Bộ phận một cửa”, không thể giao thành công" in refused.value.detail.vi


def test_who_may_do_what() -> None:
    assert allowed_actions(ShipmentState.CREATED, Direction.OUTBOUND, Role.COURIER) == [ShipmentAction.HAND_OVER]
    assert allowed_actions(ShipmentState.CREATED, Direction.OUTBOUND, Role.RECEPTION_OFFICER) == [ShipmentAction.CANCEL]
    assert allowed_actions(ShipmentState.CREATED, Direction.INBOUND, Role.COURIER) == [ShipmentAction.PICK_UP, ShipmentAction.FAIL]
    # The courier confirms the desk's batch, or the postal operator reports it took the result.
    assert allowed_actions(ShipmentState.CREATED, Direction.OUTBOUND, CARRIER) == [ShipmentAction.HAND_OVER]
    for finished in (ShipmentState.DELIVERED, ShipmentState.RETURNED, ShipmentState.CANCELLED):
        assert all(allowed_actions(finished, d, a) == [] for d in Direction for a in ACTORS)


@pytest.mark.parametrize(("serial", "code"), [(12345678, "RA123456785VN"), (1, "RA000000014VN"), (99_999_999, "RA999999995VN")])
def test_s10_codes_and_their_check_digit(serial: int, code: str) -> None:
    assert tracking.generate(serial) == code
    assert tracking.parse(code.lower()[:6] + " " + code.lower()[6:]) == code


def test_check_digit_ten_and_eleven_are_written_0_and_5() -> None:
    digits = {tracking.check_digit(f"{n:08d}") for n in range(1, 200)}
    assert digits <= set(range(10)) and {0, 5} <= digits


def test_a_mistyped_or_swapped_digit_is_a_clear_422() -> None:
    for typo in ("RA123456775VN", "RA123465785VN", "RA12345678VN", "XX123456785US1"):
        with pytest.raises(Problem) as refused:
            tracking.parse(typo)
        assert refused.value.status == 422 and refused.value.code == "invalid_tracking_code"
        assert "kiểm tra lại" in refused.value.detail.vi


def test_the_default_tariff_is_the_catalogues_estimate() -> None:
    catalogue = json.loads((ROOT / "backend/catalog/data/procedures.json").read_text(encoding="utf-8"))
    estimate = catalogue["postage_estimate_vnd"]
    letter = postage.weight_class(postage.DEFAULT, postage.RESULT_LETTER)
    assert (letter.same_province, letter.other_province) == (estimate["same_province"], estimate["other_province"])
    assert letter.estimate is not estimate["verified"]


def test_postage_by_zone_and_class_and_its_fee_line() -> None:
    same = postage.quote(postage.DEFAULT, "56", "56", postage.RESULT_LETTER)
    other = postage.quote(postage.DEFAULT, "56", "01", postage.PAPERS_2KG, "on_delivery")
    assert (same.amount, same.zone, other.amount, other.zone) == (25_000, "same_province", 50_000, "other_province")
    fee = postage.with_postage(postage.DEFAULT, None, same)
    assert fee.total == 25_000 and fee.lines[0].label.startswith("Cước bưu chính") and "25.000 ₫" in fee.explanation


def test_a_configured_tariff_replaces_the_default_and_a_bad_one_stops_the_process() -> None:
    tariff = msgspec.json.encode(msgspec.structs.replace(postage.DEFAULT, classes=[
        msgspec.structs.replace(c, same_province=30_000, estimate=False) for c in postage.DEFAULT.classes
    ])).decode()
    assert postage.quote(postage.tariff_from(tariff), "56", "56", postage.RESULT_LETTER).amount == 30_000
    base = {"DATABASE_URL": "postgresql://x", "REDIS_URL": "redis://x"}
    for bad in ('{"classes": []}', "not json"):
        with pytest.raises(SettingsError, match="POSTAGE_TARIFF"):
            Settings.from_env({**base, "POSTAGE_TARIFF": bad})
    with pytest.raises(SettingsError, match="DELIVERY_BATCH_TIMES"):
        Settings.from_env({**base, "DELIVERY_BATCH_TIMES": "10h"})
