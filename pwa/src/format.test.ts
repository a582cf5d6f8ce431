import { describe, expect, it } from 'vitest';
import { foldVietnamese, formatDate, formatVnd, saysMoreThan, saysWhenNeeded } from './format';

describe('formatVnd', () => {
  it('groups thousands with dots and puts ₫ after a no-break space', () => {
    expect(formatVnd(1_250_000)).toBe('1.250.000\u00a0₫');
    expect(formatVnd(1_250_000).replace(/\s/g, ' ')).toBe('1.250.000 ₫');
  });

  it('formats zero and small amounts', () => {
    expect(formatVnd(0)).toBe('0\u00a0₫');
    expect(formatVnd(500)).toBe('500\u00a0₫');
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
  });
});
