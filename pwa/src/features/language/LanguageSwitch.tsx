// One button to the other language, named in that language ("English" while reading Vietnamese); on a
// narrow phone it shows the language's code (EN / VI) so the header keeps to one row, while screen readers still
// read the name from the content (no aria-label: a name that differs from the visible "EN" confuses voice control).
import { getLang, LANGUAGE_NAMES, setLang } from '../../i18n';

export function LanguageSwitch() {
  const other = LANGUAGE_NAMES.find(({ lang }) => lang !== getLang()) ?? LANGUAGE_NAMES[0];
  return (
    <button type="button" class="lang-switch" lang={other.lang} onClick={() => setLang(other.lang)}>
      <span class="lang-switch__name">{other.name}</span>
      <span class="lang-switch__code" aria-hidden="true">
        {other.lang.toUpperCase()}
      </span>
    </button>
  );
}
