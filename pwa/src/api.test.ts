import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiGet } from './api';

function stubFetch(response: Response | Error) {
  const fetchStub = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetchStub);
  return fetchStub;
}

afterEach(() => vi.unstubAllGlobals());

describe('apiGet', () => {
  it('returns parsed JSON and asks for JSON or problem+json', async () => {
    const fetchStub = stubFetch(Response.json({ app_name: 'Một Cửa' }));
    await expect(apiGet('/api/config')).resolves.toEqual({ app_name: 'Một Cửa' });
    const headers = new Headers((fetchStub.mock.calls[0] as unknown as [string, RequestInit])[1].headers);
    expect(headers.get('Accept')).toContain('application/problem+json');
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
    await expect(apiGet('/api/x')).rejects.toMatchObject({ status: 0, code: 'network_error', message: expect.stringMatching(/kết nối/) });
  });
});
