import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../router';

describe('officer console routes', () => {
  it("parses the queue, a dossier and the day's cash, and leaves staff sign-in alone", () => {
    expect(parseRoute('#/can-bo')).toEqual({ name: 'office' });
    const id = '01a2006b-562b-74c1-b77d-a477e86aa2f8';
    expect(parseRoute(href.officeDossier(id))).toEqual({ name: 'officeDossier', id });
    expect(parseRoute('#/can-bo/dang-nhap')).toEqual({ name: 'staffSignIn' });
    expect(parseRoute('#/can-bo/ho-so/khong-phai-uuid').name).toBe('notFound');
    expect(parseRoute(href.officeCash)).toEqual({ name: 'officeCash' });
  });

  it("reads a leader's queue filters from the URL and opens the leader's view", () => {
    expect(parseRoute('#/can-bo?in_progress=true&due_to=2026-11-29&nothing=1')).toEqual({
      name: 'office', filters: { in_progress: 'true', due_to: '2026-11-29' },
    });
    expect(parseRoute(href.officeQueue({ resolved_month: '2026-10', timeliness: 'on_time' }))).toEqual({
      name: 'office', filters: { resolved_month: '2026-10', timeliness: 'on_time' },
    });
    expect(parseRoute('#/can-bo?')).toEqual({ name: 'office' });
    expect(parseRoute(href.leaderView)).toEqual({ name: 'leaderView' });
  });
});
