import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../router';

describe('verification route', () => {
  it('opens the code the QR carries, whatever its case', () => {
    expect(parseRoute('#/xac-minh/ABCDEFGH23456789')).toEqual({ name: 'verify', code: 'ABCDEFGH23456789' });
    expect(parseRoute('#/xac-minh/abcdefgh23456789/')).toEqual({ name: 'verify', code: 'ABCDEFGH23456789' });
    expect(parseRoute(href.verify('ABCD'))).toEqual({ name: 'verify', code: 'ABCD' });
  });

  it('does not take other paths for a code', () => {
    expect(parseRoute('#/xac-minh/').name).toBe('notFound');
    expect(parseRoute('#/xac-minh/a/b').name).toBe('notFound');
  });
});
