import { lazyScreens } from '../../lazy';
import type { Route } from '../../router';

export type AccountRouteName = Extract<Route, { name: 'signIn' | 'staffSignIn' | 'account' | 'staffHome' }>;

const Screens = lazyScreens(() => import('./screens'));

export function AccountRoute({ route }: { route: AccountRouteName }) {
  return <Screens render={(screens) => <screens.AccountScreen route={route} />} />;
}
