import { describe, expect, it } from 'vitest';
import { postageFor } from './tariff';
import { checkDigit, findTrackingCode, isTrackingCode, normaliseTrackingCode, spacedTrackingCode } from './tracking';
import type { Tariff } from './types';

const tariff: Tariff = {
  classes: [
    { weight_class: 'letter', max_grams: 250, same_province: 25_000, other_province: 32_000 },
    { weight_class: 'parcel', max_grams: 2000, same_province: 40_000, other_province: 55_000 },
  ],
  origin_province_code: '56',
  verified: true,
};

describe('the postage shown before submitting', () => {
  it('is the same-province price inside the agency province and the other one outside it', () => {
    expect(postageFor(tariff, '56')).toEqual({ kind: 'exact', amount: 25_000, sameProvince: true });
    expect(postageFor(tariff, '01')).toEqual({ kind: 'exact', amount: 32_000, sameProvince: false });
    expect(postageFor(tariff, '01', 'parcel')).toEqual({ kind: 'exact', amount: 55_000, sameProvince: false });
  });

  it('is a range until the province is chosen, or when the agency province is unknown', () => {
    expect(postageFor(tariff, null)).toEqual({ kind: 'range', min: 25_000, max: 32_000 });
    expect(postageFor({ ...tariff, origin_province_code: null }, '56')).toEqual({ kind: 'range', min: 25_000, max: 32_000 });
  });

  it("falls back to the deployment's province when the tariff names none", () => {
    expect(postageFor({ ...tariff, origin_province_code: null }, '56', 'letter', '56')).toEqual({
      kind: 'exact', amount: 25_000, sameProvince: true,
    });
  });

  it('is one figure when both prices are the same, and nothing for a class the tariff lacks', () => {
    const flat: Tariff = { ...tariff, classes: [{ weight_class: 'letter', max_grams: 250, same_province: 20_000, other_province: 20_000 }] };
    expect(postageFor(flat, null)).toEqual({ kind: 'exact', amount: 20_000, sameProvince: false });
    expect(postageFor(flat, '56', 'parcel')).toBeNull();
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
