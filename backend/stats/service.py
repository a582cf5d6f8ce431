"""Statistics rules: a period is [start, end) in Vietnam's days; on time is judged against the
statutory due date (an apology letter's new date does not make a late dossier on time). The most
filed procedures count submissions over the last 90 days."""

from __future__ import annotations

import calendar
import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import asyncpg

from backend import clock
from backend.errors import Problem
from backend.feedback import service as feedback
from backend.accounts.guards import Principal
from backend.accounts.schemas import Role
from backend.i18n import Text
from backend.payments import service as payments
from backend.processing import service as processing
from backend.processing.calendar import WorkCalendar
from backend.stats import queries
from backend.stats.schemas import (
    AgencyFigures, AgencyHealth, AgencyStatistics, Dashboard, Figure, Group, HealthFigure, OnTimeMonth, PopularProcedure,
    PopularProcedures, Statistics,
)

POPULAR_WINDOW_DAYS = 90


async def statistics(
    db: asyncpg.Pool, start: date, end: date, agency_code: str | None = None, *, today: date | None = None
) -> Statistics:
    if end <= start:
        raise _invalid_period(Text("Ngày kết thúc phải sau ngày bắt đầu.", "The end date must be after the start date."))
    rows = await queries.statistics(db, start, end, today or clock.today(), agency_code)
    return Statistics(start=start, end=end, items=[AgencyStatistics(**dict(r)) for r in rows])


async def popular_procedures(db: asyncpg.Pool, limit: int, *, now: datetime | None = None) -> PopularProcedures:
    until = now or datetime.now(UTC)
    rows = await queries.popular_procedures(db, until - timedelta(days=POPULAR_WINDOW_DAYS), until, limit)
    return PopularProcedures(days=POPULAR_WINDOW_DAYS, items=[PopularProcedure(**dict(r)) for r in rows])


# --- the public dashboard ----------------------------------------------------------------------------------------
#
# Figures come from the summary (stats_agency_days), never from the dossiers at request time. The worker's cron
# recounts the last REFRESH_DAYS days every 10 minutes; a day's row is replaced whole, under a lock, so a refresh
# run twice (arq delivers at least once) leaves what one run leaves. History older than the window (a database that
# held dossiers before the dashboard, pages added to a dossier received months ago) is recounted by a full rebuild,
# `python -m backend.stats.rebuild` (refresh_dashboard(db, None)).

REFRESH_DAYS = 62
# A custom range reads at most a year of days: the summary's sums stay a few thousand rows per request.
LONGEST_RANGE_DAYS = 366

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")

GROUPS = [
    Group("progress", "Tiến độ giải quyết", "Progress of processing", 20),
    Group("online_service", "Cung cấp dịch vụ trực tuyến", "Online services", 12),
    Group("online_payment", "Thanh toán trực tuyến", "Online payment", 10),
    Group("satisfaction", "Mức độ hài lòng", "Satisfaction", 18),
    Group("digitisation", "Số hóa hồ sơ", "Digitisation of dossiers", 22),
]

