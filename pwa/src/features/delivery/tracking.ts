// Tracking codes are UPU S10 (mã bưu gửi): two letters, an 8-digit serial, its check digit, and the
// country "VN" — "RA123456785VN". People read them off an SMS or a label and type them with spaces or in
// lower case; a scanner hands over whatever the QR holds (the code alone, or a tracking link).

const S10 = /^[A-Z]{2}(\d{8})(\d)VN$/;
const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];
/** A code anywhere inside a longer text (a scanned link "…/#/tra-cuu/van-don/RA123456785VN"). */
const S10_INSIDE = /[A-Za-z]{2}\s*\d{3}\s*\d{3}\s*\d{3}\s*VN/i;

/** " ra 123 456 785 vn " → "RA123456785VN": spaces and dashes dropped, upper case. */
export function normaliseTrackingCode(typed: string): string {
  return typed.replace(/[\s.-]/g, '').toUpperCase();
}

/** The S10 check digit of an 8-digit serial (weights 8 6 4 2 3 5 9 7; 10 → 0, 11 → 5). */
export function checkDigit(serial: string): number {
  const sum = [...serial].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i], 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** True for a well-formed code whose check digit is right (a typo in one digit is caught here). */
export function isTrackingCode(code: string): boolean {
  const match = S10.exec(code);
  return !!match && checkDigit(match[1]) === Number(match[2]);
}

/** The tracking code a scan or a paste carries, normalised; null when there is none. */
export function findTrackingCode(text: string): string | null {
  const whole = normaliseTrackingCode(text);
  if (isTrackingCode(whole)) return whole;
  const inside = S10_INSIDE.exec(text);
  const code = inside ? normaliseTrackingCode(inside[0]) : null;
  return code && isTrackingCode(code) ? code : null;
}

/** "RA123456785VN" → "RA 123 456 785 VN", easier to read aloud and compare with a label. */
export function spacedTrackingCode(code: string): string {
  const match = /^([A-Z]{2})(\d{3})(\d{3})(\d{3})(VN)$/.exec(code);
  return match ? match.slice(1).join(' ') : code;
}
