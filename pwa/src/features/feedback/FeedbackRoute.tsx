// Rating, feedback, its look-up and the Q&A load on demand: they cost the first load nothing.
import { lazyScreens } from '../../lazy';
import type { Route } from '../../router';

export type FeedbackRouteName = Extract<Route, { name: 'rating' | 'feedback' | 'feedbackLookup' | 'qa' }>;

const Screens = lazyScreens(() => import('./screens'));

export function FeedbackRoute({ route }: { route: FeedbackRouteName }) {
  return (
    <Screens
      render={(screens) => {
        switch (route.name) {
          case 'rating':
            return <screens.RatingPage id={route.id} />;
          case 'feedback':
            return <screens.FeedbackPage />;
          case 'feedbackLookup':
            return <screens.FeedbackLookupPage />;
          case 'qa':
            return <screens.QaPage />;
        }
      }}
    />
  );
}
