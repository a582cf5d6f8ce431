// The courier's screens (#/buu-ta) load on demand: citizens' phones never run them. The chunk is in the
// service worker's precache, so a courier's phone opens the round offline.
import { lazyScreens } from '../../lazy';
import type { Route } from '../../router';

export type CourierRouteName = Extract<Route, { name: 'courier' | 'courierShipment' }>;

const Screens = lazyScreens(() => import('./screens'));

export function CourierRoute({ route }: { route: CourierRouteName }) {
  return <Screens render={(screens) => <screens.CourierScreen route={route} />} />;
}
