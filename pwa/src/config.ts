// Runtime configuration comes from the server (/api/config), never from the build, so one
// build serves every environment. The last good copy is kept for starts without network.
import { apiGet } from './api';

export interface RuntimeConfig {
  app_name: string;
  environment: string;
  version: string;
  /** The province whose communes take commune-level dossiers; absent from copies kept by older versions. */
  province_code?: string;
}

const STORAGE_KEY = 'motcua.config';

function isRuntimeConfig(value: unknown): value is RuntimeConfig {
  const v = value as RuntimeConfig;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.app_name === 'string' &&
    typeof v.environment === 'string' &&
    typeof v.version === 'string' &&
    (v.province_code === undefined || typeof v.province_code === 'string')
  );
}

export function storedConfig(): RuntimeConfig | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return isRuntimeConfig(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export async function loadConfig(): Promise<RuntimeConfig | null> {
  try {
    const config = await apiGet<unknown>('/api/config');
    if (!isRuntimeConfig(config)) return storedConfig();
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(config));
    } catch {
      /* storage full or blocked: keep using it for this session */
    }
    return config;
  } catch {
    return storedConfig();
  }
}
