// Provinces and communes (administrative units) for the pickers, from the catalogue API. One
// response per list (the 34 provinces; a province's communes, at most a few hundred), cached by the
// service worker like the catalogue; `warmUnits` fetches the lists filing needs so that choosing
// where to file and where to receive the result works with the network cut.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../api_schema/openapi';
import { apiGet } from './api';
import { loadConfig, storedConfig } from './config';
import { getLang } from './i18n';

export type AdminUnit = components['schemas']['AdminUnit'];

/** A place as the reader's language names it: "Phường Nha Trang", "Nha Trang Ward" (lists cached before
 * the English names were served keep the Vietnamese until they are refreshed). */
export function unitName(unit: AdminUnit): string {
  return getLang() === 'en' && unit.name_en ? unit.name_en : unit.name;
}

/** Every picker asks for exactly these URLs, so they answer from the same cached responses. */
export const PROVINCES_PATH = '/api/catalog/provinces?limit=100';

export function communesPath(provinceCode: string): string {
  return `/api/catalog/provinces/${encodeURIComponent(provinceCode)}/communes?limit=500`;
}

/** The province whose communes take commune-level dossiers here (from the runtime config). */
export function serviceProvince(): string | null {
  return storedConfig()?.province_code ?? null;
}

/** The units listed at `path` (none while `path` is null or the call fails). */
export function useUnits(path: string | null): AdminUnit[] {
  const [units, setUnits] = useState<AdminUnit[]>([]);
  useEffect(() => {
    if (!path) return setUnits([]);
    const controller = new AbortController();
    apiGet<{ items: AdminUnit[] }>(path, controller.signal)
      .then((page) => setUnits(page.items))
      .catch(() => setUnits([]));
    return () => controller.abort();
  }, [path]);
  return units;
}

/** Fill the service worker's cache with the provinces and the service province's communes. */
export async function warmUnits(): Promise<void> {
  await apiGet(PROVINCES_PATH);
  const province = serviceProvince() ?? (await loadConfig())?.province_code;
  if (province) await apiGet(communesPath(province));
}
