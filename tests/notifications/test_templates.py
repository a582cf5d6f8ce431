"""Message templates: every event in both languages, push in full Vietnamese, SMS in one GSM-7 segment
with the longest values a dossier can have."""

from __future__ import annotations

import re

from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.accounts.service import CODE_LIFETIME
from backend.agency_codes import commune_agency_code
from backend.dossiers.lifecycle import State
from backend.notifications.outbox import Kind
from backend.i18n import LANGS, Lang
from backend.notifications.gsm import is_gsm7, segments, to_gsm7
from backend.notifications.templates import (
    BRAND, PUSH_NOTE_LIMIT, SILENT_STATES, TemplateError, TemplateSample, events, legally_required, render, urgent,
)
from backend.processing.schemas import ActionInput, ApologyInput

# The longest code the service makes: a 13-character agency identifier, yyMMdd, a 4-digit daily number.
LONGEST_CODE = f"{commune_agency_code('56', 22333)}-251231-9999"
# Officers may write up to 2000 characters (processing.schemas: Note, ApologyInput.reason).
LONGEST_NOTE = (
    "Hồ sơ thiếu bản sao có chứng thực giấy khai sinh của người được đăng ký; ảnh chụp trang hai bị mờ, "
    "không đọc được số định danh cá nhân, đề nghị chụp lại rõ nét và nộp bổ sung trong thời hạn quy định. "
) * 10
LONGEST_NOTE = LONGEST_NOTE[:2000]
VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐ")

# The next step each template must give, as the push says it (the SMS says it without diacritics).
NEXT_STEP: dict[str, tuple[str, str]] = {
    State.SUBMITTED: ("Bạn sẽ nhận tin khi cán bộ tiếp nhận", "You will hear when an officer receives it"),
    State.AWAITING_PAYMENT: ("Hãy nộp trong ứng dụng hoặc tại quầy", "Pay it in the app or at the counter"),
    State.RECEIVED: ("Phiếu hẹn có trong ứng dụng", "The receipt is in the app"),
    State.SUPPLEMENT_REQUESTED: ("Hãy bổ sung trong ứng dụng rồi nộp lại", "Add them in the app, then send it again"),
    State.REFUSED: ("Bạn có thể nộp hồ sơ mới", "You may file a new one"),
    State.PROCESSING: ("Bạn sẽ nhận tin khi có kết quả", "You will hear when the result is ready"),
    State.RESULT_READY: ("Tải bản điện tử trong ứng dụng", "Download it in the app"),
    State.RESULT_AWAITING_PAYMENT: ("trong ứng dụng hoặc tại quầy để nhận", "in the app or at the counter to receive it"),
    "paid": ("Biên lai điện tử có trong ứng dụng", "The e-receipt is in the app"),
    State.RETURNED: ("Không phải bạn nhận? Hãy báo ngay nơi nộp", "Not you? Tell the office at once"),
    State.DELIVERING: ("Hãy giữ máy để bưu tá gọi", "Keep your phone on for the postman's call"),
    State.DELIVERED: ("Nếu bạn chưa nhận được, hãy báo ngay", "If you did not get it, tell the office"),
    State.STOPPED: ("Xem hướng dẫn trong ứng dụng", "See what to do in the app"),
    State.WITHDRAWN: ("Bạn có thể nộp hồ sơ mới", "You may file a new one"),
    Kind.APOLOGY: ("Ngày hẹn mới: 10/11/2023", "The new date for the result: 10/11/2023"),
    Kind.SIGN_IN_CODE: ("Không chia sẻ mã này", "Do not share it"),
    Kind.REFUNDED: ("như bạn đã nộp", "the way you paid it"),
    Kind.OUT_FOR_DELIVERY: ("Chỉ đọc mã cho bưu tá khi đã nhận", "Tell it only once you have it"),
    Kind.SHIPMENT_DELIVERED: ("Chưa nhận được? Hãy báo ngay nơi nộp", "Not received? Tell the office at once"),
    Kind.DELIVERY_FAILED: ("sẽ giao lại", "we will try again"),
    Kind.FEEDBACK_ANSWERED: ("Xem đầy đủ ở mục Tra cứu phản ánh", "Read it all under Feedback look-up"),
}
REASONS = {State.SUPPLEMENT_REQUESTED, State.REFUSED, State.STOPPED}


def name(sample: TemplateSample) -> str:
    if sample.payload.get("action") == "pay":
        return "paid"
    return sample.payload["to_state"] if sample.kind == Kind.STATUS_CHANGED else sample.kind


