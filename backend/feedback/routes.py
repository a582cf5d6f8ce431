"""Ratings and feedback over HTTP: the citizen's rating of a dossier, feedback from anyone with a confirmed phone,
its look-up, the agency's queue and answers, the public Q&A, and the satisfaction aggregates officers see."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter

from backend.accounts.audit import Origin
from backend.accounts.guards import CurrentUser, authenticate, require_citizen, require_staff
from backend.accounts.schemas import Role
from backend.contract import PROBLEMS, RAW_BODY
from backend.deps import AppSettings, Db, Language, Redis, Storage
from backend.documents import imaging
from backend.feedback import service
from backend.feedback.schemas import (
    AnswerInput, FeedbackInput, FeedbackPage, FeedbackPhoto, FeedbackView, FeedbackLookupInput, OfficeFeedback, OfficeFeedbackPage,
    PublishedPage, RatingInput, RatingStatus, Satisfaction,
)
from backend.idempotency import IdempotencyKey

Limit = Annotated[int, QueryParameter(ge=1, le=100)]
Query = Annotated[str, QueryParameter(max_length=200)]
CODE_PROBLEMS = ["code_expired", "code_locked", "code_not_found", "code_wrong"]
PHOTO_LIMIT = imaging.MAX_UPLOAD_BYTES + 64 * 1024
PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/avif", "application/octet-stream"]
# Signed out, a photo is uploaded with the phone and the code sent to it (the send then uses the code up).
SenderPhone = Annotated[str | None, HeaderParameter(
    name="X-Phone", max_length=32, description="Signed out: the sender's phone number, as typed.",
)]
SenderCode = Annotated[str | None, HeaderParameter(
    name="X-Phone-Code", pattern=r"^[0-9]{6}$", description="Signed out: the code sent to that phone (left live).",
)]


class RatingController(Controller):
    path = "/api/dossiers/{dossier_id:uuid}/rating"
    tags = ["feedback"]
    guards = [require_citizen]

    @get("/", summary="Whether the dossier was rated, whether it may be now, and the criteria to show",
         opt={PROBLEMS: {404: ["dossier_not_found"]}})
    async def status(self, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> RatingStatus:
        return await service.rating_status(db, current_user, dossier_id, lang)

    @post(
        "/", status_code=201, summary="Rate the service once, after the result was returned or delivered",
        opt={PROBLEMS: {404: ["dossier_not_found"], 409: ["already_rated", "not_rateable_yet"], 422: ["incomplete_rating"]}},
    )
    async def rate(
        self, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID], data: JSONBody[RatingInput],
    ) -> RatingStatus:
        return await service.rate(db, current_user, dossier_id, data, lang)


class OfficeRatingsController(Controller):
    path = "/api/office/ratings"
    tags = ["feedback"]
    guards = [require_staff(Role.RECEPTION_OFFICER, Role.SPECIALIST, Role.LEADER, Role.ADMIN)]

    @get(
        "/", summary="The agency's satisfaction over [start, end): averages from 5 ratings on, never who rated what",
        opt={PROBLEMS: {403: ["wrong_role"], 404: ["agency_not_found"], 422: ["invalid_period"]}},
    )
    async def satisfaction(
        self, db: Db, lang: Language, current_user: CurrentUser, start: FromQuery[date], end: FromQuery[date],
        agency: FromQuery[str | None] = None,
    ) -> Satisfaction:
        return await service.office_satisfaction(db, current_user, start, end, agency, lang)


class FeedbackController(Controller):
    """Phản ánh, kiến nghị: sent signed in, or signed out with a phone confirmed by a one-time code."""

    path = "/api/feedback"
    tags = ["feedback"]

    @post(
        "/", status_code=201, summary="Send feedback to an agency (once per Idempotency-Key); returns its tracking code",
        opt={PROBLEMS: {
            400: CODE_PROBLEMS, 404: ["agency_not_found", "dossier_not_found"], 409: ["idempotency_key_reused"],
            422: ["dossier_needs_sign_in", "feedback_photo_unavailable", "invalid_phone", "phone_not_confirmed",
                  "too_many_photos"],
            429: ["too_many_requests"],
        }},
    )
    async def send(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, lang: Language,
        data: JSONBody[FeedbackInput], idempotency_key: IdempotencyKey,
    ) -> FeedbackView:
        user = await authenticate(request)
        body = await request.body()
        return await service.send(db, redis, settings, user, data, idempotency_key, body, Origin.of(request), lang)

    @post(
        "/photos", status_code=201, request_max_body_size=PHOTO_LIMIT,
        summary="Upload one photo for feedback about to be sent (raw image bytes, at most 15 MB); returns its id",
        description=(
            "Signed in as a citizen, or signed out with the X-Phone and X-Phone-Code headers (the code from "
            "POST /api/auth/citizen/code, which stays live for the send). The id goes in the feedback's photo_ids; "
            "a photo no feedback took within a day is deleted."
        ),
        opt={
            RAW_BODY: PHOTO_TYPES,
            PROBLEMS: {
                400: CODE_PROBLEMS, 413: ["image_too_large", "payload_too_large"],
                422: ["image_bad_shape", "image_corrupt", "image_empty", "image_too_many_pixels", "image_too_small",
                      "image_unsupported", "invalid_phone", "phone_not_confirmed"],
                429: ["too_many_requests"],
            },
        },
    )
    async def photo(
        self, request: Request, db: Db, redis: Redis, storage: Storage, settings: AppSettings,
        phone: SenderPhone = None, code: SenderCode = None,
    ) -> FeedbackPhoto:
        user = await authenticate(request)
        data = await request.body()
        return await service.upload_photo(db, redis, storage, settings, user, phone, code, data, Origin.of(request))

    @get("/mine", guards=[require_citizen], summary="My feedback, newest first, with the answers",
         opt={PROBLEMS: {422: ["invalid_cursor"]}})
    async def mine(
        self, db: Db, lang: Language, current_user: CurrentUser, after: FromQuery[str | None] = None, limit: Limit = 20,
    ) -> FeedbackPage:
        return await service.mine(db, current_user, after, limit, lang)

    @post(
        "/lookup", status_code=200, summary="Feedback's status and answer by its tracking code and the phone's last 4 digits",
        opt={PROBLEMS: {404: ["feedback_not_found"], 429: ["too_many_requests"]}},
    )
    async def lookup(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, lang: Language, data: JSONBody[FeedbackLookupInput],
    ) -> FeedbackView:
        return await service.lookup(db, redis, settings, data, Origin.of(request), lang)

    @get("/published", summary="Published answers (anonymised), newest first; q searches without diacritics",
         opt={PROBLEMS: {422: ["invalid_cursor"]}})
    async def published(self, db: Db, q: Query = "", after: FromQuery[str | None] = None, limit: Limit = 20) -> PublishedPage:
        return await service.published(db, q, after, limit)


class OfficeFeedbackController(Controller):
    path = "/api/office/feedback"
    tags = ["feedback"]
    guards = [require_staff(Role.RECEPTION_OFFICER, Role.LEADER)]

    @get("/", summary="The agency's feedback (only: sent or answered), the earliest due first; overdue ones flagged",
         opt={PROBLEMS: {422: ["invalid_cursor"]}})
    async def queue(
        self, db: Db, current_user: CurrentUser, only: FromQuery[Literal["sent", "answered"] | None] = None,
        after: FromQuery[str | None] = None, limit: Limit = 50,
    ) -> OfficeFeedbackPage:
        return await service.office_queue(db, current_user, only, after, limit)

    @post(
        "/{feedback_id:uuid}/answer", status_code=200, summary="Answer once (the sender is told); optionally publish it",
        opt={PROBLEMS: {404: ["feedback_not_found"], 409: ["already_answered"]}},
    )
    async def answer(
        self, db: Db, current_user: CurrentUser, feedback_id: FromPath[UUID], data: JSONBody[AnswerInput],
    ) -> OfficeFeedback:
        return await service.answer(db, current_user, feedback_id, data)

    @get(
        "/photos/{photo_id:uuid}", summary="A photo sent with feedback in the agency's queue (its bytes, as uploaded)",
        media_type="image/*", opt={PROBLEMS: {404: ["feedback_photo_not_found"]}},
    )
    async def photo(self, db: Db, storage: Storage, current_user: CurrentUser, photo_id: FromPath[UUID]) -> Response[bytes]:
        content, media_type = await service.office_photo(db, storage, current_user, photo_id)
        # The bytes are the sender's: never sniffed into anything but an image, never run as a page.
        return Response(content, media_type=media_type, headers={
            "cache-control": "private, max-age=86400", "x-content-type-options": "nosniff",
            "content-security-policy": "default-src 'none'; sandbox",
        })


feedback_route_handlers = [RatingController, OfficeRatingsController, FeedbackController, OfficeFeedbackController]