FIGURES = [
    Figure(
        "received", ["received"], None, "Hồ sơ tiếp nhận", "Dossiers received",
        "Số hồ sơ cơ quan tiếp nhận (cấp phiếu hẹn) trong kỳ, theo ngày tiếp nhận; hồ sơ bị từ chối khi tiếp nhận "
        "không tính. Hồ sơ chuyển cơ quan khác (liên thông) được tính cho cơ quan đang giữ hồ sơ.",
        "Dossiers the agency received (issued the appointment receipt for) in the period, by day of reception; "
        "dossiers refused at reception are not counted. A dossier handed over to another agency counts for the "
        "agency holding it now.",
    ),
    Figure(
        "timeliness", ["resolved_early", "resolved_on_time", "resolved_late"], "progress",
        "Giải quyết trước hạn / đúng hạn / trễ hạn", "Resolved early / on time / late",
        "Hồ sơ có kết quả trong kỳ (theo ngày có kết quả), so với ngày hẹn trả theo quy định khi tiếp nhận: trước "
        "ngày đó là trước hạn, đúng ngày đó là đúng hạn, sau đó là trễ hạn (phiếu xin lỗi hẹn lại ngày không làm hồ "
        "sơ trễ thành đúng hạn). Tỷ lệ tính trên số hồ sơ có kết quả trong kỳ.",
        "Dossiers whose result was ready in the period (by that day), against the statutory due date set at "
        "reception: before it is early, on it is on time, after it is late (an apology letter's new date does not "
        "make a late dossier on time). Shares are of the dossiers resolved in the period.",
    ),
    Figure(
        "online", ["received_online"], "online_service", "Nộp trực tuyến", "Filed online",
        "Hồ sơ tiếp nhận trong kỳ được nộp qua ứng dụng (người dân tự nộp hoặc tình nguyện viên nộp giúp), không phải "
        "cán bộ nhập tại quầy. Tỷ lệ tính trên số hồ sơ tiếp nhận.",
        "Dossiers received in the period that were filed through the app (by the person or a volunteer on their "
        "behalf), not entered by an officer at the counter. The share is of the dossiers received.",
    ),
    Figure(
        "digitised", ["received_digitised"], "digitisation", "Số hóa hồ sơ", "Digitised",
        "Hồ sơ tiếp nhận trong kỳ mà mọi giấy tờ bắt buộc của thủ tục đều có bản điện tử: ảnh chụp đã xử lý xong "
        "hoặc giấy tờ dùng lại từ kho dữ liệu cá nhân. Tỷ lệ tính trên số hồ sơ tiếp nhận.",
        "Dossiers received in the period in which every required paper of the procedure has a digital copy: "
        "photographed pages processed, or a document reused from the wallet. The share is of the dossiers received.",
    ),
    Figure(
        "paid_online", ["paid_online"], "online_payment", "Thanh toán trực tuyến", "Paid online",
        "Khoản phí, lệ phí đã nộp trong kỳ (theo ngày nộp, kể cả khoản sau đó được hoàn) cho hồ sơ của cơ quan, "
        "nộp qua VNPay hoặc chuyển khoản ngân hàng (VietQR), so với tổng số khoản đã nộp gồm cả tiền mặt tại quầy.",
        "Fees paid in the period (by day of payment, refunded later or not) for the agency's dossiers through "
        "VNPay or a bank transfer (VietQR), out of every fee paid, cash at the desk included.",
    ),
    Figure(
        "satisfaction", ["ratings", "satisfaction_pct", "overall_average"], "satisfaction",
        "Mức độ hài lòng", "Satisfaction",
        "Đánh giá người dân gửi trong kỳ (theo ngày đánh giá) sau khi nhận kết quả hồ sơ của cơ quan. Chỉ số hài "
        "lòng: tổng điểm 9 tiêu chí (0, 1 hoặc 2 điểm mỗi tiêu chí) của các đánh giá, so với điểm tối đa 18 mỗi đánh "
        "giá. Hài lòng chung: điểm trung bình từ 1 đến 5. Chỉ công bố khi kỳ có ít nhất "
        f"{feedback.MIN_RATINGS} đánh giá, để không ai suy ra được điểm của một người; dòng toàn tỉnh không tính "
        f"các cơ quan chưa đủ đánh giá nếu cộng lại chúng vẫn dưới {feedback.MIN_RATINGS} đánh giá.",
        "Ratings people gave in the period (by day of rating) after receiving the result of one of the agency's "
        "dossiers. The satisfaction index: the ratings' points on the 9 criteria (0, 1 or 2 each) out of the most, "
        "18 a rating. Overall: the average score from 1 to 5. Shown only for periods with at least "
        f"{feedback.MIN_RATINGS} ratings, so that nobody can work out one person's scores; the whole province's "
        "row leaves out the agencies without enough ratings when together they still have fewer than "
        f"{feedback.MIN_RATINGS}.",
    ),
]


def _invalid_period(detail: Text) -> Problem:
    return Problem(422, "invalid_period", Text("Khoảng thời gian không hợp lệ", "The period is not valid"), detail)


def dashboard_period(period: str | None, first: date | None, last: date | None, today: date) -> tuple[str, date, date]:
    """(period as named, first day, last day included) for a month "2026-11", a quarter "2026-Q4", a year "2026",
    or a range `first`..`last`; this month when nothing is asked."""
    if period is not None and (first or last):
        raise _invalid_period(Text("Hãy chọn một kỳ hoặc một khoảng ngày, không chọn cả hai.",
                                   "Choose a period or a range of days, not both."))
    if first or last:
        if not (first and last) or last < first:
            raise _invalid_period(Text("Hãy chọn cả ngày bắt đầu và ngày kết thúc, ngày kết thúc không trước ngày bắt đầu.",
                                       "Choose both a first and a last day, the last not before the first."))
        if (last - first).days >= LONGEST_RANGE_DAYS:
            raise _invalid_period(Text(f"Khoảng ngày dài nhất là {LONGEST_RANGE_DAYS} ngày; hãy chọn cả năm nếu cần.",
                                       f"A range is at most {LONGEST_RANGE_DAYS} days; choose a whole year instead."))
        return f"{first}..{last}", first, last
    named = period or f"{today:%Y-%m}"
    if month := _MONTH.fullmatch(named):
        year, number = int(month[1]), int(month[2])
        return named, date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
    if quarter := _QUARTER.fullmatch(named):
        year, number = int(quarter[1]), int(quarter[2])
        last_month = number * 3
        return f"{year}-Q{number}", date(year, last_month - 2, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])
    if _YEAR.fullmatch(named) and int(named) >= 1:
        return named, date(int(named), 1, 1), date(int(named), 12, 31)
    raise _invalid_period(Text("Kỳ phải là một tháng (2026-11), một quý (2026-Q4) hoặc một năm (2026).",
                               "The period must be a month (2026-11), a quarter (2026-Q4) or a year (2026)."))


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