def longest(sample: TemplateSample) -> dict[str, Any]:
    payload = dict(sample.payload)
    if sample.kind != Kind.SIGN_IN_CODE:
        payload["code"] = LONGEST_CODE
    for field in ("note", "reason"):
        if field in payload:
            payload[field] = LONGEST_NOTE
    for field in ("fee_total", "amount"):
        if field in payload:
            payload[field] = LARGEST_FEE
    return payload


# The largest fee a procedure's rule can add up to is in the millions (business registration with copies);
# nine digits leave room.
LARGEST_FEE = 999_999_999
SAMPLES = events()
EVERY = [pytest.param(s, lang, id=f"{name(s)}-{lang}") for s in SAMPLES for lang in LANGS]


def test_the_longest_values_are_those_the_api_allows() -> None:
    assert len(LONGEST_CODE) == 25  # DESIGN "Codes": 000.00.06.H56-231027-0361
    for schema, field in ((ActionInput, "note"), (ApologyInput, "reason")):
        declared = next(f.type for f in msgspec.inspect.type_info(schema).fields if f.name == field)
        longest_allowed = max(t.max_length for t in getattr(declared, "types", (declared,)) if hasattr(t, "max_length"))
        assert len(LONGEST_NOTE) == longest_allowed


def test_every_state_is_templated_or_deliberately_silent() -> None:
    sampled = {s.payload["to_state"] for s in SAMPLES if s.kind == Kind.STATUS_CHANGED}
    for state in State:
        payload = {
            "code": LONGEST_CODE, "to_state": state.value, "note": None, "due_date": "2025-12-31", "fee_total": LARGEST_FEE,
        }
        if state in SILENT_STATES:
            assert state.value not in sampled
            with pytest.raises(TemplateError, match="silent"):
                render(Kind.STATUS_CHANGED, payload, "vi")
        else:
            assert state.value in sampled
            assert render(Kind.STATUS_CHANGED, payload, "vi").sms
    assert SILENT_STATES == {State.DRAFT, State.PENDING_APPROVAL}


def test_every_kind_the_outbox_writes_has_samples() -> None:
    assert {k.value for k in Kind} | {Kind.SIGN_IN_CODE} == {s.kind for s in SAMPLES}


@pytest.mark.parametrize(("sample", "lang"), EVERY)
def test_sms_is_one_gsm7_segment_with_the_longest_values(sample: TemplateSample, lang: Lang) -> None:
    payload = longest(sample)
    sms = render(sample.kind, payload, lang).sms
    assert is_gsm7(sms)
    assert segments(sms, unicode=False) == 1, sms
    assert sms.startswith(f"{BRAND}: ")
    assert payload["code"] in sms
    assert to_gsm7(NEXT_STEP[name(sample)][lang == "en"]) in sms


@pytest.mark.parametrize(("sample", "lang"), EVERY)
def test_the_unicode_sms_keeps_the_words_and_diacritics_in_two_or_three_segments(sample: TemplateSample, lang: Lang) -> None:
    payload = longest(sample)
    gsm, unicode = render(sample.kind, payload, lang).sms, render(sample.kind, payload, lang, unicode=True).sms
    assert to_gsm7(unicode) == gsm  # the same words, cut at the same place
    parts = segments(unicode, unicode=True)
    print(f"{name(sample)} {lang}: UCS-2 {parts} segments, {len(unicode)} characters")
    assert 2 <= parts <= 3
    assert NEXT_STEP[name(sample)][lang == "en"] in unicode
    if lang == "vi":
        assert VIETNAMESE_LETTERS & set(unicode)


@pytest.mark.parametrize(("sample", "lang"), [p for p in EVERY if p.values[0].kind != Kind.SIGN_IN_CODE])
def test_push_names_the_dossier_the_status_and_the_next_step_in_full(sample: TemplateSample, lang: Lang) -> None:
    payload = longest(sample)
    rendered = render(sample.kind, payload, lang)
    assert rendered.push_title and rendered.push_body
    assert payload["code"] in rendered.push_body
    assert NEXT_STEP[name(sample)][lang == "en"] in rendered.push_body
    if lang == "vi":
        assert VIETNAMESE_LETTERS & set(rendered.push_title) and VIETNAMESE_LETTERS & set(rendered.push_body)


@pytest.mark.parametrize("sample", [pytest.param(s, id=name(s)) for s in SAMPLES])
def test_english_reads_as_english(sample: TemplateSample) -> None:
    rendered = render(sample.kind, {**sample.payload, "note": None, "reason": "-"}, "en")
    for text in (rendered.push_title, rendered.push_body, rendered.sms):
        if text is None:
            continue
        assert not VIETNAMESE_LETTERS & set(text)
        words = set(to_gsm7(text).lower().replace(".", " ").replace(",", " ").split())
        assert words & {"you", "your", "the", "dossier"}
        assert not words & {"ho", "so", "ban", "cua", "da", "duoc", "ket", "qua", "hay"}


