// The administrators' calendar, notification templates and audit screens load on demand: nobody else's phone
// downloads them.
import { lazyScreens } from '../../lazy';
import type { Route } from '../../router';

export type AdminToolsRouteName = Extract<Route, { name: 'adminCalendar' | 'adminTemplates' | 'adminAudit' }>;

const Screens = lazyScreens(() => import('./screens'));

export function AdminToolsRoute({ route }: { route: AdminToolsRouteName }) {
  return <Screens render={(screens) => <screens.AdminTools route={route} />} />;
}
