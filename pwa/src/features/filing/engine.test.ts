import { describe, expect, it } from 'vitest';
import { cleanApplicant, supplementRound } from './engine';
import type { DossierDetail } from './types';

function dossier(change: Partial<DossierDetail>): DossierDetail {
  return { supplement: null, timeline: [], ...change } as DossierDetail;
}

describe('supplementRound (one Idempotency-Key per supplement request)', () => {
  it('is the time of the request the server names', () => {
    const asked = dossier({ supplement: { requested_at: '2026-11-03T02:00:00Z', missing: ['Ảnh CCCD mặt sau'], message: null } });
    expect(supplementRound(asked)).toBe('2026-11-03T02:00:00Z');
  });

  it('falls back to the latest request in the timeline, and is null when none was made', () => {
    const event = (action: string, at: string) => ({ action, at }) as DossierDetail['timeline'][number];
    const twice = dossier({
      timeline: [event('submit', '2026-11-01T01:00:00Z'), event('request_supplement', '2026-11-02T01:00:00Z'), event('resubmit', '2026-11-02T05:00:00Z'), event('request_supplement', '2026-11-04T01:00:00Z')],
    });
    expect(supplementRound(twice)).toBe('2026-11-04T01:00:00Z');
    expect(supplementRound(dossier({ timeline: [event('submit', '2026-11-01T01:00:00Z')] }))).toBeNull();
  });
});

describe('cleanApplicant (what the server accepts of a half-typed applicant)', () => {
  it('drops blanks, a CCCD short of 12 digits and a partial date', () => {
    expect(cleanApplicant({ full_name: 'Lan', phone: ' ', cccd: '05619', date_of_birth: '1990-0' })).toEqual({ full_name: 'Lan' });
    expect(cleanApplicant({ full_name: 'Lan', cccd: '056190000123', date_of_birth: '1990-05-01' })).toEqual({
      full_name: 'Lan', cccd: '056190000123', date_of_birth: '1990-05-01',
    });
  });
});
