"""Satisfaction ratings and feedback (phản ánh, kiến nghị) with answers.

Ratings:
- The citizen who owns a dossier rates it once its result is in their hands (returned or delivered): the nine
  criteria (`criteria.CRITERIA`, 0/1/2 each), an overall 1–5 and an optional comment. A second rating is a 409.
- **Nobody can tell who rated what.** A rating is stored with its agency and the day only, under a random id; the
  dossier goes into `rated_dossiers`, which keeps "once per dossier" and has no link to the rating (migrations/014).
  Officers, leaders and administrators see an agency's aggregates over a period, and only from `MIN_RATINGS`
  ratings on: with fewer, an average would be one or two people's scores, so the answer says there are not enough.
  The public dashboard (stats) sums the ratings per agency and day into its summary (`ratings_per_agency_day`) and
  shows the same index (`index_percent`) under the same minimum.

Feedback:
- A signed-in citizen, or anyone who confirms a phone with a one-time code (accounts.confirm_phone), sends feedback
  to an agency, optionally about one of their own dossiers, and gets a short tracking code (PA-yyMMdd-NNNN).
- It is due `Settings.feedback_answer_days` working days later (processing's working calendar); the agency's queue
  (its officers, and the desk that receives for it) shows the due date and flags overdue ones.
- An officer answers once; the answer reaches the sender through the outbox (the app and SMS for a citizen, SMS to
  the confirmed phone otherwise). With `publish`, the question and answer appear in the public Q&A with phone
  numbers, ID numbers and dossier codes masked (`anonymise`): the officer publishes only what names nobody else.
- Up to three photos go with feedback, each uploaded on its own first (`upload_photo`, before the send, so a slow
  3G upload never holds the text hostage): checked from its headers as the documents domain checks a page photo
  (documents.imaging, at most 15 MB) and kept in object storage. Signed out, the upload carries the phone and the
  code that the send then uses up (accounts.check_phone_code leaves it live). A photo belongs to its uploader until
  their feedback takes it; nobody else's send can. Abuse is bounded: uploads are counted per address and per sender
  (accounts.limits), and photos no feedback took within a day are deleted by later uploads (`sweep_unsent_photos`).
  Only the agency's officers fetch the photos; the public Q&A never shows them.
- The public Q&A shows published answers only, searchable without diacritics (catalog.search's folding).
- Anyone with the tracking code and the phone's last four digits reads its status; wrong guesses are capped as the
  dossier look-up's are (accounts.limits).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from datetime import date, datetime, timedelta
from uuid import UUID

import asyncpg
import msgspec
from redis.asyncio import Redis

from backend import clock
from backend.accounts import limits
from backend.accounts import service as accounts
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal, deny_unless
from backend.accounts.schemas import Role
from backend.catalog.search import fold, words
from backend.cursors import decode_cursor, encode_cursor
from backend.dossiers import service as dossiers
from backend.documents import imaging
from backend.dossiers.lifecycle import State
from backend.errors import INVALID_INPUT, FieldText, Problem
from backend.feedback import queries
from backend.feedback.criteria import CODES, CRITERIA, MAX_POINTS
from backend.feedback.schemas import (
    AnswerInput, CriterionAverage, CriterionView, FeedbackInput, FeedbackPage, FeedbackPhoto, FeedbackView, FeedbackLookupInput,
    OfficeFeedback, OfficeFeedbackPage, PublishedItem, PublishedPage, RatingInput, RatingStatus, Satisfaction,
)
from backend.i18n import Lang, Text
from backend.ids import new_id
from backend.idempotency import request_fingerprint, run_once
from backend.notifications import outbox
from backend.processing.service import work_calendar
from backend.settings import Settings
from backend.storage import ObjectStorage

log = logging.getLogger(__name__)

MIN_RATINGS = 5
RATEABLE = frozenset({State.RETURNED, State.DELIVERED})


# --- ratings -------------------------------------------------------------------------------------------------

def criteria_in(lang: Lang) -> list[CriterionView]:
    return [CriterionView(c.code, c.question[lang], [choice[lang] for choice in c.choices]) for c in CRITERIA]


async def rating_status(db: asyncpg.Pool, user: Principal, dossier_id: UUID, lang: Lang) -> RatingStatus:
    dossier = await dossiers.load_own(db, user, dossier_id)
    rated = await queries.is_rated(db, dossier_id)
    return RatingStatus(
        dossier_id=dossier_id, rated=rated, may_rate=not rated and dossier["state"] in RATEABLE, criteria=criteria_in(lang),
    )


def _already_rated() -> Problem:
    return Problem(
        409, "already_rated", Text("Bạn đã đánh giá", "Already rated"),
        Text("Mỗi hồ sơ chỉ được đánh giá một lần, và hồ sơ này đã được đánh giá. Cảm ơn bạn.",
             "Each dossier is rated once, and this one has been. Thank you."),
    )


def _not_yet() -> Problem:
    return Problem(
        409, "not_rateable_yet", Text("Chưa thể đánh giá", "Not yet time to rate"),
        Text("Bạn có thể đánh giá khi đã nhận kết quả của hồ sơ.", "You can rate the service once you have the result."),
    )


def _scores(data: RatingInput) -> list[int]:
    missing = [code for code in CODES if code not in data.scores]
    unknown = sorted(set(data.scores) - set(CODES))
    if missing or unknown:
        detail = Text(
            "Hãy chấm điểm đủ 9 tiêu chí (0, 1 hoặc 2 điểm mỗi tiêu chí).",
            "Score all 9 criteria (0, 1 or 2 points each).",
        )
        errors = [FieldText(f"scores.{code}", detail) for code in missing + unknown]
        raise Problem(422, "incomplete_rating", INVALID_INPUT, detail, errors=errors)
    return [data.scores[code] for code in CODES]


async def rate(db: asyncpg.Pool, user: Principal, dossier_id: UUID, data: RatingInput, lang: Lang) -> RatingStatus:
    scores = _scores(data)
    async with db.acquire() as conn, conn.transaction():
        dossier = await dossiers.load_own(conn, user, dossier_id)
        if dossier["state"] not in RATEABLE:
            raise _not_yet()
        if not await queries.mark_rated(conn, dossier_id):
            raise _already_rated()
        comment = " ".join(data.comment.split()) if data.comment else None
        await queries.insert_rating(conn, dossier["agency_code"], clock.today(), scores, data.overall, comment or None)
    return RatingStatus(dossier_id=dossier_id, rated=True, may_rate=False, criteria=criteria_in(lang))


def _invalid_period() -> Problem:
    return Problem(
        422, "invalid_period", Text("Khoảng thời gian không hợp lệ", "The period is not valid"),
        Text("Ngày kết thúc phải sau ngày bắt đầu.", "The end date must be after the start date."),
    )


def _unknown_agency() -> Problem:
    return Problem(
        404, "agency_not_found", Text("Không tìm thấy cơ quan", "Agency not found"),
        Text("Không có cơ quan với mã này. Hãy chọn cơ quan trong danh sách.", "No agency has this code. Choose one from the list."),
    )


def index_percent(points_average: float) -> float:
    """The satisfaction index of an average rating: its points out of the most the nine criteria give (MAX_POINTS),
    a percentage with one decimal. The dashboard's index is this one."""
    return round(100 * points_average / MAX_POINTS, 1)


