// The one place the app talks to /api. Errors are RFC 9457 problem documents whose
// Vietnamese `detail`/`title` is meant to be shown to the citizen as is.
import { t } from './i18n';

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

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json');
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network_error', title: t('error.network') });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return apiFetch<T>(path, { signal });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
