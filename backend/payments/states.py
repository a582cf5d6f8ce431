"""A payment's life as one table, like a dossier's (backend/dossiers/lifecycle.py).

A payment is asked for once per dossier and fee stage. It is paid through VNPay, a VietQR bank transfer or cash at
the desk. 'failed', 'expired' and 'cancelled' are never final: a gateway that reports success later (a late IPN, the
answer to a reconciliation query) still moves the payment to paid, because the money was taken. Only 'refunded' ends it.
"""

from __future__ import annotations

from enum import StrEnum


class PaymentState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"  # the bank or the person declined at the gateway
    EXPIRED = "expired"  # no answer from the gateway within 90 minutes
    CANCELLED = "cancelled"  # the person left the gateway's page
    REFUNDED = "refunded"


P = PaymentState
NOT_PAID = frozenset({P.PENDING, P.FAILED, P.EXPIRED, P.CANCELLED})

# from → the states it may move to
MOVES: dict[PaymentState, frozenset[PaymentState]] = {
    P.PENDING: frozenset({P.PAID, P.FAILED, P.EXPIRED, P.CANCELLED}),
    P.FAILED: frozenset({P.PAID, P.PENDING}),  # paid: reconciliation; pending: the person tries again
    P.EXPIRED: frozenset({P.PAID, P.PENDING}),
    P.CANCELLED: frozenset({P.PAID, P.PENDING}),
    P.PAID: frozenset({P.REFUNDED}),
    P.REFUNDED: frozenset(),
}


def may_move(source: PaymentState, target: PaymentState) -> bool:
    return target in MOVES[source]
