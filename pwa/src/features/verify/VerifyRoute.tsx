// The public verification page (what the QR code on an e-result opens) loads on demand.
import { lazyScreens } from '../../lazy';

const Screen = lazyScreens(() => import('./VerifyPage'));

export function VerifyRoute({ code }: { code: string }) {
  return <Screen render={(page) => <page.VerifyPage code={code} />} />;
}
