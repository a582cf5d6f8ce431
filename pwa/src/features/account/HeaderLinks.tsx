// The header's links, by who is signed in: citizens their dossiers and account; staff their work (the
// queue for officers), account and sign-out (an icon on narrow phones, still named for screen readers);
// nobody, "Đăng nhập". Never a screen the role cannot open.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { href } from '../../router';
import { isOfficer, landingOf, learnWho, signOut, whoIsSignedIn } from './session';

export function HeaderLinks() {
  const [, refresh] = useState(0);
  const who = whoIsSignedIn();
  const unknown = who?.kind === 'unknown';

  useEffect(() => {
    if (unknown) void learnWho().then(() => refresh((n) => n + 1));
  }, [unknown]);

  if (!who) return <a class="header-link" href={href.signIn}>{t('nav.signIn')}</a>;
  const account = <a class="header-link" href={href.account}>{t('nav.account')}</a>;
  if (who.kind === 'citizen')
    return (
      <>
        <a class="header-link" href={href.dossiers}>
          {t('nav.dossiers')}
          <span class="header-link__more">{t('nav.dossiersMore')}</span>
        </a>
        {account}
      </>
    );
  if (who.kind === 'unknown') return account;
  return (
    <>
      <a class="header-link" href={landingOf(who)}>{isOfficer(who) ? t('nav.queue') : t('nav.work')}</a>
      {account}
      <button class="header-link" type="button" onClick={() => void signOut().then(() => refresh((n) => n + 1))}>
        <svg class="header-link__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9" />
        </svg>
        <span class="header-link__label">{t('nav.signOut')}</span>
      </button>
    </>
  );
}
