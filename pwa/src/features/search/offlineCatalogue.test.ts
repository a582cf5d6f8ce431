import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALL_PAGES_UP_TO, pagesToKeep } from './offlineCatalogue';
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

describe('pagesToKeep (what the phone fetches ahead)', () => {
  const catalogue = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `3.${i}` }) as ProcedureSummary);

  afterEach(() => vi.unstubAllGlobals());

  it('keeps every page of a small catalogue', async () => {
    const fetchStub = vi.fn();
    vi.stubGlobal('fetch', fetchStub);
    expect(await pagesToKeep(catalogue(26))).toHaveLength(26);
    expect(fetchStub).not.toHaveBeenCalled();
  });

  it("keeps only the most filed pages of a province's catalogue", async () => {
    const popular = { days: 30, items: [{ code: '1.001193', submitted: 9 }, { code: '2.000815', submitted: 4 }] };
    vi.stubGlobal('fetch', vi.fn(async () => Response.json(popular)));
    expect(await pagesToKeep(catalogue(ALL_PAGES_UP_TO + 1))).toEqual(['1.001193', '2.000815']);
  });

  it('keeps none ahead when the most filed cannot be read', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 500 })));
    expect(await pagesToKeep(catalogue(2000))).toEqual([]);
  });
});
