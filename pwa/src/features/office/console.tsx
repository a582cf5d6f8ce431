// The officer console (desktop), one chunk loaded on demand (and kept out of the service worker's
// precache): the agency's queue, one dossier, the desk's cash of a day, the hand-over to the post, the agency's
// feedback or its satisfaction. Officers sign in first; other staff are pointed to their own page rather than told
// "no permission".
import { t } from '../../i18n';
import { href, rememberReturn } from '../../router';
import { answersFeedback, isOfficer, landingOf, whoIsSignedIn } from '../account/session';
import { OfficeFeedbackScreen } from '../feedback/OfficeFeedbackScreen';
import { RatingsScreen } from '../feedback/RatingsScreen';
import { CashDayScreen } from './CashDayScreen';
import { DossierScreen } from './DossierScreen';
import { HandoverScreen } from './HandoverScreen';
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

function NotForThisRole({ message }: { message: string }) {
  return (
    <section class="page office">
      <p>{message}</p>
      <a class="button" href={landingOf(whoIsSignedIn())}>{t('office.yourPage')}</a>
    </section>
  );
}

export function OfficeScreen({ route }: { route: OfficeRouteName }) {
  const who = whoIsSignedIn();
  if (!who || who.kind === 'citizen') return <SignInFirst />;
  if (who.kind === 'staff' && !isOfficer(who)) return <NotForThisRole message={t('office.forOfficers')} />;
  if (route.name === 'officeCash') return <CashDayScreen />;
  if (route.name === 'officeHandover') return <HandoverScreen />;
  if (route.name === 'officeFeedback') return answersFeedback(who) ? <OfficeFeedbackScreen /> : <NotForThisRole message={t('officeFeedback.onlyDesk')} />;
  if (route.name === 'officeRatings') return <RatingsScreen />;
  if (route.name === 'office') return <QueueScreen key={JSON.stringify(route.filters ?? {})} filters={route.filters} />;
  return <DossierScreen id={route.id} />;
}
