import { afterEach, describe, expect, it } from 'vitest';
import {
  foldVietnamese, formatDate, formatDateTime, formatPhone, formatVnd, saysMoreThan, saysWhenNeeded, vietnamDay,
} from './format';
import { setLang } from './i18n';

afterEach(() => setLang('vi'));

describe('formatVnd', () => {
  it('groups thousands with dots and puts ₫ after a no-break space', () => {
    expect(formatVnd(1_250_000)).toBe('1.250.000\u00a0₫');
    expect(formatVnd(1_250_000).replace(/\s/g, ' ')).toBe('1.250.000 ₫');
  });

  it('formats zero and small amounts', () => {
    expect(formatVnd(0)).toBe('0\u00a0₫');
    expect(formatVnd(500)).toBe('500\u00a0₫');
  });

  it('writes money the English way for an English reader, as the server does in its fee sentences', () => {
    setLang('en');
    expect(formatVnd(1_250_000)).toBe('₫1,250,000');
    expect(formatDate('2025-07-01T03:00:00Z')).toBe('01/07/2025'); // dates stay dd/mm/yyyy
  });
});

describe('formatDate', () => {
  it('shows dd/mm/yyyy in Vietnam time', () => {
    expect(formatDate('2025-07-01T03:00:00Z')).toBe('01/07/2025');
  });

  it('moves to the next day when UTC evening is already morning in Vietnam', () => {
    expect(formatDate('2025-12-31T18:30:00Z')).toBe('01/01/2026');
  });

  it('returns an empty string for something that is not a date', () => {
    expect(formatDate('không phải ngày')).toBe('');
  });
});

describe('formatDateTime', () => {
  it('writes dd/mm/yyyy HH:mm in Vietnam time, 24-hour', () => {
    expect(formatDateTime('2026-11-30T17:05:00Z')).toBe('01/12/2026 00:05');
    expect(formatDateTime('2026-07-01T08:30:00+07:00')).toBe('01/07/2026 08:30');
    expect(formatDateTime('2026-07-01T09:45:00Z')).toBe('01/07/2026 16:45');
  });

  it('writes nothing for nothing or for what is not a date', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('')).toBe('');
    expect(formatDateTime('hôm qua')).toBe('');
  });
});

describe('formatPhone', () => {
  it('writes a stored mobile number (E.164) as people write it', () => {
    expect(formatPhone('+84912345678')).toBe('0912 345 678');
    expect(formatPhone('+84 912 345 678')).toBe('0912 345 678');
  });

  it('groups a national number however it was typed', () => {
    expect(formatPhone('0912345678')).toBe('0912 345 678');
    expect(formatPhone('0912.345.678')).toBe('0912 345 678');
    expect(formatPhone('0912-345-678')).toBe('0912 345 678');
  });

  it('writes an 11-digit landline 4-4-3', () => {
    expect(formatPhone('+842583822222')).toBe('0258 3822 222');
  });

  it('leaves what it does not recognise as given, and nothing as nothing', () => {
    expect(formatPhone('+14155550123')).toBe('+14155550123');
    expect(formatPhone(' 0912 ')).toBe('0912');
    expect(formatPhone(null)).toBe('');
  });
});

describe('foldVietnamese', () => {
  it('strips tone and vowel marks, folds đ and case', () => {
    expect(foldVietnamese('Cấp đổi Giấy phép lái xe')).toBe('cap doi giay phep lai xe');
    expect(foldVietnamese('ĐĂNG KÝ THƯỜNG TRÚ')).toBe('dang ky thuong tru');
  });

  it('treats precomposed and decomposed input alike', () => {
    expect(foldVietnamese('Cửa'.normalize('NFD'))).toBe(foldVietnamese('Cửa'.normalize('NFC')));
  });
});

describe('copy that would repeat itself', () => {
  it('drops an explanation that only repeats the figure beside it', () => {
    expect(saysMoreThan('Miễn phí.', 'Miễn phí')).toBe(false);
    expect(saysMoreThan('Không thu phí, lệ phí.', 'Miễn phí')).toBe(true);
  });

  it('needs no "nếu có" after a name that already says when the paper is needed', () => {
    expect(saysWhenNeeded('Văn bản ủy quyền (nếu nộp thay)')).toBe(true);
    expect(saysWhenNeeded('Giấy xác nhận tình trạng hôn nhân (khi đăng ký ngoài nơi cư trú)')).toBe(true);
    expect(saysWhenNeeded('Giấy chứng nhận kết hôn')).toBe(false);
    expect(saysWhenNeeded('Letter of authorisation (if filing for someone else)')).toBe(true);
    expect(saysWhenNeeded('Marriage certificate')).toBe(false);
  });
});

describe('vietnamDay', () => {
  it('is the day in Vietnam (UTC+7), whatever the device clock zone', () => {
    expect(vietnamDay(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30');
    expect(vietnamDay(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
  });
});
