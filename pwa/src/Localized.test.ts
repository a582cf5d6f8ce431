import type { VNode } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from './i18n';
import { inLang, Localized, localized, pick, untranslated } from './Localized';

afterEach(() => setLang('vi'));

describe('catalogue text in the reader’s language', () => {
  it('is the Vietnamese for a Vietnamese reader, whatever English there is', () => {
    expect(pick('Đăng ký khai sinh', 'Birth registration')).toEqual({ text: 'Đăng ký khai sinh', lang: 'vi' });
    expect(localized('Giới tính', null)).toBe('Giới tính');
    expect(untranslated(null)).toBe(false);
  });

  it('is the English for an English reader, and the Vietnamese marked where nobody translated it', () => {
    setLang('en');
    expect(pick('Đăng ký khai sinh', 'Birth registration')).toEqual({ text: 'Birth registration', lang: 'en' });
    expect(localized('Giới tính', 'Sex')).toBe('Sex');
    expect(localized('Giới tính', null)).toBe('Giới tính (tiếng Việt)');
    expect(untranslated(undefined)).toBe(true);
    expect(inLang('Miễn phí.', 'Free.')).toBe('Free.');
    expect(inLang('Không thu phí, lệ phí.', null)).toBe('Không thu phí, lệ phí.'); // a quote stored before English
  });

  it('marks untranslated words in a page as Vietnamese, for screen readers too', () => {
    setLang('en');
    const marked = Localized({ vi: 'Nơi sinh', en: null }) as VNode<{ lang: string; children: unknown[] }>;
    expect(marked.type).toBe('span');
    expect(marked.props.lang).toBe('vi');
    const mark = marked.props.children[2] as VNode<{ class: string; children: string }>;
    expect([marked.props.children[0], mark.props.class, mark.props.children]).toEqual(['Nơi sinh', 'untranslated', '(tiếng Việt)']);
    const english = Localized({ vi: 'Nơi sinh', en: 'Place of birth' }) as VNode<{ children: string }>;
    expect(english.props.children).toBe('Place of birth');
  });
});
