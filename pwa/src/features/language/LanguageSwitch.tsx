import { getLang, LANGUAGE_NAMES, setLang, t } from '../../i18n';

export function LanguageSwitch() {
  const current = getLang();
  return (
    <nav class="lang-switch" aria-label={t('lang.label')}>
      {LANGUAGE_NAMES.map(({ lang, name }) => (
        <button type="button" lang={lang} aria-pressed={lang === current} onClick={() => setLang(lang)}>
          {name}
        </button>
      ))}
    </nav>
  );
}
