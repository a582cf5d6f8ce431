"""What each event tells a person, in Vietnamese or English, as a push notification and as an SMS.

Pure functions: an outbox row's kind and payload in, texts out. The worker calls `render` for each
message, `legally_required` and `urgent` to weigh the person's preferences and quiet hours; the admin
preview renders every sample of `events()`.

Policy:

* **Push** is written in full, diacritics and all: the new status in a few plain words as the title
  (the timeline's `lifecycle.CITIZEN_WORDS` say the same at more length; this domain does not import the
  dossiers domain, which writes to its outbox), then the dossier code, what happened and the next step, then the
  officer's words, cut at `PUSH_NOTE_LIMIT` characters: an expanded notification shows about that
  much, the whole note is on the dossier page one tap away, and the payload stays far below the 4 KB
  a push service carries.
* **SMS** starts with the brand ("MotCua: ", as the brandname gateways register it, without
  diacritics), says the same as the push body and is passed through `gsm.to_gsm7`: **one GSM-7
  segment** (160 septets), whatever the values. Every sentence fits with the longest dossier code
  (25 characters: `000.00.02.H56-251231-0001`, agency identifier, yyMMdd, daily number); the
  officer's words get what is left, cut at a word and marked "...", so a reason always leaves the
  code and the next step whole (at least 40 septets of a reason remain, tested; an officer's note
  with less room than `SMS_NOTE_MIN` is left out, the app has it). With `unicode=True`
  the same words keep their diacritics as UCS-2: measured with the longest values, two or three
  segments (tests/notifications/test_templates.py prints each), which is why it is not the default.
* **Silent states:** a draft is never the target of a move; `pending_approval` is an internal step
  between a specialist and a leader that changes nothing the citizen can act on or plan around (the
  due date stays), so it is not worth a push, let alone a paid SMS; `transitions` writes no outbox
  row for it either. The officer's note is left out of `received`, whose stored note repeats the due
  date the sentence already gives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from backend.catalog.fees import vnd
from backend.clock import dmy
from backend.i18n import LANGS, Lang, Text
from backend.notifications.gsm import segments, to_gsm7, units
from backend.notifications.outbox import Kind
from backend.notifications.schemas import TemplatePreview


BRAND = "MotCua"
PUSH_NOTE_LIMIT = 200
# A note cut shorter than this says nothing ("Ho so thieu...") and is left out of the SMS.
SMS_NOTE_MIN = 20
SILENT_STATES = frozenset({"draft", "pending_approval"})


class TemplateError(ValueError):
    """No template for this event (an unknown kind or state, a silent state) or a field it needs is missing."""


@dataclass(frozen=True, slots=True)
class Rendered:
    push_title: str | None  # None: the event goes by SMS only (sign-in codes)
    push_body: str | None
    sms: str


@dataclass(frozen=True, slots=True)
class TemplateSample:
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Template:
    title: Text | None  # the push title; None for SMS-only events
    news: Text  # what happened and the next step; fields {code}, {due}
    note_label: Text | None = None  # the officer's words follow under this label; None: they are left out


_OFFICER_WROTE = Text("Cán bộ ghi: ", "Officer's note: ")
_REQUEST = Text("Yêu cầu: ", "Request: ")
_REASON = Text("Lý do: ", "Reason: ")

_STATUS: dict[str, _Template] = {
    "submitted": _Template(
        Text("Đã gửi hồ sơ", "Dossier sent"),
        Text(
            "Hồ sơ {code} đã được gửi. Bạn sẽ nhận tin khi cán bộ tiếp nhận hoặc cần bổ sung.",
            "Dossier {code} was sent. You will hear when an officer receives it or asks for more.",
        ),
    ),
    "awaiting_payment": _Template(
        Text("Hồ sơ chờ nộp phí, lệ phí", "The fee for your dossier is due"),
        Text(
            "Hồ sơ {code}: phí, lệ phí {amount}. Hãy nộp trong ứng dụng hoặc tại quầy để hồ sơ được tiếp nhận.",
            "Dossier {code}: the fee is {amount}. Pay it in the app or at the counter for the dossier to be received.",
        ),
    ),
    "received": _Template(
        Text("Hồ sơ đã được tiếp nhận", "Dossier received"),
        Text(
            "Hồ sơ {code} đã được tiếp nhận, hẹn trả kết quả ngày {due}. Phiếu hẹn có trong ứng dụng.",
            "Dossier {code} was received; the result is due on {due}. The receipt is in the app.",
        ),
    ),
    "supplement_requested": _Template(
        Text("Hồ sơ cần bổ sung giấy tờ", "Papers to add to your dossier"),
        Text(
            "Hồ sơ {code} cần bổ sung. Hãy bổ sung trong ứng dụng rồi nộp lại.",
            "Dossier {code} needs more papers. Add them in the app, then send it again.",
        ),
        _REQUEST,
    ),
    "refused": _Template(
        Text("Hồ sơ không được tiếp nhận", "Dossier not accepted"),
        Text(
            "Hồ sơ {code} không được tiếp nhận. Bạn có thể nộp hồ sơ mới.",
            "Dossier {code} was not accepted. You may file a new one.",
        ),
        _REASON,
    ),
    "processing": _Template(
        Text("Hồ sơ đang được giải quyết", "Your dossier is being worked on"),
        Text(
            "Hồ sơ {code} đang được giải quyết. Bạn sẽ nhận tin khi có kết quả.",
            "Dossier {code} is being worked on. You will hear when the result is ready.",
        ),
        _OFFICER_WROTE,
    ),
    "result_ready": _Template(
        Text("Đã có kết quả", "Your result is ready"),
        Text(
            "Hồ sơ {code} đã có kết quả. Tải bản điện tử trong ứng dụng; bản giấy nhận tại quầy hoặc qua bưu điện.",
            "Dossier {code} has its result. Download it in the app; the paper copy is at the counter or comes by post.",
        ),
        _OFFICER_WROTE,
    ),
    "result_awaiting_payment": _Template(
        Text("Đã có kết quả — chờ nộp phí, lệ phí", "Your result is ready — the fee is due"),
        Text(
            "Hồ sơ {code} đã có kết quả. Hãy nộp phí, lệ phí {amount} trong ứng dụng hoặc tại quầy để nhận.",
            "Dossier {code} has its result. Pay the fee of {amount} in the app or at the counter to receive it.",
        ),
    ),
    "returned": _Template(
        Text("Đã trả kết quả", "Your result was handed over"),
        Text(
            "Kết quả hồ sơ {code} đã được trao. Không phải bạn nhận? Hãy báo ngay nơi nộp.",
            "Dossier {code}: the result was collected. Not you? Tell the office at once.",
        ),
        _OFFICER_WROTE,
    ),
    "delivering": _Template(
        Text("Bưu điện đang giao kết quả", "The post is bringing your result"),
        Text(
            "Bưu điện đang giao kết quả hồ sơ {code}. Hãy giữ máy để bưu tá gọi khi đến.",
            "The post is bringing the result of dossier {code}. Keep your phone on for the postman's call.",
        ),
        _OFFICER_WROTE,
    ),
    "delivered": _Template(
        Text("Đã giao kết quả tận nơi", "Your result was delivered"),
        Text(
            "Kết quả hồ sơ {code} đã được giao. Nếu bạn chưa nhận được, hãy báo ngay nơi nộp hồ sơ.",
            "The result of dossier {code} was delivered. If you did not get it, tell the office at once.",
        ),
        _OFFICER_WROTE,
    ),
    "stopped": _Template(
        Text("Cơ quan dừng giải quyết hồ sơ", "Work on your dossier stopped"),
        Text(
            "Cơ quan dừng giải quyết hồ sơ {code}. Xem hướng dẫn trong ứng dụng.",
            "The agency stopped work on dossier {code}. See what to do in the app.",
        ),
        _REASON,
    ),
    "withdrawn": _Template(
        Text("Bạn đã rút hồ sơ", "Dossier withdrawn"),
        Text(
            "Bạn đã rút hồ sơ {code}. Bạn có thể nộp hồ sơ mới bất cứ lúc nào.",
            "You withdrew dossier {code}. You may file a new one at any time.",
        ),
    ),
}

# A payment moves the dossier on (to the desk, or to the hand-over); the person is told it was paid.
_PAID = _Template(
    Text("Đã nhận phí, lệ phí", "Your fee was received"),
    Text(
        "Đã nhận {amount} phí, lệ phí của hồ sơ {code}. Biên lai điện tử có trong ứng dụng.",
        "We received the fee of {amount} for dossier {code}. The e-receipt is in the app.",
    ),
)

_REFUNDED = _Template(
    Text("Đã hoàn tiền phí, lệ phí", "Your fee was refunded"),
    Text(
        "Đã hoàn {amount} phí, lệ phí của hồ sơ {code} về tài khoản hoặc tại quầy như bạn đã nộp.",
        "The fee of {amount} for dossier {code} was paid back, the way you paid it.",
    ),
)

_APOLOGY = _Template(
    Text("Thư xin lỗi: hẹn lại ngày trả kết quả", "Apology: a new date for your result"),
    Text(
        "Xin lỗi vì hồ sơ {code} chậm trả kết quả. Ngày hẹn mới: {due}.",
        "We are sorry that dossier {code} is late. The new date for the result: {due}.",
    ),
    _REASON,
)

# To a shipment's recipient (who may not be the applicant): SMS only, to their phone; the push texts are for the
# admin preview. The code is the one the recipient reads to the courier at the door; it is sent at once, whatever
# the hour (`urgent`), because the courier is on the way.
_OUT_FOR_DELIVERY = _Template(
    Text("Bưu tá đang giao kết quả", "The postman is bringing the result"),
    Text(
        "Bưu tá đang giao kết quả hồ sơ {code}, vận đơn {tracking_code}. Mã nhận: {recipient_code}. "
        "Chỉ đọc mã cho bưu tá khi đã nhận.",
        "The postman is bringing the result of dossier {code}, parcel {tracking_code}. Your code: {recipient_code}. "
        "Tell it only once you have it.",
    ),
)

_SHIPMENT_DELIVERED = _Template(
    Text("Đã giao kết quả", "The result was delivered"),
    Text(
        "Kết quả hồ sơ {code} (vận đơn {tracking_code}) đã được giao. Chưa nhận được? Hãy báo ngay nơi nộp.",
        "The result of dossier {code} (parcel {tracking_code}) was delivered. Not received? Tell the office at once.",
    ),
)

_DELIVERY_FAILED = _Template(
    Text("Giao kết quả không thành công", "The result could not be delivered"),
    Text(
        "Chưa giao được kết quả hồ sơ {code} ({tracking_code}), sẽ giao lại.",
        "Result of dossier {code} ({tracking_code}) not delivered; we will try again.",
    ),
    _REASON,
)

# The agency's answer to feedback (phản ánh, kiến nghị): the SMS carries as much of it as fits, so a sender
# without an account reads it without the app; the whole answer is behind the tracking code.
_FEEDBACK_ANSWERED = _Template(
    Text("Phản ánh của bạn đã được trả lời", "Your feedback was answered"),
    Text(
        "Phản ánh {code} đã có trả lời. Xem đầy đủ ở mục Tra cứu phản ánh.",
        "Your feedback {code} was answered. Read it all under Feedback look-up.",
    ),
    Text("Trả lời: ", "Answer: "),
)

# After the result is in the person's hands, the push invites a rating and opens the rating screen (the SMS has
# no room for a link beside the longest code and who collected the result).
_RATE_STATES = frozenset({"returned", "delivered"})
_RATE_INVITE = Text("Chạm để đánh giá sự phục vụ.", "Tap to rate the service.")

# "5 minutes" is accounts.service.CODE_LIFETIME (a test holds them together): importing it would tie this
# domain to accounts, which will send its codes through here.
_SIGN_IN = _Template(
    None,
    Text(
        "Mã đăng nhập của bạn là {code}, hết hạn sau 5 phút. Không chia sẻ mã này cho bất kỳ ai.",
        "Your sign-in code is {code}; it expires in 5 minutes. Do not share it with anyone.",
    ),
)


def _field(kind: str, payload: Mapping[str, Any], name: str) -> Any:
    value = payload.get(name)
    if value is None or value == "":
        raise TemplateError(f"{kind} needs {name!r} in its payload")
    return value


def _day(kind: str, payload: Mapping[str, Any], name: str) -> str:
    value = _field(kind, payload, name)
    try:
        return dmy(value)
    except (TypeError, ValueError):
        raise TemplateError(f"{kind}: {name} {value!r} is not an ISO date") from None


_FEE_STATES = frozenset({"awaiting_payment", "result_awaiting_payment"})


def _state(payload: Mapping[str, Any]) -> str:
    state = _field(Kind.STATUS_CHANGED, payload, "to_state")
    if state in SILENT_STATES:
        raise TemplateError(f"{Kind.STATUS_CHANGED}: {state} is deliberately silent, nothing is sent for it")
    if state not in _STATUS:
        raise TemplateError(f"{Kind.STATUS_CHANGED}: {state!r} is not a dossier state")
    return state


def silent(kind: str, payload: Mapping[str, Any]) -> bool:
    """Whether nobody is told of this event (see SILENT_STATES)."""
    return kind == Kind.STATUS_CHANGED and payload.get("to_state") in SILENT_STATES


def _parts(kind: str, payload: Mapping[str, Any]) -> tuple[_Template, dict[str, Any], str | None]:
    """The template, the values of its fields, and the officer's words (if it shows them)."""
    if kind == Kind.STATUS_CHANGED:
        state = _state(payload)
        values = {"code": _field(kind, payload, "code")}
        if state == "received":
            values["due"] = _day(kind, payload, "due_date")
        if state in _FEE_STATES or payload.get("action") == "pay":
            values["amount"] = int(_field(kind, payload, "fee_total"))  # formatted in the reader's language
        template = _PAID if payload.get("action") == "pay" else _STATUS[state]
        return template, values, payload.get("note")
    if kind == Kind.APOLOGY:
        values = {"code": _field(kind, payload, "code"), "due": _day(kind, payload, "new_due_date")}
        return _APOLOGY, values, _field(kind, payload, "reason")
    if kind == Kind.REFUNDED:
        return _REFUNDED, {"code": _field(kind, payload, "code"), "amount": int(_field(kind, payload, "amount"))}, None
    if kind == Kind.SIGN_IN_CODE:
        return _SIGN_IN, {"code": _field(kind, payload, "code")}, None
    if kind in _SHIPMENT:
        values = {"code": _field(kind, payload, "code"), "tracking_code": _field(kind, payload, "tracking_code")}
        if kind == Kind.OUT_FOR_DELIVERY:
            values["recipient_code"] = _field(kind, payload, "recipient_code")
        note = _field(kind, payload, "reason") if kind == Kind.DELIVERY_FAILED else None
        return _SHIPMENT[kind], values, note
    if kind == Kind.FEEDBACK_ANSWERED:
        return _FEEDBACK_ANSWERED, {"code": _field(kind, payload, "code")}, payload.get("note")
    raise TemplateError(f"no template for the event kind {kind!r}")


