// Keeps the catalogue usable offline: once online, the list of every procedure and each
// procedure page are fetched once so the service worker's "catalog" cache holds them; with
// the network cut, search falls back to ranking that list on the phone, the way the API does.
import { apiGet } from '../../api';
import { warmUnits } from '../../units';
import { TARIFF_PATH } from '../delivery/paths';
import type { ProcedurePage, ProcedureSummary } from './procedureSummary';
import { rankProcedures } from './ranking';

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
  await warmUnits(); // first: what filing offline cannot do without (the unit lists, the postal tariff)
  await apiGet(TARIFF_PATH).catch(() => undefined); // filing shows "postage announced later" without it
  const items = await loadIndex();
  for (const item of items) {
    await apiGet(`/api/catalog/procedures/${encodeURIComponent(item.code)}`); // one at a time: a slow link stays usable
  }
}

/** The first `limit` procedures the query lists, ranked as the API ranks them (see ranking.ts). */
export async function searchOffline(query: string, limit: number): Promise<ProcedureSummary[]> {
  return rankProcedures(await loadIndex(), query).slice(0, limit);
}
