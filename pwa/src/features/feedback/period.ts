// The ratings' period: the server counts [start, end) in Vietnam's days; people pick a month, a quarter or a
// year, or type the first and last day they mean (the last one included, so `end` is the day after it).

export type PeriodKind = 'month' | 'lastMonth' | 'quarter' | 'year' | 'custom';

export interface Period {
  start: string;
  end: string;
}

const iso = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);

function parts(day: string): [number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
}

/** The period of `kind` that holds `today` (ISO, Vietnam's day), or the one before it for `lastMonth`. */
export function presetPeriod(kind: Exclude<PeriodKind, 'custom'>, today: string): Period {
  const [year, month] = parts(today);
  switch (kind) {
    case 'month':
      return { start: iso(year, month, 1), end: iso(year, month + 1, 1) };
    case 'lastMonth':
      return { start: iso(year, month - 1, 1), end: iso(year, month, 1) };
    case 'quarter': {
      const first = month - ((month - 1) % 3);
      return { start: iso(year, first, 1), end: iso(year, first + 3, 1) };
    }
    case 'year':
      return { start: iso(year, 1, 1), end: iso(year + 1, 1, 1) };
  }
}

/** "2026-12-31" → "2027-01-01". */
export function dayAfter(day: string): string {
  const [year, month] = parts(day);
  return iso(year, month, Number(day.slice(8, 10)) + 1);
}

/** The last day a period includes, as people read it ("01/11 – 30/11", not "– 01/12"). */
export function lastDay(period: Period): string {
  const [year, month] = parts(period.end);
  return iso(year, month, Number(period.end.slice(8, 10)) - 1);
}

/** A typed first and last day (both included) as a period; null unless the last is on or after the first. */
export function customPeriod(first: string, last: string): Period | null {
  const whole = /^\d{4}-\d{2}-\d{2}$/;
  if (!whole.test(first) || !whole.test(last) || last < first) return null;
  return { start: first, end: dayAfter(last) };
}
