import { describe, expect, it } from 'vitest';
import { choicesFrom, freshCode, simpleFee } from './draft';

describe('draft editing helpers', () => {
  it('gives new papers and fields a code nobody uses', () => {
    expect(freshCode('giay_to', ['giay_to_2', 'to_khai'])).toBe('giay_to_3');
    expect(freshCode('truong', [])).toBe('truong_1');
  });

  it('reads choices typed with commas', () => {
    expect(choicesFrom(' Bản chính,  Bản sao ,')).toEqual(['Bản chính', 'Bản sao']);
    expect(choicesFrom('  ')).toBeNull();
  });

  it('offers an amount only for simple fees', () => {
    expect(simpleFee({ kind: 'flat', amount: 25000, verified: true })).toEqual({ kind: 'flat', amount: 25000 });
    expect(simpleFee({ kind: 'free', verified: true })).toEqual({ kind: 'free' });
    expect(simpleFee({ kind: 'flat', amount: 1, exemptions: ['ho_ngheo'], verified: true })).toBeNull();
    expect(simpleFee({ kind: 'by_channel', counter: 1, online: 0, verified: true })).toBeNull();
  });
});
