// The public dashboard's pure parts: which period to ask for, how it reads, shares as people write them, and the
// bars' geometry (plain SVG, no chart library).
import { isoToDmy } from '../../dates';
import type { Lang } from '../../i18n';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';

export interface PeriodChoice {
  kind: PeriodKind;
  year: number;
  month: number; // 1–12
  quarter: number; // 1–4
  from: string; // ISO days, for a range
  to: string;
}

/** The last whole month before `today` (ISO): a dashboard opens on figures that no longer move. */
export function lastMonth(today: string): PeriodChoice {
  const [year, month] = today.split('-').map(Number);
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return { kind: 'month', ...previous, quarter: Math.ceil(previous.month / 3), from: '', to: '' };
}

/** The query string the API takes: `period=2026-11`, `2026-Q4`, `2026`, or `from=…&to=…`. */
export function periodQuery(choice: PeriodChoice): string {
  switch (choice.kind) {
    case 'month':
      return `period=${choice.year}-${String(choice.month).padStart(2, '0')}`;
    case 'quarter':
      return `period=${choice.year}-Q${choice.quarter}`;
    case 'year':
      return `period=${choice.year}`;
    case 'range':
      return `from=${choice.from}&to=${choice.to}`;
  }
}

/** The period the server answered for, as people say it: "Tháng 11/2026", "Quý 4/2026", "Năm 2026",
 * "01/11/2026 – 15/11/2026". */
export function periodLabel(period: string, lang: Lang): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `${lang === 'en' ? 'Month' : 'Tháng'} ${month[2]}/${month[1]}`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return lang === 'en' ? `Q${quarter[2]} ${quarter[1]}` : `Quý ${quarter[2]}/${quarter[1]}`;
  if (/^\d{4}$/.test(period)) return `${lang === 'en' ? 'Year' : 'Năm'} ${period}`;
  const [from, to] = period.split('..');
  return `${isoToDmy(from)} – ${isoToDmy(to ?? '')}`;
}

const percentFormats = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};
const countFormats = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

/** 75 → "75,0 %" in Vietnamese, "75.0%" in English; a share of nothing → "–". */
export function formatPercent(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  const number = percentFormats[lang].format(value);
  return lang === 'en' ? `${number}%` : `${number} %`;
}

const averageFormats = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** The overall satisfaction's average (1–5): 3.67 → "3,67" in Vietnamese, "3.67" in English; not shown → "–". */
export function formatAverage(value: number | null | undefined, lang: Lang): string {
  return value === null || value === undefined ? '–' : averageFormats[lang].format(value);
}

/** 12500 → "12.500" in Vietnamese, "12,500" in English. */
export function formatCount(value: number, lang: Lang): string {
  return countFormats[lang].format(value);
}

/** A share (0–100, null: nothing to count) as a bar's width out of `width`; never negative nor wider. */
export function barWidth(percent: number | null | undefined, width: number): number {
  if (!percent || percent < 0) return 0;
  return (Math.min(percent, 100) / 100) * width;
}

export interface Segment {
  key: 'early' | 'on_time' | 'late';
  x: number;
  width: number;
}

/** Early, on time and late side by side in one bar of `width`, from the counts (the rounded shares may not add
 * up to 100): the segments touch and end exactly at the bar's end; none when nothing was resolved. */
export function timelinessSegments(early: number, onTime: number, late: number, width: number): Segment[] {
  const total = early + onTime + late;
  if (total <= 0) return [];
  const segments: Segment[] = [];
  let counted = 0;
  for (const [key, count] of [['early', early], ['on_time', onTime], ['late', late]] as const) {
    const x = (counted / total) * width;
    counted += count;
    if (count > 0) segments.push({ key, x, width: (counted / total) * width - x });
  }
  return segments;
}
