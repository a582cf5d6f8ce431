import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, apiGet, apiSend, retryDelayMs } from './api';
import { setLang } from './i18n';

function stubFetchSequence(...answers: (Response | Error)[]) {
  const fetchStub = vi.fn(async () => {
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    if (answer instanceof Error) throw answer;
    return answer.clone();
  });
  vi.stubGlobal('fetch', fetchStub);
  return fetchStub;
}

function unavailable(retryAfter?: string): Response {
  const problem = { title: 'Dịch vụ tạm thời gián đoạn', status: 503, code: 'service_unavailable', detail: 'Hãy thử lại sau vài giây.' };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (retryAfter) headers['Retry-After'] = retryAfter;
  return new Response(JSON.stringify(problem), { status: 503, headers });
}

function stubFetch(response: Response | Error) {
  const fetchStub = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetchStub);
  return fetchStub;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  setLang('vi');
});

describe('apiGet', () => {
  it('returns parsed JSON and asks for JSON or problem+json', async () => {
    const fetchStub = stubFetch(Response.json({ app_name: 'Một Cửa' }));
    await expect(apiGet('/api/config')).resolves.toEqual({ app_name: 'Một Cửa' });
    const headers = new Headers((fetchStub.mock.calls[0] as unknown as [string, RequestInit])[1].headers);
    expect(headers.get('Accept')).toContain('application/problem+json');
    expect(headers.get('Accept-Language')).toBe('vi');
  });

  it('asks the server to answer in the language the person chose in the app', async () => {
    setLang('en');
    const fetchStub = stubFetch(Response.json({}));
    await apiSend('PUT', '/api/dossiers/x', { procedure_code: '1.001193' });
    const headers = new Headers((fetchStub.mock.calls[0] as unknown as [string, RequestInit])[1].headers);
    expect(headers.get('Accept-Language')).toBe('en');
  });

  it('throws an ApiError carrying the Vietnamese detail of a problem document', async () => {
    const problem = {
      type: 'https://motcua.example/problems/procedure-not-found',
      title: 'Không tìm thấy thủ tục',
      status: 404,
      detail: 'Thủ tục mã 1.000123 không tồn tại hoặc đã bị bãi bỏ.',
      code: 'procedure_not_found',
    };
    stubFetch(
      new Response(JSON.stringify(problem), { status: 404, headers: { 'content-type': 'application/problem+json' } }),
    );
    const error = await apiGet('/api/catalog/procedures/1.000123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ message: problem.detail, status: 404, code: 'procedure_not_found', problem });
  });

  it('uses the title when the problem has no detail', async () => {
    stubFetch(
      new Response(JSON.stringify({ title: 'Dữ liệu không hợp lệ', status: 422, code: 'validation_failed' }), {
        status: 422,
        headers: { 'content-type': 'application/problem+json' },
      }),
    );
    await expect(apiGet('/api/x')).rejects.toMatchObject({ message: 'Dữ liệu không hợp lệ', code: 'validation_failed' });
  });

  it('gives a Vietnamese message when the error body is not a problem document', async () => {
    stubFetch(new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    await expect(apiGet('/api/x')).rejects.toMatchObject({ status: 502, code: 'http_502', message: expect.stringMatching(/thử lại/) });
  });

  it('turns a network failure into a Vietnamese ApiError', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    vi.stubGlobal('navigator', { onLine: false }); // offline: no retries, the outbox takes over
    await expect(apiGet('/api/x')).rejects.toMatchObject({ status: 0, code: 'network_error', message: expect.stringMatching(/kết nối/) });
  });
});

describe('retries on their own', () => {
  it('waits what Retry-After asks, then gets the answer', async () => {
    vi.useFakeTimers();
    const fetchStub = stubFetchSequence(unavailable('2'), Response.json({ ok: true }));
    const answer = apiGet('/api/dossiers');
    await vi.advanceTimersByTimeAsync(1999);
    expect(fetchStub).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(answer).resolves.toEqual({ ok: true });
    expect(fetchStub).toHaveBeenCalledTimes(2);
  });

  it('gives up after three retries with the Vietnamese problem', async () => {
    vi.useFakeTimers();
    const fetchStub = stubFetchSequence(unavailable('5'));
    const answer = apiSend('PUT', '/api/me/profile', { full_name: 'Lan' });
    const failed = expect(answer).rejects.toMatchObject({ status: 503, code: 'service_unavailable', message: 'Hãy thử lại sau vài giây.' });
    await vi.advanceTimersByTimeAsync(15_000);
    await failed;
    expect(fetchStub).toHaveBeenCalledTimes(4);
  });

  it('retries a write only when it carries an Idempotency-Key', async () => {
    vi.useFakeTimers();
    const once = stubFetchSequence(unavailable('1'), Response.json({ ok: true }));
    await expect(apiSend('POST', '/api/dossiers/1/withdraw', {})).rejects.toMatchObject({ status: 503 });
    expect(once).toHaveBeenCalledTimes(1);

    const keyed = stubFetchSequence(unavailable('1'), Response.json({ code: 'H56-1' }));
    const submitted = apiFetch('/api/dossiers/1/submit', { method: 'POST', headers: { 'Idempotency-Key': 'k1' } });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(submitted).resolves.toEqual({ code: 'H56-1' });
    expect(keyed).toHaveBeenCalledTimes(2);
  });

  it('retries a dropped connection with growing waits while online', async () => {
    vi.useFakeTimers();
    const fetchStub = stubFetchSequence(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), Response.json([]));
    const answer = apiGet('/api/dossiers');
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetchStub).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(fetchStub).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(answer).resolves.toEqual([]);
  });

  it('stops waiting when the caller aborts', async () => {
    vi.useFakeTimers();
    const fetchStub = stubFetchSequence(unavailable('5'));
    const controller = new AbortController();
    const answer = apiGet('/api/catalog/procedures?q=khai', controller.signal);
    const aborted = expect(answer).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await aborted;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchStub).toHaveBeenCalledTimes(1);
  });

  it('reads Retry-After as seconds or as a date, and never waits more than 10 s', () => {
    expect(retryDelayMs(0, null)).toBe(1000);
    expect(retryDelayMs(2, null)).toBe(4000);
    expect(retryDelayMs(0, '5')).toBe(5000);
    expect(retryDelayMs(0, '120')).toBe(10_000);
    vi.useFakeTimers({ now: Date.parse('2026-11-30T05:00:00Z') });
    expect(retryDelayMs(0, 'Mon, 30 Nov 2026 05:00:03 GMT')).toBe(3000);
  });
});
