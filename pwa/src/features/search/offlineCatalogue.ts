// Keeps the catalogue usable offline: once online, the list of every procedure is fetched once so the
// service worker's "catalog" cache holds it, with procedure pages (all of them while the catalogue is
// small; at a province's scale, ~2,000 pages are ~2.4 MB: only the most filed ones, the rest kept
// once opened); with the network cut, search falls back to ranking that list on the phone, the way
// the API does.
import { apiGet } from '../../api';
import type { components } from '../../../../api_schema/openapi';
import { warmUnits } from '../../units';
import { TARIFF_PATH } from '../delivery/paths';
import type { ProcedurePage, ProcedureSummary } from './procedureSummary';
import { rankProcedures } from './ranking';

type Schemas = components['schemas'];

const INDEX_URL = '/api/catalog/procedures?limit=100';
// Up to this many procedures every page is kept (~1.2 KB each on the wire); above it, the most filed ones.
export const ALL_PAGES_UP_TO = 200;
const POPULAR_URL = '/api/stats/popular-procedures';

// The list as last read, for the next offline searches: read and parsed once, not at every keystroke.
let index: Promise<ProcedureSummary[]> | null = null;

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
  index = Promise.resolve(items);
  for (const code of await pagesToKeep(items)) {
    await apiGet(`/api/catalog/procedures/${encodeURIComponent(code)}`); // one at a time: a slow link stays usable
  }
}

/** The procedures whose pages are fetched ahead: every one in a small catalogue, else the most filed. */
export async function pagesToKeep(items: ProcedureSummary[]): Promise<string[]> {
  if (items.length <= ALL_PAGES_UP_TO) return items.map((item) => item.code);
  const popular = await apiGet<Schemas['PopularProcedures']>(POPULAR_URL).catch(() => null);
  return (popular?.items ?? []).map((item) => item.code);
}

/** The first `limit` procedures the query lists, ranked as the API ranks them (see ranking.ts). */
export async function searchOffline(query: string, limit: number): Promise<ProcedureSummary[]> {
  index ??= loadIndex();
  try {
    return rankProcedures(await index, query).slice(0, limit);
  } catch (error) {
    index = null; // nothing cached yet: read it again next time
    throw error;
  }
}
