// Tra cứu hồ sơ (and tra cứu bưu gửi) is public and rarely opened: it loads on demand, costing the first load nothing.
import { lazyScreens } from '../../lazy';

const Screen = lazyScreens(() => import('./LookupPage'));

export function LookupRoute({ trackingCode }: { trackingCode?: string }) {
  return <Screen render={(page) => <page.LookupPage trackingCode={trackingCode} />} />;
}
