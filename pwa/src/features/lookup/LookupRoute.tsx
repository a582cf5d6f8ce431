// Tra cứu hồ sơ is public and rarely opened: it loads on demand, costing the first load nothing.
import { lazyScreens } from '../../lazy';

const Screen = lazyScreens(() => import('./LookupPage'));

export function LookupRoute() {
  return <Screen render={(page) => <page.LookupPage />} />;
}
