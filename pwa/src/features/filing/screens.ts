// The filing screens, one chunk loaded on demand by FilingRoute (with idb and the photo code).
export { FilingStart } from './FilingStart';
export { FilingScreen } from './FilingScreen';
