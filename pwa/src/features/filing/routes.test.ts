import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../router';

describe('filing and dossier routes', () => {
  const id = '019a8f3e-7c2b-7d4e-9f00-123456789abc';

  it('round-trips every href', () => {
    expect(parseRoute(href.file('1.001193'))).toEqual({ name: 'file', code: '1.001193' });
    expect(parseRoute(href.dossiers)).toEqual({ name: 'dossiers' });
    expect(parseRoute(href.dossier(id))).toEqual({ name: 'dossier', id });
    expect(parseRoute(href.editDossier(id))).toEqual({ name: 'editDossier', id });
    expect(parseRoute(href.supplement(id))).toEqual({ name: 'supplement', id });
  });

  it('keeps the procedure page and refuses malformed ids', () => {
    expect(parseRoute('#/thu-tuc/1.001193')).toEqual({ name: 'procedure', code: '1.001193' });
    expect(parseRoute('#/ho-so/not-an-id').name).toBe('notFound');
  });
});
