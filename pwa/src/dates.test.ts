import { describe, expect, it } from 'vitest';
import { dmyToIso, isoToDmy, maskDmy, readDate } from './dates';

describe('dates typed as dd/mm/yyyy, kept as ISO', () => {
  it('masks digits as they are typed and keeps separators typed by hand', () => {
    expect(['0', '01', '011', '0111', '01112', '01112026', '011120261'].map(maskDmy)).toEqual([
      '0', '01', '01/1', '01/11', '01/11/2', '01/11/2026', '01/11/2026',
    ]);
    expect(maskDmy('1.11-2026')).toBe('1/11/2026');
    expect(maskDmy('1//11/2026')).toBe('1/11/2026');
    expect(maskDmy('ngày 1/11')).toBe('1/11');
  });

  it('turns a whole, real date into ISO, and nothing else', () => {
    expect(dmyToIso('1/11/2026')).toBe('2026-11-01');
    expect(dmyToIso('29/02/2024')).toBe('2024-02-29');
    expect(dmyToIso('29/02/2026')).toBeNull();
    expect(dmyToIso('01/11')).toBeNull();
  });

  it('keeps what an input shows and what is stored in step', () => {
    expect(readDate('01112026')).toBe('2026-11-01');
    expect(readDate('2026-11-01')).toBe('2026-11-01'); // pasted in ISO
    expect(readDate('31/02/2026')).toBe('31/02/2026'); // kept for the rule to refuse
    expect(isoToDmy('2026-11-01')).toBe('01/11/2026');
    expect(isoToDmy('01/11')).toBe('01/11');
  });
});
