// A volunteer or reception officer filing for someone holds an acting-for grant (backend/volunteers): its token
// goes in X-Acting-For on the citizen filing routes, so the same screens file in the person's account. Kept for
// this tab only (sessionStorage): a closed tab or a submitted dossier ends it.
export interface Acting {
  token: string;
  name: string;
  channel: 'assisted' | 'counter';
  expires_at: string;
}

const KEY = 'motcua.actingFor';
export const ACTING_HEADER = 'X-Acting-For';

export function actingFor(): Acting | null {
  try {
    const acting = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Acting | null;
    return acting && Date.parse(acting.expires_at) > Date.now() ? acting : null;
  } catch {
    return null;
  }
}

export function startActing(acting: Acting): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(acting));
  } catch {
    /* storage blocked: the grant lives only in this screen */
  }
  dispatchEvent(new Event('motcua-acting'));
}

export function stopActing(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* nothing was stored */
  }
  dispatchEvent(new Event('motcua-acting'));
}

/** The grant's header for a request to `path` (only the filing routes, /api/dossiers…, read it). */
export function actingHeader(path: string): string | null {
  return path.startsWith('/api/dossiers') ? (actingFor()?.token ?? null) : null;
}