NOT_ENOUGH_RATINGS = Text(
    f"Chưa đủ đánh giá (cần ít nhất {feedback.MIN_RATINGS})", f"Not enough ratings (at least {feedback.MIN_RATINGS} needed)",
)


def _satisfaction(ratings: int, points: int, overall: int) -> dict[str, float | str | None]:
    """The averages from feedback's minimum number of ratings on; under it, the note instead: a few ratings'
    average would be a few people's scores."""
    if ratings < feedback.MIN_RATINGS:
        return {"satisfaction_pct": None, "overall_average": None,
                "satisfaction_note": NOT_ENOUGH_RATINGS.vi, "satisfaction_note_en": NOT_ENOUGH_RATINGS.en}
    return {"satisfaction_pct": feedback.index_percent(points / ratings), "overall_average": round(overall / ratings, 2),
            "satisfaction_note": None, "satisfaction_note_en": None}


def _figures(code: str | None, name: str, name_en: str | None, counts: dict[str, int]) -> AgencyFigures:
    received, resolved = counts["received"], counts["resolved_early"] + counts["resolved_on_time"] + counts["resolved_late"]
    paid = counts["paid_online"] + counts["paid_cash"]
    return AgencyFigures(
        agency_code=code, agency_name=name, agency_name_en=name_en,
        received=received, received_online=counts["received_online"], online_pct=_pct(counts["received_online"], received),
        received_digitised=counts["received_digitised"], digitised_pct=_pct(counts["received_digitised"], received),
        resolved=resolved, resolved_early=counts["resolved_early"], resolved_on_time=counts["resolved_on_time"],
        resolved_late=counts["resolved_late"], early_pct=_pct(counts["resolved_early"], resolved),
        on_time_pct=_pct(counts["resolved_on_time"], resolved), late_pct=_pct(counts["resolved_late"], resolved),
        paid=paid, paid_online=counts["paid_online"], paid_online_pct=_pct(counts["paid_online"], paid),
        ratings=counts["ratings"],
        **_satisfaction(counts["ratings"], counts["rating_points_sum"], counts["rating_overall_sum"]),
    )


_COUNTS = ("received", "received_online", "received_digitised", "resolved_early", "resolved_on_time", "resolved_late",
           "paid_online", "paid_cash")
_RATING_SUMS = ("ratings", "rating_points_sum", "rating_overall_sum")


def _totals(rows: list[asyncpg.Record]) -> dict[str, int]:
    """Every agency's counts added up. The ratings too, except those of agencies without enough ratings when together
    they are still fewer than the minimum: the total minus the agencies shown would otherwise be their scores."""
    shown = [r for r in rows if r["ratings"] >= feedback.MIN_RATINGS]
    hidden_ratings = sum(r["ratings"] for r in rows) - sum(r["ratings"] for r in shown)
    rated = shown if shown and hidden_ratings < feedback.MIN_RATINGS else rows
    return {c: sum(r[c] for r in rows) for c in _COUNTS} | {c: sum(r[c] for r in rated) for c in _RATING_SUMS}


def _agency_not_found(agency_code: str) -> Problem:
    return Problem(
        404, "agency_not_found", Text("Không có cơ quan này", "No such agency"),
        Text(f"Không có cơ quan mã “{agency_code}”. Hãy chọn cơ quan trong danh sách.",
             f"There is no agency with the code “{agency_code}”. Choose one from the list."),
    )


