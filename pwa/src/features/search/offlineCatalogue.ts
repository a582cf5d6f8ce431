// Keeps the catalogue usable offline: once online, the list of every procedure and each
// procedure page are fetched once so the service worker's "catalog" cache holds them; with
// the network cut, search falls back to filtering that list on the phone.
import { apiGet } from '../../api';
import { foldVietnamese } from '../../format';
import { warmUnits } from '../../units';
import type { ProcedurePage, ProcedureSummary } from './procedureSummary';

const INDEX_URL = '/api/catalog/procedures?limit=100';

async function loadIndex(): Promise<ProcedureSummary[]> {
  const items: ProcedureSummary[] = [];
  let url: string | null = INDEX_URL;
  while (url) {
    const page: ProcedurePage = await apiGet<ProcedurePage>(url);
    items.push(...page.items);
    url = page.next ? `${INDEX_URL}&after=${encodeURIComponent(page.next)}` : null;
  }
  return items;
}

/** Warm the service worker's catalogue cache; skipped when the person asked to save data. */
export async function warmCatalogue(): Promise<void> {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return;
  await warmUnits(); // first: two small lists that filing offline cannot do without
  const items = await loadIndex();
  for (const item of items) {
    await apiGet(`/api/catalog/procedures/${encodeURIComponent(item.code)}`); // one at a time: a slow link stays usable
  }
}

/** Every word of the query must start a word of the name, field or agency (diacritics ignored). */
export function matchesQuery(item: ProcedureSummary, query: string): boolean {
  const words = foldVietnamese([item.name, item.field.name, item.agency?.name ?? ''].join(' ')).split(/\s+/);
  return foldVietnamese(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => words.some((word) => word.startsWith(term)));
}

export async function searchOffline(query: string): Promise<ProcedureSummary[]> {
  return (await loadIndex()).filter((item) => matchesQuery(item, query));
}
