// One photo per request, over XMLHttpRequest because fetch reports no upload progress (a page of a dossier, and
// feedback's photos).
// Network errors and 5xx are retried with backoff; a 4xx is final (the server's Vietnamese detail).
import { ACTING_HEADER, actingHeader } from '../../acting';
import { ApiError, csrfToken, type Problem } from '../../api';
import { t } from '../../i18n';
import './ruleMessages';

export interface UploadOptions {
  onProgress?: (fraction: number) => void;
  retries?: number;
  /** Base delay before the first retry; doubled each time. */
  backoffMs?: number;
  /** PUT (a page's id is the app's) unless the server names what it stores (POST). */
  method?: 'PUT' | 'POST';
  headers?: Record<string, string>;
}

function once(url: string, body: Blob, options: UploadOptions): Promise<unknown> {
  const { onProgress } = options;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'PUT', url);
    xhr.setRequestHeader('Content-Type', body.type || 'application/octet-stream');
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    const acting = actingHeader(url);
    if (acting) xhr.setRequestHeader(ACTING_HEADER, acting);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network_error', title: t('error.network') }));
    xhr.ontimeout = xhr.onerror;
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(parsed);
      const problem: Problem = parsed && typeof parsed === 'object' ? (parsed as Problem) : {};
      const fallback = xhr.status === 413 ? t('filing.tooLarge') : xhr.status >= 500 ? t('error.unavailable') : t('error.generic');
      reject(new ApiError({ title: fallback, code: `http_${xhr.status}`, ...problem, status: xhr.status }));
    };
    xhr.send(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function uploadWithRetry(url: string, body: Blob, options: UploadOptions = {}): Promise<unknown> {
  const retries = options.retries ?? 3;
  const backoff = options.backoffMs ?? 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await once(url, body, options);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      const transient = status === 0 || status === 408 || status === 429 || status >= 500;
      if (!transient || attempt >= retries || !navigator.onLine) throw error;
      await sleep(backoff * 2 ** attempt);
    }
  }
}