async def ratings_per_agency_day(conn: asyncpg.Connection, since: date | None) -> list[asyncpg.Record]:
    """For the public dashboard (stats): per agency and Vietnam day from `since` on (all when null), the ratings given
    (columns agency_code, day, ratings), their nine criteria's points added up (points) and their overall 1–5 added
    up (overall). Sums only; the dashboard shows averages from MIN_RATINGS ratings on, as `satisfaction` does."""
    return await queries.ratings_per_agency_day(conn, since)


async def satisfaction(conn: asyncpg.Connection | asyncpg.Pool, agency_code: str, start: date, end: date, lang: Lang = "vi") -> Satisfaction:
    """An agency's satisfaction over [start, end) (Vietnam's days): averages from MIN_RATINGS ratings on, else a
    sentence saying there are not enough."""
    if end <= start:
        raise _invalid_period()
    name = await queries.agency_name(conn, agency_code)
    if name is None:
        raise _unknown_agency()
    row = await queries.satisfaction(conn, agency_code, start, end)
    count, enough = row["ratings"], row["ratings"] >= MIN_RATINGS
    common = {"agency_code": agency_code, "agency_name": name, "start": start, "end": end, "ratings": count,
              "minimum": MIN_RATINGS, "enough": enough}
    if not enough:
        message = Text(
            f"Chưa đủ đánh giá: cần ít nhất {MIN_RATINGS} lượt trong kỳ để công bố điểm trung bình (hiện có {count}).",
            f"Not enough ratings: at least {MIN_RATINGS} in the period are needed before averages are shown (there are {count}).",
        )
        return Satisfaction(**common, message=message[lang], overall_average=None, points_average=None,
                            index_percent=None, criteria=[])
    points = row["points_average"]
    return Satisfaction(
        **common, message=None, overall_average=round(row["overall_average"], 2), points_average=round(points, 2),
        index_percent=index_percent(points),
        criteria=[CriterionAverage(c.code, c.question[lang], round(avg, 2)) for c, avg in zip(CRITERIA, row["criterion_averages"])],
    )


