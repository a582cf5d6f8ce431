"""A payment's life: nothing short of paid is final when the money turns up later; refunded ends it."""

from __future__ import annotations

import pytest

from backend.payments.states import MOVES, NOT_PAID, PaymentState, may_move


@pytest.mark.parametrize("state", sorted(NOT_PAID))
def test_every_unpaid_state_can_still_become_paid(state: PaymentState) -> None:
    assert may_move(state, PaymentState.PAID)


@pytest.mark.parametrize("state", sorted(NOT_PAID - {PaymentState.PENDING}))
def test_an_unpaid_payment_can_be_tried_again(state: PaymentState) -> None:
    assert may_move(state, PaymentState.PENDING)


def test_paid_only_becomes_refunded_and_refunded_is_the_end() -> None:
    assert MOVES[PaymentState.PAID] == {PaymentState.REFUNDED}
    assert MOVES[PaymentState.REFUNDED] == frozenset()
    assert not may_move(PaymentState.PAID, PaymentState.FAILED), "a late failure never undoes a payment"


def test_every_state_has_its_row() -> None:
    assert set(MOVES) == set(PaymentState)
