// #/tinh-nguyen (volunteers) and #/can-bo/tiep-nhan-truc-tiep (the counter): filing for someone, loaded on demand.
import { lazyScreens } from '../../lazy';

const Screens = lazyScreens(() => import('./screens'));

export function VolunteerRoute() {
  return <Screens render={(screens) => <screens.AssistScreen />} />;
}
