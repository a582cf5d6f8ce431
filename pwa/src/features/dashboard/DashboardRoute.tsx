// The public dashboard is opened now and then, by anyone: it loads on demand, costing the first load nothing.
import { lazyScreens } from '../../lazy';

const Screen = lazyScreens(() => import('./DashboardPage'));

export function DashboardRoute() {
  return <Screen render={(page) => <page.DashboardPage />} />;
}