async def office_satisfaction(
    db: asyncpg.Pool, user: Principal, start: date, end: date, agency_code: str | None, lang: Lang,
) -> Satisfaction:
    """Staff see their own agency's; the administrator any agency's (`agency_code`, their own by default)."""
    if agency_code and agency_code != user.agency_code:
        deny_unless(user.has_role(Role.ADMIN), may_know_it_exists=True)
    code = agency_code or user.agency_code
    if code is None:
        raise _unknown_agency()
    return await satisfaction(db, code, start, end, lang)


# --- feedback: sending ---------------------------------------------------------------------------------------

STATE_WORDS: dict[str, Text] = {
    "sent": Text("Đã gửi, chờ cơ quan trả lời", "Sent, waiting for the agency's answer"),
    "answered": Text("Đã trả lời", "Answered"),
}


def _phone_needed() -> Problem:
    detail = Text(
        "Hãy đăng nhập, hoặc nhập số điện thoại và mã xác thực gửi tới số đó.",
        "Sign in, or enter your phone number and the code sent to it.",
    )
    return Problem(422, "phone_not_confirmed", INVALID_INPUT, detail, errors=[FieldText("phone", detail)])


def _dossier_needs_sign_in() -> Problem:
    detail = Text("Hãy đăng nhập để phản ánh về một hồ sơ của bạn.", "Sign in to send feedback about one of your dossiers.")
    return Problem(422, "dossier_needs_sign_in", INVALID_INPUT, detail, errors=[FieldText("dossier_id", detail)])


async def _tracking_code(conn: asyncpg.Connection, now: datetime) -> str:
    day = now.astimezone(clock.VIETNAM).date()
    return f"PA-{day:%y%m%d}-{await queries.next_tracking_number(conn, day):04d}"


async def _send_once(
    db: asyncpg.Pool, conn: asyncpg.Connection, redis: Redis, settings: Settings, user: Principal | None,
    data: FeedbackInput, origin: Origin, lang: Lang,
) -> FeedbackView:
    if await queries.agency_name(conn, data.agency_code) is None:
        raise _unknown_agency()
    if len(data.photo_ids) > PHOTOS_PER_FEEDBACK:
        raise _too_many_photos()
    if user is not None and user.is_citizen:
        citizen_id, phone = user.id, user.label
        if data.dossier_id is not None:
            await dossiers.load_own(conn, user, data.dossier_id)
    else:
        if data.dossier_id is not None:
            raise _dossier_needs_sign_in()
        if not data.phone or not data.code:
            raise _phone_needed()
        citizen_id, phone = None, await accounts.confirm_phone(db, conn, redis, settings, data.phone, data.code, origin)
    now = clock.now()
    calendar = await work_calendar(conn)
    feedback_id = new_id()
    await queries.insert_feedback(conn, {
        "id": feedback_id, "tracking_code": await _tracking_code(conn, now), "agency_code": data.agency_code,
        "citizen_id": citizen_id, "phone": phone, "language": lang, "dossier_id": data.dossier_id,
        "body": data.body.strip(), "due_on": calendar.add_working_days(now.astimezone(clock.VIETNAM).date(), settings.feedback_answer_days),
        "created_at": now,
    })
    if data.photo_ids:
        await _attach_photos(conn, feedback_id, data.photo_ids, citizen_id, phone)
    return _view(await queries.feedback(conn, feedback_id), lang)


