// Catalogue text (procedure names, papers, form labels and choices, agencies) in the reader's language:
// the English when someone translated it, else the Vietnamese with a quiet "(tiếng Việt)" mark, so an
// English reader knows why it is not in English (and a screen reader reads it as Vietnamese).
import { getLang, type Lang } from './i18n';

/** The mark after Vietnamese shown for want of English; it names a language, so it is not translated. */
export const UNTRANSLATED = '(tiếng Việt)';

/** The words to show and their language: the English when asked for and there, else the Vietnamese. */
export function pick(vi: string, en: string | null | undefined): { text: string; lang: Lang } {
  return getLang() === 'en' && en ? { text: en, lang: 'en' } : { text: vi, lang: 'vi' };
}

/** Words the server put together and sent in both languages (a fee sentence, a processing time): the
 * reader's. Quotes stored before they were given in English too keep their Vietnamese. */
export function inLang(vi: string, en: string | null | undefined): string {
  return pick(vi, en).text;
}

/** Whether the reader asked for English and gets Vietnamese instead. */
export function untranslated(en: string | null | undefined): boolean {
  return getLang() === 'en' && !en;
}

/** For plain text (an option, a label inside a sentence): the words, marked when they stay Vietnamese. */
export function localized(vi: string, en: string | null | undefined): string {
  return untranslated(en) ? `${vi} ${UNTRANSLATED}` : pick(vi, en).text;
}

/** In a page: the words, and, when they stay Vietnamese for an English reader, the quiet mark. */
export function Localized({ vi, en }: { vi: string; en?: string | null }) {
  if (!untranslated(en)) return <>{pick(vi, en).text}</>;
  return (
    <span lang="vi">
      {vi} <small class="untranslated">{UNTRANSLATED}</small>
    </span>
  );
}
