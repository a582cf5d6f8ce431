// Provinces and communes (administrative units) for address pickers, from the catalogue API.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../api_schema/openapi';
import { apiGet } from './api';

export type AdminUnit = components['schemas']['AdminUnit'];

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
