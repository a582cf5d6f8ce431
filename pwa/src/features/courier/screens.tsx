// The courier's screens, one chunk loaded on demand by CourierRoute. Couriers sign in first; other staff
// are pointed to their own page rather than told "no permission".
import { t } from '../../i18n';
import { href, rememberReturn } from '../../router';
import { landingOf, whoIsSignedIn } from '../account/session';
import type { CourierRouteName } from './CourierRoute';
import { RoundScreen } from './RoundScreen';
import { ShipmentScreen } from './ShipmentScreen';
import './messages';
import './courier.css';

export function CourierScreen({ route }: { route: CourierRouteName }) {
  const who = whoIsSignedIn();
  if (!who || who.kind === 'citizen')
    return (
      <section class="page courier">
        <p>{t('courier.signIn')}</p>
        <a class="button" href={href.staffSignIn} onClick={() => rememberReturn(location.hash)}>{t('courier.signInLink')}</a>
      </section>
    );
  if (who.kind === 'staff' && who.role !== 'courier')
    return (
      <section class="page courier">
        <p>{t('courier.forCouriers')}</p>
        <a class="button" href={landingOf(who)}>{t('courier.yourPage')}</a>
      </section>
    );
  return route.name === 'courier' ? <RoundScreen /> : <ShipmentScreen code={route.code} />;
}
