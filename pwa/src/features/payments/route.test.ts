import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../router';

describe('the payment page route', () => {
  const id = '01a2006b-562b-74c1-b77d-a477e86aa2f8';

  it('is where VNPay sends the person back (/#/ho-so/{id}/thanh-toan)', () => {
    expect(href.payment(id)).toBe(`#/ho-so/${id}/thanh-toan`);
    expect(parseRoute(`#/ho-so/${id}/thanh-toan`)).toEqual({ name: 'payment', id });
    expect(parseRoute(`#/ho-so/${id}/thanh-toan/`)).toEqual({ name: 'payment', id });
  });

  it('leaves the dossier, filing and supplement routes alone', () => {
    expect(parseRoute(href.dossier(id))).toEqual({ name: 'dossier', id });
    expect(parseRoute(href.editDossier(id))).toEqual({ name: 'editDossier', id });
    expect(parseRoute(href.supplement(id))).toEqual({ name: 'supplement', id });
  });
});