_SHIPMENT = {
    Kind.OUT_FOR_DELIVERY: _OUT_FOR_DELIVERY, Kind.SHIPMENT_DELIVERED: _SHIPMENT_DELIVERED,
    Kind.DELIVERY_FAILED: _DELIVERY_FAILED,
}


def _shortened(words: str, fits: Callable[[str], bool]) -> str:
    """`words` whole if they fit, else the longest start that does, ending at a word and marked "…"
    ("" when not even one character fits). Binary search: rendering is on every message's path."""
    if fits(words):
        return words
    low, high = 0, len(words)  # words[:low] + "…" fits (or low is 0); words[:high] + "…" does not
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(words[:middle].rstrip() + "…") else (low, middle)
    if low == 0:
        return ""
    cut = words[:low]
    space = cut.rfind(" ")
    return (cut[:space] if space > low // 2 else cut).rstrip() + "…"  # a whole word, unless that loses half


def _sms(news: str, label: str, note: str, unicode: bool) -> str:
    def message(shown_note: str) -> str:
        text = f"{BRAND}: {news}" + (f" {label}{shown_note}" if shown_note else "")
        return text if unicode else to_gsm7(text)

    shown = _shortened(note, lambda candidate: segments(to_gsm7(message(candidate)), unicode=False) == 1)
    return message(shown if shown == note or len(shown) >= SMS_NOTE_MIN else "")


def render(kind: str, payload: Mapping[str, Any], lang: Lang, *, unicode: bool = False) -> Rendered:
    """The push and SMS texts of one event in the person's language; the SMS in GSM-7 unless `unicode`."""
    template, values, note = _parts(kind, payload)
    news = template.news[lang].format(**{k: vnd(v, lang) if k == "amount" else v for k, v in values.items()})
    label = template.note_label[lang] if template.note_label else ""
    words = " ".join(note.split()) if note and template.note_label else ""
    push_note = _shortened(words, lambda shown: len(shown) <= PUSH_NOTE_LIMIT)
    sms = _sms(news, label, words, unicode)
    if template.title is None:
        return Rendered(push_title=None, push_body=None, sms=sms)
    push_news = f"{news} {_RATE_INVITE[lang]}" if _invites_rating(kind, payload) else news
    push_body = f"{push_news} {label}{push_note}" if push_note else push_news
    return Rendered(push_title=template.title[lang], push_body=push_body, sms=sms)


def _invites_rating(kind: str, payload: Mapping[str, Any]) -> bool:
    return kind == Kind.STATUS_CHANGED and payload.get("to_state") in _RATE_STATES


def link(kind: str, payload: Mapping[str, Any], dossier_id: Any) -> str:
    """Where tapping the push leads in the PWA: the rating screen once the result is handed over, the sender's
    feedback for an answer, else the dossier."""
    if kind == Kind.FEEDBACK_ANSWERED:
        return "/#/phan-anh/cua-toi"
    if _invites_rating(kind, payload):
        return f"/#/ho-so/{dossier_id}/danh-gia"
    return f"/#/ho-so/{dossier_id}"


# Decrees 61/2018 and 107/2021 (replaced from 1 July 2025 by Decree 118/2025, DESIGN "Rules") make the
# one-stop office tell the applicant that the dossier was received (with its date), that papers must be
# added, that it was refused, and that the result is late (the apology letter with a new date). For a
# dossier filed online the SMS is that notice, so a preference cannot switch it off.
_LEGAL_STATES = frozenset({"received", "supplement_requested", "refused"})


def legally_required(kind: str, payload: Mapping[str, Any]) -> bool:
    """Whether the SMS must go whatever the person's preferences say."""
    if kind == Kind.STATUS_CHANGED:
        return _state(payload) in _LEGAL_STATES
    return kind == Kind.APOLOGY


def urgent(kind: str) -> bool:
    """Whether quiet hours are ignored: a sign-in code is wanted now, or not at all; a recipient's code while the
    courier is on the way."""
    return kind in (Kind.SIGN_IN_CODE, Kind.OUT_FOR_DELIVERY)


_SAMPLE_CODE = "000.00.06.H56-231027-0361"


def events() -> list[TemplateSample]:
    """One event of every template, with ordinary values, for the admin preview."""
    notes: dict[str, str | None] = {
        "supplement_requested": "Cần bổ sung: Bản sao giấy chứng nhận kết hôn. Ảnh trang 2 bị mờ, hãy chụp lại.",
        "refused": "Thủ tục này thuộc thẩm quyền của UBND cấp xã nơi bạn cư trú.",
        "processing": "Chuyển liên thông đến Sở Tư pháp tỉnh Khánh Hòa",
        "returned": "Người nhận: Nguyễn Thị Hồng Nhung",
        "stopped": "Người yêu cầu đã được cấp giấy này trước đây; đề nghị làm thủ tục cấp bản sao.",
    }
    samples = []
    for state in _STATUS:
        payload: dict[str, Any] = {"code": _SAMPLE_CODE, "to_state": state, "note": notes.get(state)}
        if state == "received":
            payload["due_date"] = "2023-11-03"
        if state in _FEE_STATES:
            payload["fee_total"] = 1_500_000
        samples.append(TemplateSample(Kind.STATUS_CHANGED, payload))
    samples.append(TemplateSample(Kind.STATUS_CHANGED, {
        "code": _SAMPLE_CODE, "to_state": "submitted", "action": "pay", "fee_total": 1_500_000, "note": None,
    }))
    reason = "Cần lấy ý kiến của cơ quan thuế về nghĩa vụ tài chính."
    samples.append(TemplateSample(Kind.APOLOGY, {
        "code": _SAMPLE_CODE, "reason": reason, "new_due_date": "2023-11-10",
        "note": f"Xin lỗi vì hồ sơ chậm trả kết quả: {reason}. Ngày hẹn trả mới: 10/11/2023.",
    }))
    samples.append(TemplateSample(Kind.REFUNDED, {"code": _SAMPLE_CODE, "amount": 1_500_000}))
    samples.append(TemplateSample(Kind.SIGN_IN_CODE, {"code": "481516"}))
    parcel = {"code": _SAMPLE_CODE, "tracking_code": "RA123456785VN"}
    samples.append(TemplateSample(Kind.OUT_FOR_DELIVERY, {**parcel, "recipient_code": "305512"}))
    samples.append(TemplateSample(Kind.SHIPMENT_DELIVERED, parcel))
    samples.append(TemplateSample(Kind.DELIVERY_FAILED, {**parcel, "reason": "Không có ai ở nhà, gọi điện không nghe máy."}))
    samples.append(TemplateSample(Kind.FEEDBACK_ANSWERED, {
        "code": "PA-231027-0012",
        "note": "Bộ phận một cửa đã bố trí thêm ghế chờ và quầy hướng dẫn từ ngày 01/11/2023. Cảm ơn ý kiến của bạn.",
    }))
    return samples


def previews(*, unicode: bool) -> list[TemplatePreview]:
    """Every sample in both languages, as the admin checks them before a province goes live."""
    result = []
    for sample in events():
        for lang in LANGS:
            rendered = render(sample.kind, sample.payload, lang, unicode=unicode)
            wide = render(sample.kind, sample.payload, lang, unicode=True).sms
            result.append(TemplatePreview(
                kind=sample.kind, sample={k: v for k, v in sample.payload.items()}, language=lang,
                push_title=rendered.push_title, push_body=rendered.push_body, sms=rendered.sms,
                sms_segments=segments(rendered.sms, unicode=unicode), sms_unicode_segments=segments(wide, unicode=True),
                legally_required=legally_required(sample.kind, sample.payload),
                sms_encoding="ucs2" if unicode else "gsm7", sms_units=units(rendered.sms, unicode=unicode),
            ))
    return result
