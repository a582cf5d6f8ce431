import { afterEach, describe, expect, it } from 'vitest';
import { getLang, setLang, t } from './i18n';

afterEach(() => setLang('vi'));

describe('t', () => {
  it('defaults to Vietnamese with diacritics', () => {
    expect(getLang()).toBe('vi');
    expect(t('search.label')).toBe('Tìm thủ tục hành chính');
  });

  it('switches to English', () => {
    setLang('en');
    expect(t('search.label')).toBe('Search administrative procedures');
  });

  it('falls back to Vietnamese when an English entry is missing, then to the key itself', () => {
    setLang('en');
    expect(t('app.name')).toBe('Một Cửa');
    expect(t('no.such.key')).toBe('no.such.key');
  });

  it('fills named parameters and leaves unknown ones visible', () => {
    expect(t('search.count', { n: 3 })).toBe('Tìm thấy 3 thủ tục.');
    expect(t('search.count')).toBe('Tìm thấy {n} thủ tục.');
  });
});
