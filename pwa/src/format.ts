// Display helpers following DESIGN.md §6: money in integer VND, dates dd/mm/yyyy in Vietnam time.

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const vndFormat = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 });

/** 1250000 → "1.250.000 ₫" (Intl puts a no-break space before "₫", which keeps the sign on the same line). */
export function formatVnd(amount: number): string {
  return vndFormat.format(amount);
}

const dateParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** ISO 8601 timestamp → "dd/mm/yyyy" as seen in Vietnam; "" when the input is not a date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const parts = Object.fromEntries(dateParts.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year}`;
}

/** Lowercase, strip tone and vowel marks, đ→d: "Cấp đổi Giấy phép" → "cap doi giay phep". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** A document's name that already says when it is needed ("… (nếu nộp thay)") needs no "nếu có" after it. */
export function saysWhenNeeded(name: string): boolean {
  return /\((nếu|khi) /i.test(name);
}

/** An explanation says more than the figure shown beside it, unless it only repeats it ("Miễn phí" / "Miễn phí."). */
export function saysMoreThan(explanation: string, shown: string): boolean {
  return explanation.trim().replace(/\.$/, '').toLowerCase() !== shown.trim().toLowerCase();
}
