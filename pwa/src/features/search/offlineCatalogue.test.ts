import { describe, expect, it } from 'vitest';
import type { ProcedureSummary } from './procedureSummary';
import { rankProcedures } from './ranking';

const licence = {
  code: '1.002804',
  name: 'Cấp đổi giấy phép lái xe',
  field: { code: 'giay_phep_lai_xe', name: 'Giấy phép lái xe' },
  agency: { code: '000.00.19.H56', name: 'Sở Xây dựng' },
} as ProcedureSummary;

/** Whether the offline search lists the procedure for the query. */
const matchesQuery = (item: ProcedureSummary, query: string) => rankProcedures([item], query).length === 1;

describe('matchesQuery (offline search)', () => {
  it('ignores tone marks, đ and case', () => {
    expect(matchesQuery(licence, 'cap doi giay phep')).toBe(true);
    expect(matchesQuery(licence, 'CẤP ĐỔI')).toBe(true);
  });

  it('matches word prefixes and the agency name', () => {
    expect(matchesQuery(licence, 'giay ph lai')).toBe(true);
    expect(matchesQuery(licence, 'so xay')).toBe(true);
  });

  it('needs every word to match', () => {
    expect(matchesQuery(licence, 'cap khai sinh')).toBe(false);
  });
});
