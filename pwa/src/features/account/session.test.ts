import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiGet, apiSend, hasSession } from '../../api';
import { parseRoute } from '../../router';

function stubFetch() {
  const fetchStub = vi.fn(async () => new Response(null, { status: 204 }));
  vi.stubGlobal('fetch', fetchStub);
  return fetchStub;
}

function sentHeaders(fetchStub: ReturnType<typeof stubFetch>): Headers {
  return new Headers((fetchStub.mock.calls[0] as unknown as [string, RequestInit])[1].headers);
}

afterEach(() => vi.unstubAllGlobals());

describe('session cookies and CSRF', () => {
  it('echoes the CSRF cookie in X-CSRF-Token on writes only', async () => {
    vi.stubGlobal('document', { cookie: 'other=1; motcua_csrf=abc123' });
    expect(hasSession()).toBe(true);

    const write = stubFetch();
    await apiSend('PUT', '/api/me/profile', { full_name: 'Lan' });
    expect(sentHeaders(write).get('X-CSRF-Token')).toBe('abc123');
    expect(sentHeaders(write).get('Content-Type')).toBe('application/json');

    const read = stubFetch();
    await apiGet('/api/me');
    expect(sentHeaders(read).has('X-CSRF-Token')).toBe(false);
  });

  it('knows nobody is signed in without the CSRF cookie', () => {
    vi.stubGlobal('document', { cookie: 'motcua_csrfx=1' });
    expect(hasSession()).toBe(false);
  });
});

describe('account routes', () => {
  it('parses the sign-in, staff sign-in and account paths', () => {
    expect(parseRoute('#/dang-nhap')).toEqual({ name: 'signIn' });
    expect(parseRoute('#/can-bo/dang-nhap')).toEqual({ name: 'staffSignIn' });
    expect(parseRoute('#/tai-khoan')).toEqual({ name: 'account' });
  });
});
