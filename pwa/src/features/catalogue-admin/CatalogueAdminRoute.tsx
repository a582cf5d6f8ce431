// The administrators' catalogue screens load on demand: nobody else's phone downloads them.
import { lazyScreens } from '../../lazy';
import type { Route } from '../../router';

export type CatalogueAdminRouteName = Extract<Route, { name: 'catalogueAdmin' }>;

const Screens = lazyScreens(() => import('./screens'));

export function CatalogueAdminRoute({ route }: { route: CatalogueAdminRouteName }) {
  return <Screens render={(screens) => <screens.CatalogueAdmin route={route} />} />;
}
