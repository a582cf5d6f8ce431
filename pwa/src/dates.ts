// Dates typed as people write them in Vietnam (dd/mm/yyyy), whatever the browser's locale, and
// stored as ISO (yyyy-mm-dd). A native date input would follow the browser's locale instead.

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function validDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isIsoDate(text: string): boolean {
  const match = ISO.exec(text);
  return !!match && validDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** "2026-11-01" → "01/11/2026"; anything else is returned as it is (a date still being typed). */
export function isoToDmy(text: string): string {
  const match = ISO.exec(text);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : text;
}

/** "1/11/2026" → "2026-11-01"; null unless it is a whole, real date. */
export function dmyToIso(text: string): string | null {
  const match = DMY.exec(text);
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return validDay(year, month, day) ? `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}` : null;
}

/** Typing "01112026" shows "01/11/2026"; separators typed by hand (/ . -) are kept, as "/". */
export function maskDmy(typed: string): string {
  const text = typed.replace(/[.-]/g, '/').replace(/[^\d/]/g, '').replace(/\/{2,}/g, '/');
  if (text.includes('/')) return text.slice(0, 10);
  const digits = text.slice(0, 8);
  if (digits.length <= 2) return digits;
  if (digits.length <= 4) return `${digits.slice(0, 2)}/${digits.slice(2)}`;
  return `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
}

/** What a date input's text is kept as: ISO once it is a whole date (typed or pasted either way),
 * else the masked text, so the form's rule can say what is wrong with it. */
export function readDate(typed: string): string {
  if (isIsoDate(typed.trim())) return typed.trim();
  const masked = maskDmy(typed);
  return dmyToIso(masked) ?? masked;
}
