import { lazyScreens } from '../../lazy';

const Screens = lazyScreens(() => import('./FieldPage'));

export function FieldRoute({ code }: { code: string }) {
  return <Screens render={(screens) => <screens.FieldPage code={code} />} />;
}