async def dashboard(
    db: asyncpg.Pool, period: str | None = None, first: date | None = None, last: date | None = None,
    agency_code: str | None = None, *, today: date | None = None,
) -> Dashboard:
    named, first_day, last_day = dashboard_period(period, first, last, today or clock.today())
    if agency_code is not None and await queries.agency(db, agency_code) is None:
        raise _agency_not_found(agency_code)
    rows = await queries.dashboard(db, first_day, last_day, agency_code)
    refresh = await queries.last_refresh(db)
    totals = _totals(rows)
    return Dashboard(
        period=named, first_day=first_day, last_day=last_day, refreshed_at=refresh["refreshed_at"] if refresh else None,
        groups=GROUPS, figures=FIGURES,
        total=_figures(None, "Tất cả cơ quan", "All agencies", totals),
        agencies=[_figures(r["agency_code"], r["agency_name"], r["agency_name_en"], dict(r)) for r in rows],
    )


_CSV_COLUMNS = [
    ("Mã cơ quan", "agency_code"), ("Cơ quan", "agency_name"), ("Hồ sơ tiếp nhận", "received"),
    ("Nộp trực tuyến", "received_online"), ("Tỷ lệ nộp trực tuyến (%)", "online_pct"),
    ("Số hóa", "received_digitised"), ("Tỷ lệ số hóa (%)", "digitised_pct"), ("Có kết quả", "resolved"),
    ("Trước hạn", "resolved_early"), ("Đúng hạn", "resolved_on_time"), ("Trễ hạn", "resolved_late"),
    ("Tỷ lệ trước hạn (%)", "early_pct"), ("Tỷ lệ đúng hạn (%)", "on_time_pct"), ("Tỷ lệ trễ hạn (%)", "late_pct"),
    ("Khoản phí đã nộp", "paid"), ("Nộp trực tuyến", "paid_online"), ("Tỷ lệ thanh toán trực tuyến (%)", "paid_online_pct"),
    ("Lượt đánh giá", "ratings"), ("Chỉ số hài lòng (%)", "satisfaction_pct"),
    ("Hài lòng chung trung bình (1–5)", "overall_average"), ("Ghi chú đánh giá", "satisfaction_note"),
]