def test_a_short_reason_goes_whole_into_both_and_a_long_one_is_cut_at_a_word() -> None:
    reason = "Thủ tục này thuộc thẩm quyền của UBND cấp xã nơi bạn cư trú."
    payload = {"code": LONGEST_CODE, "to_state": "refused", "note": reason}
    short = render(Kind.STATUS_CHANGED, payload, "vi")
    assert short.push_body.endswith(f"Lý do: {reason}")
    assert short.sms.endswith(f"Ly do: {to_gsm7(reason)}")

    cut = render(Kind.STATUS_CHANGED, {**payload, "note": LONGEST_NOTE}, "vi")
    shown = cut.sms.split("Ly do: ", 1)[1]
    assert shown.endswith("...") and to_gsm7(LONGEST_NOTE).startswith(shown.removesuffix("..."))
    assert to_gsm7(LONGEST_NOTE)[len(shown) - 3] == " "  # cut before a space, not inside a word
    pushed = cut.push_body.split("Lý do: ", 1)[1]
    assert pushed.endswith("…") and len(pushed) <= PUSH_NOTE_LIMIT + 1 and LONGEST_NOTE.startswith(pushed[:-1])


@pytest.mark.parametrize(("sample", "lang"), [p for p in EVERY if name(p.values[0]) in REASONS | {Kind.APOLOGY, Kind.DELIVERY_FAILED}])
def test_a_reason_always_keeps_at_least_40_septets_of_the_sms(sample: TemplateSample, lang: Lang) -> None:
    label = "Ly do: " if lang == "vi" else "Reason: "
    if name(sample) == State.SUPPLEMENT_REQUESTED:
        label = "Yeu cau: " if lang == "vi" else "Request: "
    sms = render(sample.kind, longest(sample), lang).sms
    assert len(sms.split(label, 1)[1]) >= 40


def test_the_note_is_on_one_line_and_a_stub_of_it_is_left_out() -> None:
    payload = {"code": LONGEST_CODE, "to_state": "returned", "note": "Người nhận:\n  Nguyễn Thị\tHồng Nhung\r\n"}
    rendered = render(Kind.STATUS_CHANGED, payload, "vi")
    assert rendered.push_body.endswith("Cán bộ ghi: Người nhận: Nguyễn Thị Hồng Nhung")
    assert rendered.sms.endswith("Can bo ghi: Nguoi nhan: Nguyen Thi Hong Nhung")
    # Who collected the result is what the citizen checks: it fits beside the longest code in English too.
    english = render(Kind.STATUS_CHANGED, payload, "en").sms
    assert english.endswith("Officer's note: Nguoi nhan: Nguyen Thi Hong Nhung") and segments(english, unicode=False) == 1
    # result_ready leaves under 20 septets for the officer's words: a stub would say nothing.
    ready = render(Kind.STATUS_CHANGED, {"code": LONGEST_CODE, "to_state": "result_ready", "note": LONGEST_NOTE}, "en")
    assert "Officer's note" not in ready.sms and "Officer's note: " in ready.push_body


def test_received_gives_the_due_date_and_not_the_note_that_repeats_it() -> None:
    payload = {"code": LONGEST_CODE, "to_state": "received", "due_date": "2025-03-07",
               "note": "Ngày hẹn trả kết quả: 07/03/2025"}
    vi, en = render(Kind.STATUS_CHANGED, payload, "vi"), render(Kind.STATUS_CHANGED, payload, "en")
    assert "hẹn trả kết quả ngày 07/03/2025" in vi.push_body and vi.push_body.count("07/03/2025") == 1
    assert "due on 07/03/2025" in en.sms
    with pytest.raises(TemplateError, match="due_date"):
        render(Kind.STATUS_CHANGED, {**payload, "due_date": None}, "vi")


def test_the_apology_gives_the_new_date_and_the_reason() -> None:
    payload = {"code": LONGEST_CODE, "reason": "Chờ ý kiến cơ quan thuế", "new_due_date": "2025-04-01", "note": "…"}
    rendered = render(Kind.APOLOGY, payload, "vi")
    assert rendered.push_body.endswith("Ngày hẹn mới: 01/04/2025. Lý do: Chờ ý kiến cơ quan thuế")
    assert rendered.sms.endswith("Ngay hen moi: 01/04/2025. Ly do: Cho y kien co quan thue")


