// Display helpers following DESIGN.md §6: money in integer VND, dates dd/mm/yyyy (and HH:mm) in Vietnam
// time in either language, phone numbers as people write them.
import { getLang } from './i18n';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const vndFormats = {
  vi: new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }),
};

/** 1250000 → "1.250.000 ₫" in Vietnamese (Intl puts a no-break space before "₫", which keeps the sign on
 * the same line), "₫1,250,000" in English, as the server writes its fee sentences. */
export function formatVnd(amount: number): string {
  return vndFormats[getLang()].format(amount);
}

const dateTimeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The day and time of an ISO 8601 timestamp as seen in Vietnam, or null when it is not a date. */
function vietnamParts(iso: string): Record<string, string> | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(dateTimeParts.formatToParts(date).map((p) => [p.type, p.value]));
}

/** ISO 8601 timestamp → "dd/mm/yyyy" as seen in Vietnam; "" when the input is not a date. */
export function formatDate(iso: string): string {
  const p = vietnamParts(iso);
  return p ? `${p.day}/${p.month}/${p.year}` : '';
}

/** ISO 8601 timestamp → "dd/mm/yyyy HH:mm" (24-hour) as seen in Vietnam; "" for nothing or not a date. */
export function formatDateTime(iso: string | null | undefined): string {
  const p = iso ? vietnamParts(iso) : null;
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : '';
}

const vietnamDayParts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day it is (or was at `at`) in Vietnam, ISO: "2026-11-30". */
export function vietnamDay(at: Date = new Date()): string {
  return vietnamDayParts.format(at);
}

/** A Vietnamese number as people write it: "+84912345678" → "0912 345 678", a landline
 * "+842583822222" → "0258 3822 222". Anything else (foreign, partial) is shown as given. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/[\s.-]/g, '');
  const national = digits.startsWith('+84') ? `0${digits.slice(3)}` : digits;
  if (!/^0\d{9,10}$/.test(national)) return phone.trim();
  const tail = national.length === 10 ? [4, 7] : [4, 8];
  return [national.slice(0, tail[0]), national.slice(tail[0], tail[1]), national.slice(tail[1])].join(' ');
}

/** Lowercase, strip tone and vowel marks, đ→d: "Cấp đổi Giấy phép" → "cap doi giay phep". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** A document's name that already says when it is needed ("… (nếu nộp thay)", "… (if filing for someone
 * else)") needs no "nếu có" / "if any" after it. */
export function saysWhenNeeded(name: string): boolean {
  return /\((nếu|khi|if|when) /i.test(name);
}

/** An explanation says more than the figure shown beside it, unless it only repeats it ("Miễn phí" / "Miễn phí."). */
export function saysMoreThan(explanation: string, shown: string): boolean {
  return explanation.trim().replace(/\.$/, '').toLowerCase() !== shown.trim().toLowerCase();
}
