// The filing screens load on demand, with idb and the photo code.
import { lazyScreens } from '../../lazy';

const Screens = lazyScreens(() => import('./screens'));

export function FilingRoute(props: { code: string } | { id: string; supplement?: boolean }) {
  return (
    <Screens
      render={(screens) =>
        'code' in props ? (
          <screens.FilingStart code={props.code} />
        ) : (
          <screens.FilingScreen id={props.id} supplement={props.supplement ?? false} />
        )
      }
    />
  );
}
