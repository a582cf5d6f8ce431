import { describe, expect, it } from 'vitest';
import { sentAt, toneOf } from './sentMessages';

describe('a sent message', () => {
  it('is shown delivered, on its way, or failed, as Notify groups its statuses', () => {
    expect(toneOf('delivered')).toBe('delivered');
    expect(toneOf('created')).toBe('waiting');
    expect(toneOf('sending')).toBe('waiting');
    expect(toneOf('temporary-failure')).toBe('failed');
    expect(toneOf('permanent-failure')).toBe('failed');
    expect(toneOf('technical-failure')).toBe('failed');
  });

  it('is dated when a provider took it, or when it was written while it still waits', () => {
    const created_at = '2026-11-30T14:59:00Z';
    expect(sentAt({ created_at, sent_at: '2026-11-30T15:00:02Z' })).toBe('2026-11-30T15:00:02Z');
    expect(sentAt({ created_at, sent_at: null })).toBe(created_at);
  });
});