async def send(
    db: asyncpg.Pool, redis: Redis, settings: Settings, user: Principal | None, data: FeedbackInput, key: str,
    body: bytes, origin: Origin, lang: Lang,
) -> FeedbackView:
    """Once per Idempotency-Key: a retried send returns the first answer (and its tracking code)."""
    scope = f"feedback:{user.id if user else 'phone:' + (data.phone or '')}"
    async with db.acquire() as conn:
        answer = await run_once(
            conn, scope, key, request_fingerprint(body),
            lambda c: _send_once(db, c, redis, settings, user, data, origin, lang),
        )
    return msgspec.convert(answer, FeedbackView)


# --- feedback: photos ----------------------------------------------------------------------------------------

PHOTOS_PER_FEEDBACK = 3
# Uploads per address (a centre's shared Wi-Fi serves many people) and per sender (four feedbacks' worth, retakes
# included); a photo no feedback took within UNSENT_PHOTO_LIFETIME is deleted, SWEEP_BATCH at a time.
PHOTOS_PER_IP = limits.Limit("feedback-photo-ip", 60, 3600)
PHOTOS_PER_SENDER = limits.Limit("feedback-photo", 12, 3600)
UNSENT_PHOTO_LIFETIME = timedelta(days=1)
SWEEP_BATCH = 20
_PHOTO_TRIES = Text("Đã gửi quá nhiều ảnh phản ánh.", "Too many feedback photos were sent.")


def _too_many_photos() -> Problem:
    detail = Text(
        f"Mỗi phản ánh kèm tối đa {PHOTOS_PER_FEEDBACK} ảnh. Hãy bỏ bớt ảnh rồi gửi lại.",
        f"Feedback may carry at most {PHOTOS_PER_FEEDBACK} photos. Remove some and send it again.",
    )
    return Problem(422, "too_many_photos", INVALID_INPUT, detail, errors=[FieldText("photo_ids", detail)])


def _photo_not_yours() -> Problem:
    detail = Text(
        "Một ảnh đính kèm không còn trên máy chủ hoặc không do bạn tải lên (ảnh chưa gửi được giữ một ngày). "
        "Hãy xoá ảnh đó, chọn lại rồi gửi.",
        "An attached photo is no longer on the server or was not uploaded by you (photos not sent are kept for a "
        "day). Remove it, add it again and send.",
    )
    return Problem(422, "feedback_photo_unavailable", INVALID_INPUT, detail, errors=[FieldText("photo_ids", detail)])


async def _attach_photos(conn: asyncpg.Connection, feedback_id: UUID, photo_ids: list[UUID], citizen_id: UUID | None, phone: str) -> None:
    # A repeated id takes one photo only, so it fails the count as a stranger's photo does.
    if await queries.attach_photos(conn, feedback_id, photo_ids, citizen_id, phone) != len(photo_ids):
        raise _photo_not_yours()


async def upload_photo(
    db: asyncpg.Pool, redis: Redis, storage: ObjectStorage, settings: Settings, user: Principal | None,
    phone: str | None, code: str | None, data: bytes, origin: Origin,
) -> FeedbackPhoto:
    """Keep one photo for the sender's coming feedback: a signed-in citizen's, or a phone's proved by its live code."""
    prefix = settings.redis_prefix
    await limits.hit(redis, prefix, PHOTOS_PER_IP, origin.rate_key, _PHOTO_TRIES)
    if user is not None and user.is_citizen:
        citizen_id, owner_phone, sender = user.id, None, str(user.id)
    else:
        if not phone or not code:
            raise _phone_needed()
        citizen_id, owner_phone = None, await accounts.check_phone_code(db, redis, settings, phone, code, origin)
        sender = owner_phone
    await limits.hit(redis, prefix, PHOTOS_PER_SENDER, sender, _PHOTO_TRIES)
    if len(data) > imaging.MAX_UPLOAD_BYTES:
        raise imaging.upload_too_large()
    # Headers only, no pixels decoded: the request holds no more than the upload itself.
    info = await asyncio.to_thread(imaging.inspect_upload, data)
    photo_id = new_id()
    key = f"feedback/{photo_id}"
    await storage.put(key, data, content_type=info.media_type)
    await queries.insert_photo(db, photo_id, citizen_id, owner_phone, key, info.media_type, len(data))
    await sweep_unsent_photos(db, storage)
    return FeedbackPhoto(id=photo_id, media_type=info.media_type, bytes=len(data))


