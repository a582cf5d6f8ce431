import { lazyScreens } from '../../lazy';

const Screens = lazyScreens(() => import('./screens'));

export function DossiersRoute({ id }: { id?: string }) {
  return <Screens render={(screens) => (id ? <screens.DossierDetailPage id={id} /> : <screens.DossierList />)} />;
}
