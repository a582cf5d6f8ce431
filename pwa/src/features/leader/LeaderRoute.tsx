// A leader's view of their agency loads on demand: nobody else downloads it.
import { lazyScreens } from '../../lazy';

const Screen = lazyScreens(() => import('./LeaderScreen'));

export function LeaderRoute() {
  return <Screen render={(screen) => <screen.LeaderScreen />} />;
}
