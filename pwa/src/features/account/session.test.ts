import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiGet, apiSend, hasSession } from '../../api';
import { href, parseRoute } from '../../router';
import { forgetSession, isOfficer, landingOf, rememberWho, whoIsSignedIn } from './session';
import type { Me } from './types';

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
    expect(parseRoute(href.staffHome)).toEqual({ name: 'staffHome' });
  });

  it('parses a field of the catalogue', () => {
    expect(parseRoute(href.field('ho_tich'))).toEqual({ name: 'field', code: 'ho_tich' });
  });
});

/** A signed-in device: the CSRF cookie present, and a localStorage of its own. */
function signedInDevice() {
  const cookies = { cookie: 'motcua_csrf=abc' };
  const stored = new Map<string, string>();
  vi.stubGlobal('document', cookies);
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => stored.set(key, value),
    removeItem: (key: string) => stored.delete(key),
  });
  return { cookies, stored };
}

const staff = (role: Me['role']) => ({ kind: 'staff', role, id: 'x', display_name: 'A', language: 'vi' }) as Me;

describe('who is signed in, and where they start', () => {
  it('sends each officer to the queue, other staff to their page, citizens to their account', () => {
    signedInDevice();
    for (const role of ['reception_officer', 'specialist', 'leader'] as const) {
      rememberWho(staff(role));
      expect(whoIsSignedIn()).toEqual({ kind: 'staff', role });
      expect(landingOf(whoIsSignedIn())).toBe(href.office);
    }
    for (const role of ['courier', 'volunteer', 'admin'] as const) {
      rememberWho(staff(role));
      expect(isOfficer(whoIsSignedIn())).toBe(false);
      expect(landingOf(whoIsSignedIn())).toBe(href.staffHome);
    }
    rememberWho({ kind: 'citizen', id: 'y', display_name: null, language: 'vi', phone: '+84912345678' } as Me);
    expect(whoIsSignedIn()).toEqual({ kind: 'citizen' });
    expect(landingOf(whoIsSignedIn())).toBe(href.account);
  });

  it('keeps nothing personal on the device', () => {
    const { stored } = signedInDevice();
    rememberWho({ kind: 'citizen', id: 'y', display_name: 'Lan', language: 'vi', phone: '+84912345678' } as Me);
    expect([...stored.values()].join()).not.toMatch(/Lan|912345678/);
  });

  it('knows nobody without the session cookie, and asks the server when the device has not been told', () => {
    const { cookies, stored } = signedInDevice();
    expect(whoIsSignedIn()).toEqual({ kind: 'unknown' });
    stored.set('motcua.who', 'not json');
    expect(whoIsSignedIn()).toEqual({ kind: 'unknown' });
    rememberWho(staff('leader'));
    cookies.cookie = '';
    expect(whoIsSignedIn()).toBeNull();
  });

  it('forgets the session and who it was on sign-out', () => {
    const { cookies, stored } = signedInDevice();
    rememberWho(staff('specialist'));
    forgetSession();
    expect(cookies.cookie).toContain('motcua_csrf=; Max-Age=0');
    expect(stored.size).toBe(0);
  });
});