def dashboard_csv(board: Dashboard) -> str:
    """The dashboard as a table: a row per agency, then every agency's together; UTF-8 with a byte order mark so that
    Excel reads the diacritics. Shares are percentages with a decimal point, empty where there is nothing to divide."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Kỳ", "Từ ngày", "Đến ngày"] + [title for title, _ in _CSV_COLUMNS])
    for figures in [*board.agencies, board.total]:
        values = [getattr(figures, field) for _, field in _CSV_COLUMNS]
        writer.writerow([board.period, clock.dmy(board.first_day), clock.dmy(board.last_day)]
                        + ["" if v is None else v for v in values])
    return out.getvalue()


async def refresh_dashboard(db: asyncpg.Pool, since: date | None) -> None:
    """Recompute the summary's days from `since` on (every day when null) in one transaction: the days are forgotten,
    then counted again from the dossiers, the payments (asked of the payments domain) and the ratings (asked of the
    feedback domain)."""
    async with db.acquire() as conn, conn.transaction():
        await queries.lock_summary(conn)
        await queries.forget_days(conn, since)
        await queries.count_received(conn, since)
        await queries.count_resolved(conn, since)
        paid = await payments.paid_per_agency_day(conn, since)
        await queries.count_paid(conn, [r["agency_code"] for r in paid], [r["day"] for r in paid],
                                 [r["online"] for r in paid], [r["cash"] for r in paid])
        rated = await feedback.ratings_per_agency_day(conn, since)
        await queries.count_ratings(conn, [r["agency_code"] for r in rated], [r["day"] for r in rated],
                                    [r["ratings"] for r in rated], [r["points"] for r in rated], [r["overall"] for r in rated])
        await queries.mark_refreshed(conn, since)


async def refresh_recent_days(db: asyncpg.Pool, *, today: date | None = None) -> date:
    """The cron's refresh: the last REFRESH_DAYS days (a few seconds with a million dossiers, within the job's
    timeout; the whole history is `python -m backend.stats.rebuild`). Returns the first day refreshed."""
    since = (today or clock.today()) - timedelta(days=REFRESH_DAYS - 1)
    await refresh_dashboard(db, since)
    return since


# --- a leader's agency now ----------------------------------------------------------------------------------------

HEALTH_MONTHS = 12


def due_this_week(today: date, calendar: WorkCalendar) -> tuple[date, date]:
    """The days "due this week" covers: from today to the last working day of the working week, the week (Monday to
    Sunday) of the first working day from today on. On a Saturday, or in a week of Tết without a working day left,
    that is the next working week: what falls due before the agency works again is due on its first days."""
    first = today if calendar.is_working_day(today) else calendar.next_working_day(today)
    following_monday = first + timedelta(days=7 - first.weekday())
    last = first
    while (after := calendar.next_working_day(last)) < following_monday:
        last = after
    return today, last


def _month_start(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _other_agency() -> Problem:
    return Problem(
        403, "other_agency", Text("Không xem được cơ quan khác", "Another agency's figures"),
        Text("Lãnh đạo chỉ xem được số liệu của cơ quan mình.", "A leader sees only their own agency's figures."),
    )


async def agency_health(
    db: asyncpg.Pool, user: Principal, agency_code: str | None, *, today: date | None = None,
) -> AgencyHealth:
    """A leader's agency now (an administrator names the agency), counted from the dossiers at request time, not from
    the dashboard's summary (refreshed every few minutes, so not exact). Days are Vietnam days (backend.clock); a
    dossier handed over to another agency counts for the agency holding it now, as in the office queue.

    - received today / this week / this month: dossiers whose reception (appointment receipt) was on or after today,
      this week's Monday, this month's first day; whatever their state now. A dossier received again after a
      supplement counts on its latest reception. Queue: `received_from`.
    - in progress: dossiers the agency is working on: received, processing or waiting for approval (not those waiting
      for the applicant's supplement: their clock is stopped). Queue: `in_progress`.
    - due this week: in progress, with a due date (as moved by an apology letter) from today to the last working day
      of the working week (`due_this_week`, by the working calendar with the year's days off and make-up days).
      Queue: `in_progress`, `due_from`, `due_to`.
    - overdue: in progress, with a due date before today. It is exact at any moment; the queue's "overdue" flag is set
      by a sweep every ten minutes, so just after midnight it may count fewer. Queue: `in_progress`, `due_to`.
    - by month, the last 12 (this one included): dossiers whose result was ready in the month (Vietnam day), before /
      on / after the statutory due date set at reception (an apology letter does not make a late dossier on time), as
      the public dashboard counts them; shares of those resolved. Queue: `resolved_month`, `timeliness`.
    """
    if user.role == Role.LEADER:
        if agency_code is not None and agency_code != user.agency_code:
            raise _other_agency()
        agency_code = user.agency_code
    if agency_code is None:
        raise Problem(
            422, "agency_required", Text("Chưa chọn cơ quan", "No agency chosen"),
            Text("Hãy chọn cơ quan cần xem (tham số agency).", "Choose the agency to show (the agency parameter)."),
        )
    agency = await queries.agency(db, agency_code)
    if agency is None:
        raise _agency_not_found(agency_code)
    day = today or clock.today()
    week, month = day - timedelta(days=day.weekday()), day.replace(day=1)
    async with db.acquire() as conn:
        due_from, due_to = due_this_week(day, await processing.work_calendar(conn))
        counts = await queries.agency_health(conn, agency_code, day, week, month, due_from, due_to)
        first_month = _month_start(day, HEALTH_MONTHS - 1)
        by_month = {r["month"]: r for r in await queries.timeliness_by_month(conn, agency_code, first_month)}
    active = {"in_progress": "true"}
    queue = {
        "received_today": {"received_from": day.isoformat()},
        "received_this_week": {"received_from": week.isoformat()},
        "received_this_month": {"received_from": month.isoformat()},
        "in_progress": active,
        "due_this_week": active | {"due_from": due_from.isoformat(), "due_to": due_to.isoformat()},
        "overdue": active | {"due_to": (day - timedelta(days=1)).isoformat()},
    }
    months = []
    for back in range(HEALTH_MONTHS - 1, -1, -1):
        name = f"{_month_start(day, back):%Y-%m}"
        row = by_month.get(name)
        early, on_time, late = (row["early"], row["on_time"], row["late"]) if row else (0, 0, 0)
        resolved = early + on_time + late
        months.append(OnTimeMonth(
            month=name, resolved=resolved, early=early, on_time=on_time, late=late, early_pct=_pct(early, resolved),
            on_time_pct=_pct(on_time, resolved), late_pct=_pct(late, resolved),
        ))
    return AgencyHealth(
        agency_code=agency["code"], agency_name=agency["name"], agency_name_en=agency["name_en"], today=day,
        week_first_day=week, month_first_day=month, due_from=due_from, due_to=due_to,
        figures=[HealthFigure(key=key, count=counts[key], queue=filters) for key, filters in queue.items()],
        months=months,
    )
