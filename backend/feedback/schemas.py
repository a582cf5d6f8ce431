"""Ratings and feedback on the wire: what a citizen sends and sees, what officers see (aggregates only for
ratings), and the public Q&A."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Score = Annotated[int, msgspec.Meta(ge=0, le=2)]
Comment = Annotated[str, msgspec.Meta(max_length=1000)]
FeedbackText = Annotated[str, msgspec.Meta(min_length=10, max_length=4000)]
Answer = Annotated[str, msgspec.Meta(min_length=10, max_length=4000)]


class CriterionView(msgspec.Struct):
    code: str
    question: str
    # What 0, 1 and 2 points mean, in that order, in the reader's language.
    choices: list[str]


class RatingInput(msgspec.Struct):
    # Every criterion's code (see `criteria`) with 0, 1 or 2 points.
    scores: dict[str, Score]
    overall: Annotated[int, msgspec.Meta(ge=1, le=5)]
    comment: Comment | None = None


class RatingStatus(msgspec.Struct):
    dossier_id: UUID
    rated: bool
    # Whether the result is in the person's hands (returned or delivered) and it was not rated yet.
    may_rate: bool
    criteria: list[CriterionView]


class CriterionAverage(msgspec.Struct):
    code: str
    question: str
    # Points out of 2.
    average: float


class Satisfaction(msgspec.Struct):
    """An agency's ratings over [start, end): averages only once there are `minimum` ratings, so no answer ever
    shows one person's scores. Nothing here names a dossier or a person."""

    agency_code: str
    agency_name: str
    start: date
    end: date
    ratings: int
    minimum: int
    enough: bool
    # Why there are no averages (fewer than `minimum` ratings); null when there are.
    message: str | None
    # Overall, 1–5.
    overall_average: float | None
    # The nine criteria's points added up, out of 18, averaged; and that as a share of 18 (the index, in %).
    points_average: float | None
    index_percent: float | None
    criteria: list[CriterionAverage]


class FeedbackInput(msgspec.Struct):
    agency_code: str
    body: FeedbackText
    # One of the sender's own dossiers this is about (signed-in senders only).
    dossier_id: UUID | None = None
    # A sender who is not signed in: the phone and the code sent to it (POST /api/auth/citizen/code).
    phone: str | None = None
    code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")] | None = None
    # Up to 3 photos uploaded by the same sender (POST /api/feedback/photos), in the order to show them.
    photo_ids: list[UUID] = []


class FeedbackPhoto(msgspec.Struct):
    """An uploaded photo waiting for the feedback that takes it (by `id`, in `photo_ids`)."""

    id: UUID
    media_type: str
    bytes: int


FeedbackState = Literal["sent", "answered"]


class FeedbackView(msgspec.Struct):
    """Feedback as its sender sees it."""

    tracking_code: str
    agency_code: str
    agency_name: str
    body: str
    dossier_code: str | None
    state: FeedbackState
    state_words: str
    created_at: datetime
    due_on: date
    answer: str | None
    answered_at: datetime | None
    published: bool
    photo_count: int


class FeedbackPage(msgspec.Struct):
    items: list[FeedbackView]
    next: str | None


class FeedbackLookupInput(msgspec.Struct):
    tracking_code: Annotated[str, msgspec.Meta(min_length=4, max_length=30)]
    phone_last4: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}$")]


class OfficeFeedback(msgspec.Struct):
    """Feedback in the agency's queue: what was said and by when it must be answered; the sender's phone and name
    are not shown (the answer reaches them through the app or by SMS)."""

    id: UUID
    tracking_code: str
    agency_code: str
    body: str
    dossier_code: str | None
    state: FeedbackState
    created_at: datetime
    due_on: date
    overdue: bool
    answer: str | None
    answered_at: datetime | None
    published: bool
    # Where the agency's officers fetch each photo (GET, their session), in the sender's order.
    photo_urls: list[str]


class OfficeFeedbackPage(msgspec.Struct):
    items: list[OfficeFeedback]
    next: str | None


class AnswerInput(msgspec.Struct):
    answer: Answer
    # Show the question and answer, anonymised, in the public Q&A.
    publish: bool = False


class PublishedItem(msgspec.Struct):
    """A question and its answer with no name, phone or dossier code."""

    agency_name: str
    question: str
    answer: str
    answered_on: date


class PublishedPage(msgspec.Struct):
    items: list[PublishedItem]
    next: str | None