@pytest.mark.parametrize("lang", LANGS)
def test_the_sign_in_code_goes_by_sms_only_and_is_the_one_six_digit_number_in_it(lang: Lang) -> None:
    rendered = render(Kind.SIGN_IN_CODE, {"code": "093715"}, lang)
    assert rendered.push_title is None and rendered.push_body is None
    assert re.findall(r"\b[0-9]{6}\b", rendered.sms) == ["093715"]
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    assert f"{minutes} {'phut' if lang == 'vi' else 'minutes'}" in rendered.sms


@pytest.mark.parametrize(
    ("kind", "payload", "message"),
    [
        ("dossier.paid", {"code": LONGEST_CODE}, "no template for the event kind 'dossier.paid'"),
        (Kind.STATUS_CHANGED, {"code": LONGEST_CODE, "to_state": "paid"}, "'paid' is not a dossier state"),
        (Kind.STATUS_CHANGED, {"code": LONGEST_CODE}, "needs 'to_state'"),
        (Kind.STATUS_CHANGED, {"to_state": "refused", "note": "x"}, "needs 'code'"),
        (Kind.APOLOGY, {"code": LONGEST_CODE, "reason": "x"}, "needs 'new_due_date'"),
        (Kind.APOLOGY, {"code": LONGEST_CODE, "reason": "x", "new_due_date": "01/04/2025"}, "'01/04/2025' is not an ISO date"),
        (Kind.APOLOGY, {"code": LONGEST_CODE, "new_due_date": "2025-04-01", "reason": ""}, "needs 'reason'"),
        (Kind.SIGN_IN_CODE, {}, "needs 'code'"),
    ],
)
def test_what_has_no_template_is_a_clear_error(kind: str, payload: dict[str, Any], message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        render(kind, payload, "vi")


@pytest.mark.parametrize(
    ("kind", "state", "required"),
    [
        (Kind.STATUS_CHANGED, "received", True),
        (Kind.STATUS_CHANGED, "supplement_requested", True),
        (Kind.STATUS_CHANGED, "refused", True),
        (Kind.APOLOGY, None, True),
        *[(Kind.STATUS_CHANGED, s.value, False) for s in State
          if s not in SILENT_STATES and s not in {State.RECEIVED, State.SUPPLEMENT_REQUESTED, State.REFUSED}],
        (Kind.SIGN_IN_CODE, None, False),
    ],
)
def test_sms_the_law_requires(kind: str, state: str | None, required: bool) -> None:
    assert legally_required(kind, {"code": LONGEST_CODE, "to_state": state}) is required


def test_only_sign_in_codes_and_the_recipients_code_ignore_quiet_hours() -> None:
    codes = {Kind.SIGN_IN_CODE, Kind.OUT_FOR_DELIVERY}
    assert all(urgent(kind) for kind in codes)
    assert not any(urgent(s.kind) for s in SAMPLES if s.kind not in codes)


@pytest.mark.parametrize("lang", LANGS)
def test_out_for_delivery_carries_the_recipients_code_and_the_tracking_code(lang: Lang) -> None:
    payload = {"code": LONGEST_CODE, "tracking_code": "RA123456785VN", "recipient_code": "040917"}
    sms = render(Kind.OUT_FOR_DELIVERY, payload, lang).sms
    assert ("Ma nhan: 040917." if lang == "vi" else "Your code: 040917.") in sms and "RA123456785VN" in sms
    with pytest.raises(TemplateError, match="recipient_code"):
        render(Kind.OUT_FOR_DELIVERY, {**payload, "recipient_code": None}, lang)


def test_a_failed_attempt_gives_the_couriers_reason() -> None:
    payload = {"code": LONGEST_CODE, "tracking_code": "RA123456785VN", "reason": "Không có ai ở nhà"}
    assert render(Kind.DELIVERY_FAILED, payload, "vi").sms.endswith("Ly do: Khong co ai o nha")
    assert render(Kind.DELIVERY_FAILED, payload, "en").push_body.endswith("Reason: Không có ai ở nhà")


@given(note=st.text(max_size=3000), state=st.sampled_from(sorted(REASONS | {State.RETURNED})), lang=st.sampled_from(LANGS))
def test_whatever_the_officer_writes_the_sms_stays_one_segment_with_code_and_next_step(note: str, state: State, lang: Lang) -> None:
    sms = render(Kind.STATUS_CHANGED, {"code": LONGEST_CODE, "to_state": state.value, "note": note}, lang).sms
    assert is_gsm7(sms) and segments(sms, unicode=False) == 1
    assert LONGEST_CODE in sms and to_gsm7(NEXT_STEP[state][lang == "en"]) in sms
