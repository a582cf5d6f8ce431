// Who is signed in on this device. The readable CSRF cookie says that someone is; what kind of account
// (citizen or staff, and the staff member's role) is remembered at sign-in, so the header shows that
// person's screens at once, offline too, without asking the server. Nothing personal is kept here.
import { ApiError, apiGet, apiSend, hasSession } from '../../api';
import { href } from '../../router';
import type { Me } from './types';

export type StaffRole = NonNullable<Me['role']>;
export type Who = { kind: 'citizen' } | { kind: 'staff'; role: StaffRole } | { kind: 'unknown' };

const WHO_KEY = 'motcua.who';
// The back office: they work from the agency's queue (#/can-bo).
const OFFICERS: readonly string[] = ['reception_officer', 'specialist', 'leader'];

export function isOfficer(who: Who | null): boolean {
  return who?.kind === 'staff' && OFFICERS.includes(who.role);
}

/** The desk's reception officers: they receive dossiers and take fees in cash. */
export function atTheDesk(who: Who | null): boolean {
  return who?.kind === 'staff' && who.role === 'reception_officer';
}

/** Who answers the agency's feedback (phản ánh, kiến nghị): the desk and the leaders. */
export function answersFeedback(who: Who | null): boolean {
  return who?.kind === 'staff' && ['reception_officer', 'leader'].includes(who.role);
}

export function rememberWho(me: Me): void {
  const who = me.kind === 'staff' && me.role ? { kind: 'staff', role: me.role } : { kind: 'citizen' };
  try {
    localStorage.setItem(WHO_KEY, JSON.stringify(who));
  } catch {
    /* storage blocked: the header asks the server instead */
  }
}

/** null when nobody is signed in; 'unknown' when signed in before this device remembered who. */
export function whoIsSignedIn(): Who | null {
  if (!hasSession()) return null;
  try {
    const who = JSON.parse(localStorage.getItem(WHO_KEY) ?? 'null') as Who | null;
    if (who?.kind === 'citizen' || (who?.kind === 'staff' && typeof who.role === 'string')) return who;
  } catch {
    /* unreadable: ask the server */
  }
  return { kind: 'unknown' };
}

export function forgetSession(): void {
  // The session cookie is HttpOnly; dropping the readable CSRF cookie is enough for the shell to show "Đăng nhập".
  document.cookie = 'motcua_csrf=; Max-Age=0; Path=/; SameSite=Lax';
  try {
    localStorage.removeItem(WHO_KEY);
  } catch {
    /* nothing was stored */
  }
}

/** Asks the server who this session belongs to; a lapsed session is forgotten. Offline, nothing changes. */
export async function learnWho(): Promise<void> {
  try {
    rememberWho(await apiGet<Me>('/api/me'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) forgetSession();
  }
}

/** Where a person starts: officers at their queue, other staff on their role's page, citizens at their account. */
export function landingOf(who: Who | null): string {
  if (isOfficer(who)) return href.office;
  return who?.kind === 'staff' ? href.staffHome : href.account;
}

export async function signOut(): Promise<void> {
  try {
    await apiSend<void>('DELETE', '/api/auth/session');
  } catch {
    /* already signed out or offline: forget the session here anyway */
  }
  forgetSession();
  location.hash = href.home;
}