async def sweep_unsent_photos(db: asyncpg.Pool, storage: ObjectStorage) -> int:
    """Delete a batch of photos no feedback took within a day (rows first: a half-done sweep leaves only bytes that
    nothing names, never a row without its bytes)."""
    keys = await queries.delete_unsent_photos(db, UNSENT_PHOTO_LIFETIME, SWEEP_BATCH)
    for key in keys:
        try:
            await storage.delete(key)
        except OSError:
            log.warning("could not delete the unsent feedback photo %s", key, exc_info=True)
    return len(keys)


def _photo_not_found() -> Problem:
    return Problem(
        404, "feedback_photo_not_found", Text("Không tìm thấy ảnh", "Photo not found"),
        Text("Không có ảnh này trong phản ánh của cơ quan bạn.", "This photo is not in your agency's feedback."),
    )


async def office_photo(db: asyncpg.Pool, storage: ObjectStorage, user: Principal, photo_id: UUID) -> tuple[bytes, str]:
    """A photo of feedback in the staff member's queue, and its media type (as its headers said at upload)."""
    row = await queries.office_photo(db, photo_id, user.agency_code, _desk(user)) if user.agency_code else None
    if row is None:
        raise _photo_not_found()
    return await storage.get(row["storage_key"]), row["media_type"]


# --- feedback: reading ---------------------------------------------------------------------------------------

def _view(row: asyncpg.Record, lang: Lang) -> FeedbackView:
    return FeedbackView(
        tracking_code=row["tracking_code"], agency_code=row["agency_code"], agency_name=row["agency_name"],
        body=row["body"], dossier_code=row["dossier_code"], state=row["state"], state_words=STATE_WORDS[row["state"]][lang],
        created_at=row["created_at"], due_on=row["due_on"], answer=row["answer"], answered_at=row["answered_at"],
        published=row["published"], photo_count=len(row["photo_ids"]),
    )


async def mine(db: asyncpg.Pool, user: Principal, after: str | None, limit: int, lang: Lang) -> FeedbackPage:
    rows = await queries.citizen_feedback(db, user.id, decode_cursor(after, tuple[datetime, UUID]), limit + 1)
    return FeedbackPage(
        items=[_view(r, lang) for r in rows[:limit]],
        next=encode_cursor(rows[limit - 1]["created_at"], rows[limit - 1]["id"]) if len(rows) > limit else None,
    )


def _no_such_feedback() -> Problem:
    # One answer for an unknown code and a wrong pair: the look-up must not tell which codes exist.
    return Problem(
        404, "feedback_not_found", Text("Không tìm thấy phản ánh", "No feedback found"),
        Text("Không có phản ánh nào khớp mã và 4 số cuối điện thoại này. Hãy xem lại mã đã nhận khi gửi.",
             "No feedback matches this code and these last four digits. Check the code you got when sending it."),
    )



async def lookup(db: asyncpg.Pool, redis: Redis, settings: Settings, data: FeedbackLookupInput, origin: Origin, lang: Lang) -> FeedbackView:
    code = data.tracking_code.strip().upper()
    prefix = settings.redis_prefix
    await limits.refuse_spent_lookups(redis, prefix, origin.rate_key, code)
    row = await queries.feedback_by_code(db, code)
    if row is None or not hmac.compare_digest(row["phone"][-4:], data.phone_last4):
        await limits.count_failed_lookup(redis, prefix, origin.rate_key, code)
        raise _no_such_feedback()
    return _view(row, lang)


# --- feedback: the agency's queue and answers ----------------------------------------------------------------

