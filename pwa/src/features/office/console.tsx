// The officer console (desktop), one chunk loaded on demand (and kept out of the service worker's
// precache): the agency's queue, or one dossier. Staff sign in first.
import { hasSession } from '../../api';
import { t } from '../../i18n';
import { href, rememberReturn } from '../../router';
import { DossierScreen } from './DossierScreen';
import type { OfficeRouteName } from './OfficeRoute';
import { QueueScreen } from './QueueScreen';
import './messages';
import './office.css';

function SignInFirst() {
  return (
    <section class="page office">
      <p>{t('office.signIn')}</p>
      <a class="button" href={href.staffSignIn} onClick={() => rememberReturn(location.hash)}>{t('office.signInLink')}</a>
    </section>
  );
}

export function OfficeScreen({ route }: { route: OfficeRouteName }) {
  if (!hasSession()) return <SignInFirst />;
  return route.name === 'office' ? <QueueScreen /> : <DossierScreen id={route.id} />;
}
