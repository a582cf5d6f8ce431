"""A shipment's life as one explicit transition table, like a dossier's (backend/dossiers/lifecycle.py).

Two directions share the table: `outbound` carries the result from the desk to the recipient's home, `inbound`
carries the paper originals from the citizen's home to the desk. Each row: from which states, by which action, to
which state, for which directions, who may do it (a role, or CARRIER: the postal operator's callback) and the
precondition it needs. Which shipment a courier may touch (their own custody) is checked by the service.

What the dossier does meanwhile (moved only through `dossiers.transitions`):
- outbound hand_over (the courier confirms the desk's batch, or the operator reports it took it) → the dossier
  SHIPs (result_ready → delivering);
- outbound deliver → the dossier is DELIVERed (delivering → delivered);
- outbound return_to_sender → the dossier stays `delivering` until the desk hands the result over at the counter
  (lifecycle: delivering --return_result--> returned).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backend.accounts.schemas import Role
from backend.errors import Problem
from backend.i18n import Text, both


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class ShipmentState(StrEnum):
    CREATED = "created"
    HANDED_OVER = "handed_over"
    PICKED_UP = "picked_up"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    FAILED_ATTEMPT = "failed_attempt"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class ShipmentAction(StrEnum):
    HAND_OVER = "hand_over"
    PICK_UP = "pick_up"
    TRANSIT = "transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVER = "deliver"
    FAIL = "fail"
    RETURN_TO_SENDER = "return_to_sender"
    CANCEL = "cancel"


class Precondition(StrEnum):
    NONE = "none"
    RECIPIENT_PROOF = "recipient_proof"  # the recipient's valid code, or a slip photo when they have no phone
    REASON_GIVEN = "reason_given"


# The postal operator's callback (clients/post): no person, no role.
CARRIER = "carrier"
Actor = Role | str


@dataclass(frozen=True)
class Transition:
    sources: frozenset[ShipmentState]
    action: ShipmentAction
    target: ShipmentState
    directions: frozenset[Direction]
    actors: frozenset[Actor]
    precondition: Precondition = Precondition.NONE


S, A, D, P = ShipmentState, ShipmentAction, Direction, Precondition
BOTH = {D.OUTBOUND, D.INBOUND}
CARRYING = {Role.COURIER, CARRIER}


def _t(sources: set[ShipmentState], action: ShipmentAction, target: ShipmentState, directions: set[Direction],
       actors: set[Actor], pre: Precondition = P.NONE) -> Transition:
    return Transition(frozenset(sources), action, target, frozenset(directions), frozenset(actors), pre)


TRANSITIONS: tuple[Transition, ...] = (
    # Outbound: the courier confirms the desk's batch and takes custody, or the postal operator reports it took it.
    _t({S.CREATED}, A.HAND_OVER, S.HANDED_OVER, {D.OUTBOUND}, CARRYING),
    # Inbound: collected at the citizen's home (again after a failed attempt).
    _t({S.CREATED, S.FAILED_ATTEMPT}, A.PICK_UP, S.PICKED_UP, {D.INBOUND}, CARRYING),
    _t({S.HANDED_OVER, S.PICKED_UP}, A.TRANSIT, S.IN_TRANSIT, BOTH, CARRYING),
    _t({S.HANDED_OVER, S.IN_TRANSIT, S.FAILED_ATTEMPT}, A.OUT_FOR_DELIVERY, S.OUT_FOR_DELIVERY, {D.OUTBOUND}, CARRYING),
    _t({S.OUT_FOR_DELIVERY}, A.DELIVER, S.DELIVERED, {D.OUTBOUND}, CARRYING, P.RECIPIENT_PROOF),
    # Inbound: the originals reach the desk.
    _t({S.PICKED_UP, S.IN_TRANSIT}, A.DELIVER, S.DELIVERED, {D.INBOUND}, CARRYING),
    _t({S.OUT_FOR_DELIVERY}, A.FAIL, S.FAILED_ATTEMPT, {D.OUTBOUND}, CARRYING, P.REASON_GIVEN),
    _t({S.CREATED}, A.FAIL, S.FAILED_ATTEMPT, {D.INBOUND}, CARRYING, P.REASON_GIVEN),
    _t({S.FAILED_ATTEMPT}, A.RETURN_TO_SENDER, S.RETURNED, BOTH, CARRYING, P.REASON_GIVEN),
    # The desk cancels before the post has it.
    _t({S.CREATED}, A.CANCEL, S.CANCELLED, BOTH, {Role.RECEPTION_OFFICER}),
)

FINISHED = frozenset({S.DELIVERED, S.RETURNED, S.CANCELLED})

# What the recipient, the citizen and anyone tracking read.
STATE_WORDS: dict[ShipmentState, Text] = {
    S.CREATED: Text("Đã tạo vận đơn, chờ giao cho bưu điện", "Shipment created, waiting for the post"),
    S.HANDED_OVER: Text("Bưu điện đã nhận từ Bộ phận một cửa", "The post took it from the one-stop desk"),
    S.PICKED_UP: Text("Bưu tá đã nhận giấy tờ tại nhà", "The postman collected the papers from home"),
    S.IN_TRANSIT: Text("Đang vận chuyển", "On its way"),
    S.OUT_FOR_DELIVERY: Text("Bưu tá đang đi giao", "Out for delivery"),
    S.DELIVERED: Text("Đã giao thành công", "Delivered"),
    S.FAILED_ATTEMPT: Text("Giao không thành công, sẽ giao lại", "Delivery attempt failed; it will be tried again"),
    S.RETURNED: Text("Đã trả lại nơi gửi", "Returned to the sender"),
    S.CANCELLED: Text("Đã hủy vận đơn", "Shipment cancelled"),
}

ACTION_WORDS: dict[ShipmentAction, Text] = {
    A.HAND_OVER: Text("nhận bàn giao", "take it over"),
    A.PICK_UP: Text("nhận giấy tờ tại nhà", "collect it from home"),
    A.TRANSIT: Text("vận chuyển", "carry it on"),
    A.OUT_FOR_DELIVERY: Text("đi giao", "take it out for delivery"),
    A.DELIVER: Text("giao thành công", "deliver it"),
    A.FAIL: Text("báo giao không thành công", "report a failed attempt"),
    A.RETURN_TO_SENDER: Text("trả lại nơi gửi", "return it to the sender"),
    A.CANCEL: Text("hủy vận đơn", "cancel it"),
}


def allowed_actions(state: ShipmentState, direction: Direction, actor: Actor) -> list[ShipmentAction]:
    return [
        t.action for t in TRANSITIONS if state in t.sources and direction in t.directions and actor in t.actors
    ]


def find_transition(state: ShipmentState, direction: Direction, action: ShipmentAction, actor: Actor) -> Transition:
    """The row for this move, or a 409 naming the shipment's state and what is possible from it."""
    for transition in TRANSITIONS:
        if (transition.action == action and state in transition.sources and direction in transition.directions
                and actor in transition.actors):
            return transition
    allowed = allowed_actions(state, direction, actor)
    nothing = Text("không có thao tác nào", "nothing")
    allowed_words = both(lambda lang: ", ".join(ACTION_WORDS[a][lang] for a in allowed) or nothing[lang])
    words, move = STATE_WORDS[state], ACTION_WORDS[action]
    raise Problem(
        409, "shipment_transition_not_allowed", Text("Không thể thực hiện thao tác này", "This cannot be done"),
        Text(
            f"Vận đơn đang ở trạng thái “{words.vi}”, không thể {move.vi}. Thao tác có thể làm: {allowed_words.vi}.",
            f"The shipment is at “{words.en}”, so you cannot {move.en}. What can be done: {allowed_words.en}.",
        ),
        state=state.value, allowed_actions=[a.value for a in allowed],
    )
