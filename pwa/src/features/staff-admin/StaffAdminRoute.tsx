// The administrators' staff screens (and the staff's set-password screen) load on demand: nobody else's phone
// downloads them.
import { lazyScreens } from '../../lazy';
import type { Route } from '../../router';

export type StaffAdminRouteName = Extract<Route, { name: 'staffAdmin' | 'setPassword' }>;

const Screens = lazyScreens(() => import('./screens'));

export function StaffAdminRoute({ route }: { route: StaffAdminRouteName }) {
  return <Screens render={(screens) => <screens.StaffAdmin route={route} />} />;
}
