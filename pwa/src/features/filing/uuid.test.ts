import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Time } from './uuid';

describe('uuidv7', () => {
  it('has the RFC 9562 layout and carries its time', () => {
    const id = uuidv7(1_763_700_000_000);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Time(id)).toBe(1_763_700_000_000);
  });

  it('sorts by creation, even within one millisecond', () => {
    const ids = Array.from({ length: 200 }, () => uuidv7(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const later = uuidv7(1_800_000_000_001);
    expect(later > ids[ids.length - 1]).toBe(true);
  });
});