def _office_view(row: asyncpg.Record, today: date) -> OfficeFeedback:
    return OfficeFeedback(
        id=row["id"], tracking_code=row["tracking_code"], agency_code=row["agency_code"], body=row["body"],
        dossier_code=row["dossier_code"], state=row["state"], created_at=row["created_at"], due_on=row["due_on"],
        overdue=row["state"] == "sent" and row["due_on"] < today, answer=row["answer"], answered_at=row["answered_at"],
        published=row["published"], photo_urls=[f"/api/office/feedback/photos/{photo_id}" for photo_id in row["photo_ids"]],
    )


def _desk(user: Principal) -> bool:
    return user.role == Role.RECEPTION_OFFICER


async def office_queue(
    db: asyncpg.Pool, user: Principal, state: str | None, after: str | None, limit: int,
) -> OfficeFeedbackPage:
    if user.agency_code is None:
        return OfficeFeedbackPage(items=[], next=None)
    rows = await queries.queue(db, user.agency_code, _desk(user), state, decode_cursor(after, tuple[date, datetime, UUID]), limit + 1)
    today = clock.today()
    last = rows[limit - 1] if len(rows) > limit else None
    return OfficeFeedbackPage(
        items=[_office_view(r, today) for r in rows[:limit]],
        next=encode_cursor(last["due_on"], last["created_at"], last["id"]) if last else None,
    )


def _feedback_not_found() -> Problem:
    return Problem(
        404, "feedback_not_found", Text("Không tìm thấy phản ánh", "Feedback not found"),
        Text("Không có phản ánh này trong danh sách của cơ quan bạn.", "This feedback is not in your agency's list."),
    )


def _already_answered() -> Problem:
    return Problem(
        409, "already_answered", Text("Phản ánh đã được trả lời", "Already answered"),
        Text("Phản ánh này đã có trả lời; người gửi đã được báo.", "This feedback already has an answer; the sender was told."),
    )


# Phone numbers (with spaces, dots or dashes), 9–12-digit ID numbers and dossier codes: what names a person.
_PHONE = re.compile(r"(?<!\w)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\w)")
_LONG_NUMBER = re.compile(r"(?<!\w)\d{9,12}(?!\w)")
_DOSSIER_CODE = re.compile(r"\b[0-9A-Z.]{4,}-\d{6}-\d{4}\b")


def anonymise(text: str) -> str:
    """The text with phone numbers, ID numbers and dossier codes masked, for the public Q&A."""
    text = _DOSSIER_CODE.sub("[mã hồ sơ]", text)
    text = _PHONE.sub("[số điện thoại]", text)
    return _LONG_NUMBER.sub("[số]", text)


async def answer(db: asyncpg.Pool, user: Principal, feedback_id: UUID, data: AnswerInput) -> OfficeFeedback:
    text = data.answer.strip()
    async with db.acquire() as conn, conn.transaction():
        row = await queries.feedback(conn, feedback_id, for_update=True)
        if row is None or user.agency_code is None or not await queries.in_scope(conn, feedback_id, user.agency_code, _desk(user)):
            raise _feedback_not_found()
        if row["state"] != "sent":
            raise _already_answered()
        searchable = fold(f"{anonymise(row['body'])} {anonymise(text)}") if data.publish else ""
        await queries.answer(conn, feedback_id, text, user.id, data.publish, searchable)
        payload = {"code": row["tracking_code"], "note": text}
        if row["citizen_id"] is not None:
            await outbox.add_to_citizen(conn, outbox.Kind.FEEDBACK_ANSWERED, row["citizen_id"], payload)
        else:
            await outbox.add_to_phone(conn, outbox.Kind.FEEDBACK_ANSWERED, row["phone"], row["language"], payload)
        answered = await queries.feedback(conn, feedback_id)
    return _office_view(answered, clock.today())


async def published(db: asyncpg.Pool, q: str, after: str | None, limit: int) -> PublishedPage:
    rows = await queries.published(db, words(q), decode_cursor(after, tuple[datetime, UUID]), limit + 1)
    last = rows[limit - 1] if len(rows) > limit else None
    return PublishedPage(
        items=[
            PublishedItem(agency_name=r["agency_name"], question=anonymise(r["body"]), answer=anonymise(r["answer"]),
                          answered_on=r["answered_at"].astimezone(clock.VIETNAM).date())
            for r in rows[:limit]
        ],
        next=encode_cursor(last["answered_at"], last["id"]) if last else None,
    )
