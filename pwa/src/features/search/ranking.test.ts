// The offline search over the demo catalogue, as the API serves it after `just seed`, runs the cases the
// API's tests run (tests/catalog/search_cases.json): online and offline list the same first five.
import { describe, expect, it } from 'vitest';
import catalogue from '../../../../backend/catalog/data/procedures.json';
import shared from '../../../../tests/catalog/search_cases.json';
import { nearly, rankProcedures, searchWords, type Searchable } from './ranking';

// The seed names a province-level procedure's agency "<department> tỉnh <province>" after the first
// department handling its field (backend/catalog/demo.py); the demo province is Khánh Hòa (code 56).
const PROVINCE_TITLE = 'tỉnh Khánh Hòa';
const departments = [...catalogue.demo_departments.agencies].sort((a, b) => a.number.localeCompare(b.number));

function agencyOf(level: string, field: string): { name: string } | null {
  if (level === 'commune') return null;
  const department = departments.find((d) => d.fields.includes(field));
  return department ? { name: `${department.name} ${PROVINCE_TITLE}` } : null;
}

/** Each procedure as the catalogue index the PWA caches carries it. */
const index: Searchable[] = catalogue.procedures.map((p) => ({
  code: p.code,
  name: p.name,
  keywords: p.keywords,
  field: { name: catalogue.fields.find((f) => f.code === p.field)!.name },
  agency: agencyOf(p.level, p.field),
}));

const firstFive = (query: string) => rankProcedures(index, query).slice(0, 5).map((p) => p.code);

describe('offline search ranks as the API does (shared cases)', () => {
  it.each(shared.cases)('"$query"', ({ query, first_five }) => {
    expect(firstFive(query)).toEqual(first_five);
  });
});

describe('nearly matches as the API does (shared cases)', () => {
  it.each(shared.nearly)('$word in "$text": $why', ({ word, text, nearly: expected }) => {
    expect(nearly(text, word)).toBe(expected);
  });
});

describe('offline ranking', () => {
  it('puts "Đăng ký khai sinh" first for "khai sinh" and no death registration in the top three', () => {
    const found = rankProcedures(index, 'khai sinh');
    expect(found[0].name).toBe('Đăng ký khai sinh');
    expect(found.slice(0, 3).map((p) => p.code)).not.toContain('1.000656');
  });

  it('ranks every name holding all the words above every other', () => {
    for (const query of ['khai sinh', 'tam tru', 'giay phep', 'dang ky khai sinh']) {
      const words = searchWords(query);
      const hasEveryWord = rankProcedures(index, query).map((p) => {
        const name = searchWords(p.name);
        return words.every((word) => name.some((nameWord) => nameWord.startsWith(word)));
      });
      expect(hasEveryWord).toContain(true);
      expect(hasEveryWord).toEqual([...hasEveryWord].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('ranks summaries cached before keywords were served without failing', () => {
    const old = index.map(({ keywords: _keywords, ...rest }) => rest);
    expect(rankProcedures(old, 'khai sinh')[0].code).toBe('1.001193');
  });
});
