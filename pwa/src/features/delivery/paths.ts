// The tariff's one URL, in a module of its own: the app shell warms it at start (offlineCatalogue) without
// taking the tariff code into the first load.
export const TARIFF_PATH = '/api/delivery/tariff';
