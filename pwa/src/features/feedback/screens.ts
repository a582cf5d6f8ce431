// The citizen's and the public's feedback screens: one lazy chunk, loaded when one of them is opened.
export { FeedbackLookupPage } from './FeedbackLookupPage';
export { FeedbackPage } from './FeedbackPage';
export { QaPage } from './QaPage';
export { RatingPage } from './RatingPage';
