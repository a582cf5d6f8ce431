"""The fee engine: a pure function from a procedure's fee rule and a person's answers to an itemised amount.

No I/O here, so the rules are easy to test exhaustively. Amounts are integer VND. Bad answers raise
`FeeInputError` naming the field, with a Vietnamese message a citizen can act on.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Channel = Literal["counter", "online"]
Amount = Annotated[int, msgspec.Meta(ge=0)]


class Reduced(msgspec.Struct, forbid_unknown_fields=True):
    amount: Amount
    # Groups (nguoi_co_cong, hoc_sinh_sinh_vien, …) who pay the reduced amount.
    for_: list[str] = msgspec.field(name="for")


class PageTier(msgspec.Struct, forbid_unknown_fields=True):
    from_page: Annotated[int, msgspec.Meta(ge=1)]
    amount: Amount
    to_page: Annotated[int, msgspec.Meta(ge=1)] | None = None


class _Rule(msgspec.Struct, tag_field="kind", omit_defaults=True, forbid_unknown_fields=True):
    # Groups exempt from paying anything under this rule.
    exemptions: list[str] = []
    # False when the amount is an estimate still to be checked against the national database.
    verified: bool = True


class FreeFee(_Rule, tag="free"):
    pass


class FlatFee(_Rule, tag="flat"):
    amount: Amount = 0
    reduced: Reduced | None = None
    # Named alternatives to the base amount, e.g. {"lost_or_damaged": 400000}.
    variants: dict[str, Amount] = {}


class PerCopyFee(_Rule, tag="per_copy"):
    amount: Amount = 0


class PerPageFee(_Rule, tag="per_page"):
    tiers: list[PageTier] = []
    cap_per_copy: Amount | None = None


class ByChannelFee(_Rule, tag="by_channel"):
    counter: Amount = 0
    online: Amount = 0


FeeRule = FreeFee | FlatFee | PerCopyFee | PerPageFee | ByChannelFee


class FeeAnswers(msgspec.Struct, forbid_unknown_fields=True):
    """What the person says: how many copies and pages, how they file, which exemptions they claim."""

    copies: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1
    # UNSET rather than None when absent, so a wrong type reads "must be a whole number", not "or null".
    pages: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | msgspec.UnsetType = msgspec.UNSET
    channel: Channel = "online"
    exemptions: list[str] = []
    variant: str | None = None


class FeeLine(msgspec.Struct):
    label: str
    amount: int


class FeeQuote(msgspec.Struct):
    total: int
    lines: list[FeeLine]
    explanation: str
    currency: Literal["VND"] = "VND"


class FeeInputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


_GROUP_NAMES = {
    "nguoi_co_cong": "người có công với cách mạng",
    "ho_ngheo": "hộ nghèo",
    "nguoi_khuyet_tat": "người khuyết tật",
    "hoc_sinh_sinh_vien": "học sinh, sinh viên",
}
_VARIANT_NAMES = {"lost_or_damaged": "cấp lại do mất, hỏng"}
_CHANNEL_NAMES = {"counter": "nộp tại quầy", "online": "nộp trực tuyến"}


def vnd(amount: int) -> str:
    """`1250000` → `1.250.000 ₫`, the way Intl.NumberFormat('vi-VN') shows it."""
    return f"{amount:,}".replace(",", ".") + " ₫"


def group_name(code: str) -> str:
    return _GROUP_NAMES.get(code, code.replace("_", " "))


def _check(answers: FeeAnswers) -> None:
    # msgspec enforces these at the API edge; direct callers get the same guarantees.
    if not isinstance(answers.copies, int) or answers.copies < 1:
        raise FeeInputError("copies", "Số bản phải là số nguyên từ 1 trở lên.")
    if answers.pages is not msgspec.UNSET and (not isinstance(answers.pages, int) or answers.pages < 1):
        raise FeeInputError("pages", "Số trang phải là số nguyên từ 1 trở lên.")
    if answers.channel not in _CHANNEL_NAMES:
        raise FeeInputError("channel", "Hình thức nộp phải là 'counter' (tại quầy) hoặc 'online' (trực tuyến).")


def quote(rule: FeeRule, answers: FeeAnswers) -> FeeQuote:
    _check(answers)
    exempt = sorted(set(answers.exemptions) & set(rule.exemptions))
    if exempt:
        who = ", ".join(group_name(g) for g in exempt)
        return FeeQuote(0, [FeeLine(f"Miễn phí cho {who}", 0)], f"Được miễn phí, lệ phí ({who}).")
    match rule:
        case FreeFee():
            return FeeQuote(0, [], "Không thu phí, lệ phí.")
        case FlatFee():
            return _flat(rule, answers)
        case PerCopyFee():
            total = rule.amount * answers.copies
            line = FeeLine(f"{answers.copies} bản × {vnd(rule.amount)}", total)
            return FeeQuote(total, [line], f"{vnd(rule.amount)} mỗi bản × {answers.copies} bản = {vnd(total)}.")
        case PerPageFee():
            return _per_page(rule, answers)
        case ByChannelFee():
            amount = rule.online if answers.channel == "online" else rule.counter
            label = _CHANNEL_NAMES[answers.channel].capitalize()
            other = "counter" if answers.channel == "online" else "online"
            other_amount = rule.counter if other == "counter" else rule.online
            explanation = f"{label}: {vnd(amount)} ({_CHANNEL_NAMES[other]}: {vnd(other_amount)})."
            return FeeQuote(amount, [FeeLine(label, amount)], explanation)
    raise AssertionError(f"unknown fee rule {rule!r}")  # pragma: no cover


def _flat(rule: FlatFee, answers: FeeAnswers) -> FeeQuote:
    label, amount = "Lệ phí", rule.amount
    if answers.variant is not None:
        if answers.variant not in rule.variants:
            raise FeeInputError("variant", "Trường hợp đã chọn không áp dụng cho thủ tục này.")
        label, amount = f"Lệ phí ({_VARIANT_NAMES.get(answers.variant, answers.variant)})", rule.variants[answers.variant]
    reduced_for = sorted(set(answers.exemptions) & set(rule.reduced.for_)) if rule.reduced else []
    if rule.reduced and reduced_for and rule.reduced.amount < amount:
        who = ", ".join(group_name(g) for g in reduced_for)
        line = FeeLine(f"{label}, mức giảm cho {who}", rule.reduced.amount)
        return FeeQuote(line.amount, [line], f"{vnd(line.amount)} (giảm từ {vnd(amount)} cho {who}).")
    return FeeQuote(amount, [FeeLine(label, amount)], f"{vnd(amount)} mỗi hồ sơ.")


def page_amount(rule: PerPageFee, pages: int) -> int:
    """The fee for one copy of `pages` pages, before the cap."""
    total = 0
    for tier in rule.tiers:
        last = pages if tier.to_page is None else min(tier.to_page, pages)
        if last >= tier.from_page:
            total += (last - tier.from_page + 1) * tier.amount
    return total


def _per_page(rule: PerPageFee, answers: FeeAnswers) -> FeeQuote:
    if answers.pages is msgspec.UNSET:
        raise FeeInputError("pages", "Hãy nhập số trang của giấy tờ để tính lệ phí.")
    per_copy = page_amount(rule, answers.pages)
    capped = rule.cap_per_copy is not None and per_copy > rule.cap_per_copy
    if capped:
        per_copy = rule.cap_per_copy  # type: ignore[assignment]
    total = per_copy * answers.copies
    label = f"{answers.copies} bản × {answers.pages} trang"
    explanation = f"{vnd(per_copy)} mỗi bản ({answers.pages} trang"
    explanation += f", tối đa {vnd(rule.cap_per_copy)} mỗi bản)" if capped else ")"  # type: ignore[arg-type]
    explanation += f" × {answers.copies} bản = {vnd(total)}."
    return FeeQuote(total, [FeeLine(label, total)], explanation)


def describe(rule: FeeRule) -> str:
    """The rule in one Vietnamese sentence, for the procedure page."""
    match rule:
        case FreeFee():
            text = "Miễn phí"
        case FlatFee():
            text = f"{vnd(rule.amount)} mỗi hồ sơ"
            for name, amount in rule.variants.items():
                text += f"; {_VARIANT_NAMES.get(name, name.replace('_', ' '))}: {vnd(amount)}"
            if rule.reduced:
                who = ", ".join(group_name(g) for g in rule.reduced.for_)
                text += f"; {who}: {vnd(rule.reduced.amount)}"
        case PerCopyFee():
            text = f"{vnd(rule.amount)} mỗi bản"
        case PerPageFee():
            parts = []
            for tier in rule.tiers:
                pages = f"trang {tier.from_page}–{tier.to_page}" if tier.to_page else f"từ trang {tier.from_page}"
                parts.append(f"{pages}: {vnd(tier.amount)}/trang")
            text = ", ".join(parts)
            if rule.cap_per_copy is not None:
                text += f"; tối đa {vnd(rule.cap_per_copy)} mỗi bản"
        case ByChannelFee():
            text = f"Nộp trực tuyến: {vnd(rule.online)}; nộp tại quầy: {vnd(rule.counter)}"
        case _:  # pragma: no cover
            raise AssertionError(f"unknown fee rule {rule!r}")
    if rule.exemptions:
        text += "; miễn cho " + ", ".join(group_name(g) for g in rule.exemptions)
    return text + "."
