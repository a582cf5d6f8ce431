// The officer console loads on demand: citizens' phones never download it.
import { lazyScreens } from '../../lazy';
import type { Route } from '../../router';

export type OfficeRouteName = Extract<Route, { name: 'office' | 'officeDossier' | 'officeCash' | 'officeHandover' | 'officeFeedback' | 'officeRatings' }>;

const Screens = lazyScreens(() => import('./console'));

export function OfficeRoute({ route }: { route: OfficeRouteName }) {
  return <Screens render={(console) => <console.OfficeScreen route={route} />} />;
}
