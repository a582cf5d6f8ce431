import { getLang, setLang, t, type Lang } from '../../i18n';

const LANGUAGES: { lang: Lang; label: string }[] = [
  { lang: 'vi', label: 'Tiếng Việt' },
  { lang: 'en', label: 'English' },
];

export function LanguageSwitch() {
  const current = getLang();
  return (
    <nav class="lang-switch" aria-label={t('lang.label')}>
      {LANGUAGES.map(({ lang, label }) => (
        <button type="button" lang={lang} aria-pressed={lang === current} onClick={() => setLang(lang)}>
          {label}
        </button>
      ))}
    </nav>
  );
}
