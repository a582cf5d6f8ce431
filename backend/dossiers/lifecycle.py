"""The dossier's life as one explicit transition table, used by the API and the workers alike.

Each row: from which states, by which action, to which state, who may do it, and the
precondition it needs. Ownership and agency scope (is this *your* dossier, is it in *your*
agency's queue?) are checked by the guards before a transition is looked up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backend.accounts.schemas import Role
from backend.errors import Problem
from backend.i18n import Text, both


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    AWAITING_PAYMENT = "awaiting_payment"  # the fee is due before the desk receives it
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RECEIVED = "received"
    PROCESSING = "processing"
    PENDING_APPROVAL = "pending_approval"
    RESULT_READY = "result_ready"
    RESULT_AWAITING_PAYMENT = "result_awaiting_payment"  # the fee is due before the result is handed over
    RETURNED = "returned"
    DELIVERING = "delivering"
    DELIVERED = "delivered"
    REFUSED = "refused"  # từ chối tiếp nhận: refused at reception
    STOPPED = "stopped"  # từ chối giải quyết: rejected during processing
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    RECEIVE = "receive"
    REQUEST_SUPPLEMENT = "request_supplement"
    RESUBMIT = "resubmit"
    REFUSE = "refuse"
    START = "start"
    HAND_OVER = "hand_over"
    SUBMIT_FOR_APPROVAL = "submit_for_approval"
    SEND_BACK = "send_back"
    APPROVE = "approve"
    RESOLVE_ON_THE_SPOT = "resolve_on_the_spot"
    STOP = "stop"
    RETURN_RESULT = "return_result"
    SHIP = "ship"
    DELIVER = "deliver"
    REQUEST_PAYMENT = "request_payment"
    PAY = "pay"


class Precondition(StrEnum):
    NONE = "none"
    COMPLETE = "complete"  # every mandatory document has a ready page or a wallet document; form valid
    SAME_DAY_PROCEDURE = "same_day_procedure"  # "4 tại chỗ": receive, approve and return in one sitting
    RESULT_ISSUED = "result_issued"
    DELIVERY_CHOSEN = "delivery_chosen"
    REASON_GIVEN = "reason_given"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[State]
    action: Action
    target: State
    roles: frozenset[Role]
    precondition: Precondition = Precondition.NONE


def _t(sources: set[State], action: Action, target: State, roles: set[Role], pre=Precondition.NONE) -> Transition:
    return Transition(frozenset(sources), action, target, frozenset(roles), pre)


S, A, R, P = State, Action, Role, Precondition
FILERS = {R.CITIZEN, R.VOLUNTEER}
# No role: only the system makes these moves (the payments domain, when a fee falls due or is paid; the delivery
# domain, when the postal operator reports it took a result or delivered it), with `transitions.system_move`.
SYSTEM: set[Role] = set()

TRANSITIONS: tuple[Transition, ...] = (
    _t({S.DRAFT}, A.SUBMIT, S.SUBMITTED, FILERS, P.COMPLETE),
    _t({S.SUPPLEMENT_REQUESTED}, A.RESUBMIT, S.SUBMITTED, FILERS, P.COMPLETE),
    _t({S.SUBMITTED, S.AWAITING_PAYMENT, S.SUPPLEMENT_REQUESTED, S.RECEIVED, S.PROCESSING, S.PENDING_APPROVAL},
       A.WITHDRAW, S.WITHDRAWN, {R.CITIZEN}),
    # A fee due at submission is paid before the desk receives the dossier; one due at the result, before the
    # result is handed over (each procedure says which: procedure_versions.fee_stage).
    _t({S.SUBMITTED}, A.REQUEST_PAYMENT, S.AWAITING_PAYMENT, SYSTEM),
    _t({S.AWAITING_PAYMENT}, A.PAY, S.SUBMITTED, SYSTEM),
    _t({S.RESULT_READY}, A.REQUEST_PAYMENT, S.RESULT_AWAITING_PAYMENT, SYSTEM),
    _t({S.RESULT_AWAITING_PAYMENT}, A.PAY, S.RESULT_READY, SYSTEM),
    _t({S.SUBMITTED}, A.RECEIVE, S.RECEIVED, {R.RECEPTION_OFFICER}),
    _t({S.SUBMITTED, S.PROCESSING}, A.REQUEST_SUPPLEMENT, S.SUPPLEMENT_REQUESTED,
       {R.RECEPTION_OFFICER, R.SPECIALIST}, P.REASON_GIVEN),
    _t({S.SUBMITTED}, A.REFUSE, S.REFUSED, {R.RECEPTION_OFFICER}, P.REASON_GIVEN),
    _t({S.RECEIVED}, A.START, S.PROCESSING, {R.RECEPTION_OFFICER, R.LEADER, R.SPECIALIST}),
    _t({S.PROCESSING}, A.HAND_OVER, S.PROCESSING, {R.SPECIALIST}),
    _t({S.PROCESSING}, A.SUBMIT_FOR_APPROVAL, S.PENDING_APPROVAL, {R.SPECIALIST}),
    _t({S.PENDING_APPROVAL}, A.SEND_BACK, S.PROCESSING, {R.LEADER}, P.REASON_GIVEN),
    _t({S.PENDING_APPROVAL}, A.APPROVE, S.RESULT_READY, {R.LEADER}, P.RESULT_ISSUED),
    _t({S.RECEIVED}, A.RESOLVE_ON_THE_SPOT, S.RESULT_READY, {R.RECEPTION_OFFICER}, P.SAME_DAY_PROCEDURE),
    _t({S.PROCESSING, S.PENDING_APPROVAL}, A.STOP, S.STOPPED, {R.SPECIALIST, R.LEADER}, P.REASON_GIVEN),
    # A result the post brought back (the shipment was returned to the sender) is handed over at the counter.
    _t({S.RESULT_READY, S.DELIVERING}, A.RETURN_RESULT, S.RETURNED, {R.RECEPTION_OFFICER}),
    # The courier confirming the desk's hand-over batch ships every result in it (backend/delivery).
    _t({S.RESULT_READY}, A.SHIP, S.DELIVERING, {R.RECEPTION_OFFICER, R.COURIER}, P.DELIVERY_CHOSEN),
    _t({S.DELIVERING}, A.DELIVER, S.DELIVERED, {R.COURIER}),
    # The postal operator's callback reports it took the result, then delivered it (backend/delivery/clients/post).
    _t({S.RESULT_READY}, A.SHIP, S.DELIVERING, SYSTEM),
    _t({S.DELIVERING}, A.DELIVER, S.DELIVERED, SYSTEM),
)

# Status codes of the National Public Service Portal (DESIGN §8).
NATIONAL_STATUS: dict[State, int] = {
    S.DRAFT: 1,
    S.SUBMITTED: 1,
    S.AWAITING_PAYMENT: 6,
    S.RECEIVED: 2,
    S.REFUSED: 3,
    S.PROCESSING: 4,
    S.PENDING_APPROVAL: 4,
    S.SUPPLEMENT_REQUESTED: 5,
    S.WITHDRAWN: 7,
    S.STOPPED: 8,
    S.RESULT_READY: 9,
    S.RESULT_AWAITING_PAYMENT: 6,
    S.DELIVERING: 9,
    S.RETURNED: 10,
    S.DELIVERED: 10,
}

# What a citizen reads on the timeline: plain words, never "Đang thụ lý".
CITIZEN_WORDS: dict[State, Text] = {
    S.DRAFT: Text("Bản nháp — chưa gửi", "Draft — not sent yet"),
    S.SUBMITTED: Text("Đã gửi, chờ cán bộ một cửa kiểm tra", "Sent, waiting for the one-stop officer to check it"),
    S.SUPPLEMENT_REQUESTED: Text("Cần bổ sung giấy tờ — xem yêu cầu của cán bộ", "Papers to add — see the officer's request"),
    S.AWAITING_PAYMENT: Text(
        "Chờ nộp phí, lệ phí — nộp trong ứng dụng hoặc tại quầy để hồ sơ được tiếp nhận",
        "The fee is due — pay in the app or at the counter so that the dossier can be received",
    ),
    S.RECEIVED: Text("Đã tiếp nhận, có ngày hẹn trả kết quả", "Received, with a date for the result"),
    S.PROCESSING: Text("Cơ quan đang giải quyết hồ sơ", "The agency is working on the dossier"),
    S.PENDING_APPROVAL: Text("Đang chờ lãnh đạo ký duyệt", "Waiting for a leader to approve and sign"),
    S.RESULT_READY: Text("Đã có kết quả", "The result is ready"),
    S.RESULT_AWAITING_PAYMENT: Text(
        "Đã có kết quả — nộp phí, lệ phí để nhận kết quả", "The result is ready — pay the fee to receive it",
    ),
    S.RETURNED: Text("Đã trả kết quả", "The result was handed over"),
    S.DELIVERING: Text("Bưu điện đang chuyển kết quả đến bạn", "The post is bringing the result to you"),
    S.DELIVERED: Text("Đã giao kết quả tận nơi", "The result was delivered to your door"),
    S.REFUSED: Text("Hồ sơ không được tiếp nhận — xem lý do", "The dossier was not accepted — see why"),
    S.STOPPED: Text("Cơ quan dừng giải quyết hồ sơ — xem lý do", "The agency stopped working on the dossier — see why"),
    S.WITHDRAWN: Text("Bạn đã rút hồ sơ", "You withdrew the dossier"),
}

ACTION_WORDS: dict[Action, Text] = {
    A.SUBMIT: Text("nộp hồ sơ", "submit the dossier"),
    A.WITHDRAW: Text("rút hồ sơ", "withdraw the dossier"),
    A.RECEIVE: Text("tiếp nhận", "receive it"),
    A.REQUEST_SUPPLEMENT: Text("yêu cầu bổ sung", "ask for more papers"),
    A.RESUBMIT: Text("nộp lại sau bổ sung", "send it again with the papers added"),
    A.REFUSE: Text("từ chối tiếp nhận", "refuse to receive it"),
    A.START: Text("chuyển xử lý", "pass it on for processing"),
    A.HAND_OVER: Text("chuyển liên thông", "hand it over to another agency"),
    A.SUBMIT_FOR_APPROVAL: Text("trình ký", "submit it for signature"),
    A.SEND_BACK: Text("trả lại để xử lý tiếp", "send it back for more work"),
    A.APPROVE: Text("phê duyệt", "approve it"),
    A.RESOLVE_ON_THE_SPOT: Text("giải quyết tại chỗ", "resolve it on the spot"),
    A.STOP: Text("dừng giải quyết", "stop working on it"),
    A.RETURN_RESULT: Text("trả kết quả", "hand over the result"),
    A.SHIP: Text("giao bưu điện", "send the result by post"),
    A.DELIVER: Text("giao tận nơi", "deliver it to the door"),
    A.REQUEST_PAYMENT: Text("yêu cầu nộp phí, lệ phí", "ask for the fee"),
    A.PAY: Text("ghi nhận đã nộp phí, lệ phí", "record the fee as paid"),
}


def allowed_actions(state: State, role: Role) -> list[Action]:
    return [t.action for t in TRANSITIONS if state in t.sources and role in t.roles]


def find_system_transition(state: State, action: Action) -> Transition:
    """The row of a move only the system makes; a 409 when the dossier is not where that move starts."""
    for transition in TRANSITIONS:
        if transition.action == action and state in transition.sources and not transition.roles:
            return transition
    words, move = CITIZEN_WORDS[state], ACTION_WORDS[action]
    raise Problem(
        409, "transition_not_allowed", Text("Không thể thực hiện thao tác này", "This cannot be done"),
        Text(f"Hồ sơ đang ở trạng thái “{words.vi}”, không thể {move.vi}.",
             f"The dossier is at “{words.en}”, so you cannot {move.en}."),
        state=state.value, allowed_actions=[],
    )


def find_transition(state: State, action: Action, role: Role) -> Transition:
    """The row for this move, or a 409 naming what is possible from here."""
    for transition in TRANSITIONS:
        if transition.action == action and state in transition.sources and role in transition.roles:
            return transition
    allowed = allowed_actions(state, role)
    nothing = Text("không có thao tác nào", "nothing")
    allowed_words = both(lambda lang: ", ".join(ACTION_WORDS[a][lang] for a in allowed) or nothing[lang])
    words, move = CITIZEN_WORDS[state], ACTION_WORDS[action]
    raise Problem(
        409,
        "transition_not_allowed",
        Text("Không thể thực hiện thao tác này", "This cannot be done"),
        Text(
            f"Hồ sơ đang ở trạng thái “{words.vi}”, không thể {move.vi}. Thao tác có thể làm: {allowed_words.vi}.",
            f"The dossier is at “{words.en}”, so you cannot {move.en}. What can be done: {allowed_words.en}.",
        ),
        state=state.value,
        allowed_actions=[a.value for a in allowed],
    )
