import { describe, expect, it } from 'vitest';
import { isTariff, postageFor } from './tariff';
import { checkDigit, findTrackingCode, isTrackingCode, normaliseTrackingCode, spacedTrackingCode } from './tracking';
import type { Tariff } from './types';

const tariff: Tariff = {
  classes: [
    { code: 'result_letter', name: 'Thư kết quả (đến 250 g)', name_en: 'Result letter (up to 250 g)', max_grams: 250, same_province: 25_000, other_province: 35_000, estimate: true },
    { code: 'papers_2kg', name: 'Giấy tờ gốc (đến 2 kg)', name_en: 'Paper originals (up to 2 kg)', max_grams: 2000, same_province: 35_000, other_province: 50_000, estimate: false },
  ],
  currency: 'VND',
};

describe('the postage shown before submitting', () => {
  it("is the same-province price inside the desk's province and the other one outside it", () => {
    expect(postageFor(tariff, '56', '56')).toEqual({ kind: 'exact', amount: 25_000, sameProvince: true, estimate: true });
    expect(postageFor(tariff, '56', '01')).toEqual({ kind: 'exact', amount: 35_000, sameProvince: false, estimate: true });
    expect(postageFor(tariff, '56', '01', 'papers_2kg')).toEqual({ kind: 'exact', amount: 50_000, sameProvince: false, estimate: false });
  });

  it("is a range until the province is chosen, or when the desk's province is unknown", () => {
    expect(postageFor(tariff, '56', null)).toEqual({ kind: 'range', min: 25_000, max: 35_000, estimate: true });
    expect(postageFor(tariff, null, '56')).toEqual({ kind: 'range', min: 25_000, max: 35_000, estimate: true });
  });

  it('is one figure when both zones cost the same, and nothing for a class the tariff lacks', () => {
    const flat: Tariff = { ...tariff, classes: [{ ...tariff.classes[0], same_province: 20_000, other_province: 20_000 }] };
    expect(postageFor(flat, '56', null)).toEqual({ kind: 'exact', amount: 20_000, sameProvince: false, estimate: true });
    expect(postageFor(flat, '56', '56', 'papers_2kg')).toBeNull();
  });

  it('takes only a tariff-shaped answer', () => {
    expect(isTariff(tariff)).toBe(true);
    expect(isTariff({ classes: [{ weight_class: 'letter' }] })).toBe(false);
    expect(isTariff(null)).toBe(false);
  });
});

describe('tracking codes (UPU S10)', () => {
  it('computes the check digit, including the 10 → 0 and 11 → 5 cases', () => {
    expect(checkDigit('12345678')).toBe(5);
    expect(checkDigit('00000000')).toBe(5); // sum 0: 11 → 5
    expect(checkDigit('00060000')).toBe(0); // 6 × 2 = 12, 12 mod 11 = 1: 11 - 1 = 10 → 0
    expect(checkDigit('00000010')).toBe(2); // 1 × 9 = 9: 11 - 9 = 2
  });

  it('takes codes typed with spaces, dashes or in lower case', () => {
    expect(normaliseTrackingCode(' ra 123 456 785 vn ')).toBe('RA123456785VN');
    expect(normaliseTrackingCode('RA-123-456-785-VN')).toBe('RA123456785VN');
    expect(isTrackingCode('RA123456785VN')).toBe(true);
  });

  it('refuses a wrong check digit, a foreign country and a wrong shape', () => {
    expect(isTrackingCode('RA123456784VN')).toBe(false);
    expect(isTrackingCode('RA123456785US')).toBe(false);
    expect(isTrackingCode('R1123456785VN')).toBe(false);
    expect(isTrackingCode('RA12345678VN')).toBe(false);
  });

  it('finds the code a scanned label or link carries', () => {
    expect(findTrackingCode('RA123456785VN')).toBe('RA123456785VN');
    expect(findTrackingCode('https://motcua.example/#/tra-cuu/van-don/RA123456785VN')).toBe('RA123456785VN');
    expect(findTrackingCode('https://motcua.example/#/tra-cuu/van-don/RA123456784VN')).toBeNull();
    expect(findTrackingCode('hello')).toBeNull();
  });

  it('spaces a code for reading', () => {
    expect(spacedTrackingCode('RA123456785VN')).toBe('RA 123 456 785 VN');
    expect(spacedTrackingCode('odd')).toBe('odd');
  });
});
