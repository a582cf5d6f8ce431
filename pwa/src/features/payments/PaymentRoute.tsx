import { lazyScreens } from '../../lazy';

const Screens = lazyScreens(() => import('./PaymentPage'));

export function PaymentRoute({ id }: { id: string }) {
  return <Screens render={(screens) => <screens.PaymentPage id={id} />} />;
}
