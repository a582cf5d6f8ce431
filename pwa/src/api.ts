// The one place the app talks to /api. Errors are RFC 9457 problem documents whose `detail`/`title`
// is meant to be shown to the person as is: every request says the app's language (Accept-Language),
// so the server answers in it (Vietnamese unless the person chose English).
import { ACTING_HEADER, actingHeader } from './acting';
import { getLang, t } from './i18n';

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || t('error.generic'));
    this.name = 'ApiError';
    this.status = problem.status ?? 0;
    this.code = problem.code ?? 'unknown';
    this.problem = problem;
  }
}

function fallbackProblem(status: number): Problem {
  const title = status === 404 ? t('error.notFound') : status >= 500 ? t('error.unavailable') : t('error.generic');
  return { status, title, code: `http_${status}` };
}

async function toApiError(response: Response): Promise<ApiError> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    try {
      const body = (await response.json()) as Problem;
      if (body && typeof body === 'object') return new ApiError({ ...fallbackProblem(response.status), ...body });
    } catch {
      /* malformed body: fall through to the generic message */
    }
  }
  return new ApiError(fallbackProblem(response.status));
}

// The session cookie is HttpOnly; its companion CSRF cookie is readable and must be echoed in
// X-CSRF-Token on every write (see backend/accounts/sessions.py). Its presence also tells the
// shell whether someone is signed in without a request.
const CSRF_COOKIE = 'motcua_csrf';
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

export function csrfToken(): string | null {
  if (typeof document === 'undefined') return null;
  const match = new RegExp(`(?:^|;\\s*)${CSRF_COOKIE}=([^;]+)`).exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : null;
}

export function hasSession(): boolean {
  return csrfToken() !== null;
}

// A 503 (the database or Redis restarting) or a dropped connection is retried on its own, a few times,
// but only for requests that are safe to send twice: idempotent methods, or a write with an Idempotency-Key.
const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];
const MAX_RETRIES = 3;
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 10_000;

/** The wait before retry `attempt` (0-based): what the server's Retry-After asks, else 1, 2, 4 s; at most 10 s. */
export function retryDelayMs(attempt: number, retryAfter: string | null): number {
  let asked = FIRST_RETRY_MS * 2 ** attempt;
  if (retryAfter) {
    const seconds = Number(retryAfter);
    asked = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now() || asked;
  }
  return Math.min(LONGEST_RETRY_MS, Math.max(0, asked));
}

function abortError(): DOMException {
  return new DOMException('The request was aborted', 'AbortError');
}

function wait(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json');
  if (!headers.has('Accept-Language')) headers.set('Accept-Language', getLang());
  const method = (init.method ?? 'GET').toUpperCase();
  const token = csrfToken();
  if (token && !SAFE_METHODS.includes(method)) headers.set('X-CSRF-Token', token);
  const acting = actingHeader(path);
  if (acting) headers.set(ACTING_HEADER, acting);
  const retries = IDEMPOTENT_METHODS.includes(method) || headers.has('Idempotency-Key') ? MAX_RETRIES : 0;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      // Offline, the caller's own queue (the outbox) takes over at once.
      if (attempt >= retries || offline()) throw new ApiError({ status: 0, code: 'network_error', title: t('error.network') });
      await wait(retryDelayMs(attempt, null), init.signal);
      continue;
    }
    if (response.status === 503 && attempt < retries) {
      await wait(retryDelayMs(attempt, response.headers.get('Retry-After')), init.signal);
      continue;
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

export function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return apiFetch<T>(path, { signal });
}

/** A JSON write (POST/PUT/DELETE…); the CSRF header is added by apiFetch. */
export function apiSend<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  return apiFetch<T>(path, init);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The sentence to show a person for a failed call (the problem's detail, in their language, when there is one). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : t('error.generic');
}
