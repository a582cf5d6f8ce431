// Calendar days as the admin screens show them: ISO days (yyyy-mm-dd) in, dd/mm/yyyy and a Vietnamese weekday out.
import { isoToDmy } from '../../dates';
import { t } from '../../i18n';

/** 0 = Sunday … 6 = Saturday, for an ISO day (no time zone: a calendar day is the same everywhere). */
export function weekdayOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** "2033-10-20" → "Thứ Năm, 20/10/2033" (English: "Thursday, 20/10/2033"). */
export function dayWithWeekday(iso: string): string {
  return `${t(`weekday.${weekdayOf(iso)}`)}, ${isoToDmy(iso)}`;
}

export type Holiday = { day: string; name: string; name_en: string };
export type Adjustment = { day: string; kind: 'day_off' | 'working_day'; note: string };
export type CalendarLine =
  | { day: string; source: 'holiday'; holiday: Holiday }
  | { day: string; source: 'adjustment'; adjustment: Adjustment };

/** The year's holidays and the admin's adjustments in one list, by day (a holiday before an adjustment of it). */
export function calendarLines(holidays: Holiday[], adjustments: Adjustment[]): CalendarLine[] {
  const lines: CalendarLine[] = [
    ...holidays.map((holiday) => ({ day: holiday.day, source: 'holiday' as const, holiday })),
    ...adjustments.map((adjustment) => ({ day: adjustment.day, source: 'adjustment' as const, adjustment })),
  ];
  return lines.sort((a, b) => a.day.localeCompare(b.day) || (a.source === 'holiday' ? -1 : 1));
}
