// Hash routing: the server only serves the HTML at "/", every other path belongs to the API.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'procedure'; code: string }
  | { name: 'field'; code: string }
  | { name: 'signIn' }
  | { name: 'staffSignIn' }
  | { name: 'account' }
  | { name: 'file'; code: string }
  | { name: 'dossiers' }
  | { name: 'dossier'; id: string }
  | { name: 'editDossier'; id: string }
  | { name: 'supplement'; id: string }
  | { name: 'payment'; id: string }
  | { name: 'verify'; code: string }
  | { name: 'lookup'; trackingCode?: string }
  | { name: 'dashboard' }
  | { name: 'office'; filters?: QueueFilters }
  | { name: 'leaderView' }
  | { name: 'staffHome' }
  | { name: 'officeDossier'; id: string }
  | { name: 'officeCash' }
  | { name: 'officeHandover' }
  | { name: 'courier' }
  | { name: 'courierShipment'; code: string }
  | { name: 'assist' }
  | { name: 'officeFeedback' }
  | { name: 'officeRatings' }
  | { name: 'rating'; id: string }
  | { name: 'feedback' }
  | { name: 'feedbackLookup' }
  | { name: 'qa' }
  | { name: 'catalogueAdmin'; code?: string; importing?: boolean }
  | { name: 'adminCalendar' }
  | { name: 'adminTemplates' }
  | { name: 'adminAudit' }
  | { name: 'staffAdmin'; id?: string; creating?: boolean }
  | { name: 'setPassword'; token: string }
  | { name: 'notFound'; path: string };

/** The office queue's filters a leader's figures link with (the API's query parameters, Vietnam days). */
export const QUEUE_FILTERS = ['in_progress', 'due_from', 'due_to', 'received_from', 'resolved_month', 'timeliness'] as const;
export type QueueFilters = Partial<Record<(typeof QUEUE_FILTERS)[number], string>>;

function queueFilters(query: string): QueueFilters {
  const params = new URLSearchParams(query);
  const filters: QueueFilters = {};
  for (const key of QUEUE_FILTERS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const filtered = /^\/can-bo\/?\?(.*)$/.exec(path);
  if (filtered) {
    const filters = queueFilters(filtered[1]);
    return Object.keys(filters).length ? { name: 'office', filters } : { name: 'office' };
  }
  if (path === '/can-bo/lanh-dao') return { name: 'leaderView' };
  if (path === '/') return { name: 'home' };
  if (path === '/dang-nhap') return { name: 'signIn' };
  if (path === '/can-bo/dang-nhap') return { name: 'staffSignIn' };
  if (path === '/tai-khoan') return { name: 'account' };
  if (path === '/tra-cuu' || path === '/tra-cuu/') return { name: 'lookup' };
  if (path === '/thong-ke' || path === '/thong-ke/') return { name: 'dashboard' };
  if (path === '/can-bo' || path === '/can-bo/') return { name: 'office' };
  if (path === '/can-bo/cong-viec') return { name: 'staffHome' };
  if (path === '/can-bo/tien-mat') return { name: 'officeCash' };
  if (path === '/can-bo/ban-giao') return { name: 'officeHandover' };
  if (path === '/buu-ta' || path === '/buu-ta/') return { name: 'courier' };
  // Tracking codes are typed, scanned and sent by SMS: taken here as they come, checked by the screen.
  const courierShipment = /^\/buu-ta\/van-don\/((?:[A-Za-z0-9-]|%20)+)\/?$/.exec(path);
  if (courierShipment) return { name: 'courierShipment', code: decodeURIComponent(courierShipment[1]) };
  const tracked = /^\/tra-cuu\/van-don\/((?:[A-Za-z0-9-]|%20)+)\/?$/.exec(path);
  if (tracked) return { name: 'lookup', trackingCode: decodeURIComponent(tracked[1]) };
  if (path === '/tinh-nguyen' || path === '/can-bo/tiep-nhan-truc-tiep') return { name: 'assist' };
  if (path === '/can-bo/phan-anh') return { name: 'officeFeedback' };
  if (path === '/can-bo/danh-gia') return { name: 'officeRatings' };
  if (path === '/phan-anh' || path === '/phan-anh/') return { name: 'feedback' };
  if (path === '/phan-anh/tra-cuu') return { name: 'feedbackLookup' };
  if (path === '/hoi-dap' || path === '/hoi-dap/') return { name: 'qa' };
  if (path === '/quan-tri/thu-tuc' || path === '/quan-tri/thu-tuc/') return { name: 'catalogueAdmin' };
  if (path === '/quan-tri/lich' || path === '/quan-tri/lich/') return { name: 'adminCalendar' };
  if (path === '/quan-tri/mau-thong-bao' || path === '/quan-tri/mau-thong-bao/') return { name: 'adminTemplates' };
  if (path === '/quan-tri/nhat-ky' || path === '/quan-tri/nhat-ky/') return { name: 'adminAudit' };
  if (path === '/quan-tri/thu-tuc/nhap') return { name: 'catalogueAdmin', importing: true };
  const adminProcedure = /^\/quan-tri\/thu-tuc\/([^/]+)\/?$/.exec(path);
  if (adminProcedure) return { name: 'catalogueAdmin', code: decodeURIComponent(adminProcedure[1]) };
  if (path === '/quan-tri/can-bo' || path === '/quan-tri/can-bo/') return { name: 'staffAdmin' };
  if (path === '/quan-tri/can-bo/moi') return { name: 'staffAdmin', creating: true };
  const adminStaff = /^\/quan-tri\/can-bo\/([0-9a-f-]{36})\/?$/i.exec(path);
  if (adminStaff) return { name: 'staffAdmin', id: adminStaff[1] };
  const setPassword = /^\/can-bo\/dat-mat-khau\/([A-Za-z0-9_-]{20,100})\/?$/.exec(path);
  if (setPassword) return { name: 'setPassword', token: setPassword[1] };
  const officeDossier = /^\/can-bo\/ho-so\/([0-9a-f-]{36})\/?$/i.exec(path);
  if (officeDossier) return { name: 'officeDossier', id: officeDossier[1] };
  if (path === '/ho-so' || path === '/ho-so/') return { name: 'dossiers' };
  const dossier = /^\/ho-so\/([0-9a-f-]{36})(\/nop|\/bo-sung|\/thanh-toan|\/danh-gia)?\/?$/i.exec(path);
  if (dossier) {
    const part = dossier[2]?.toLowerCase();
    if (part === '/bo-sung') return { name: 'supplement', id: dossier[1] };
    if (part === '/thanh-toan') return { name: 'payment', id: dossier[1] };
    if (part === '/danh-gia') return { name: 'rating', id: dossier[1] };
    return part ? { name: 'editDossier', id: dossier[1] } : { name: 'dossier', id: dossier[1] };
  }
  const file = /^\/thu-tuc\/([^/]+)\/nop\/?$/.exec(path);
  if (file) return { name: 'file', code: decodeURIComponent(file[1]) };
  const procedure = /^\/thu-tuc\/([^/]+)\/?$/.exec(path);
  if (procedure) return { name: 'procedure', code: decodeURIComponent(procedure[1]) };
  const field = /^\/linh-vuc\/([^/]+)\/?$/.exec(path);
  if (field) return { name: 'field', code: decodeURIComponent(field[1]) };
  const verify = /^\/xac-minh\/([A-Za-z0-9]+)\/?$/.exec(path);
  if (verify) return { name: 'verify', code: verify[1].toUpperCase() };
  return { name: 'notFound', path };
}

export const href = {
  home: '#/',
  procedure: (code: string) => `#/thu-tuc/${encodeURIComponent(code)}`,
  field: (code: string) => `#/linh-vuc/${encodeURIComponent(code)}`,
  signIn: '#/dang-nhap',
  staffSignIn: '#/can-bo/dang-nhap',
  office: '#/can-bo',
  officeQueue: (filters: Record<string, string>) => `#/can-bo?${new URLSearchParams(filters)}`,
  leaderView: '#/can-bo/lanh-dao',
  staffHome: '#/can-bo/cong-viec',
  catalogueAdmin: '#/quan-tri/thu-tuc',
  catalogueImport: '#/quan-tri/thu-tuc/nhap',
  catalogueProcedure: (code: string) => `#/quan-tri/thu-tuc/${encodeURIComponent(code)}`,
  adminCalendar: '#/quan-tri/lich',
  adminTemplates: '#/quan-tri/mau-thong-bao',
  adminAudit: '#/quan-tri/nhat-ky',
  staffAdmin: '#/quan-tri/can-bo',
  staffAdminNew: '#/quan-tri/can-bo/moi',
  staffAdminMember: (id: string) => `#/quan-tri/can-bo/${id}`,
  setPassword: (token: string) => `#/can-bo/dat-mat-khau/${token}`,
  officeDossier: (id: string) => `#/can-bo/ho-so/${id}`,
  officeCash: '#/can-bo/tien-mat',
  officeHandover: '#/can-bo/ban-giao',
  courier: '#/buu-ta',
  courierShipment: (code: string) => `#/buu-ta/van-don/${encodeURIComponent(code)}`,
  volunteer: '#/tinh-nguyen',
  counterFiling: '#/can-bo/tiep-nhan-truc-tiep',
  officeFeedback: '#/can-bo/phan-anh',
  officeRatings: '#/can-bo/danh-gia',
  account: '#/tai-khoan',
  file: (code: string) => `#/thu-tuc/${encodeURIComponent(code)}/nop`,
  dossiers: '#/ho-so',
  dossier: (id: string) => `#/ho-so/${id}`,
  editDossier: (id: string) => `#/ho-so/${id}/nop`,
  supplement: (id: string) => `#/ho-so/${id}/bo-sung`,
  payment: (id: string) => `#/ho-so/${id}/thanh-toan`,
  verify: (code: string) => `#/xac-minh/${code}`,
  lookup: '#/tra-cuu',
  trackShipment: (code: string) => `#/tra-cuu/van-don/${encodeURIComponent(code)}`,
  dashboard: '#/thong-ke',
  rating: (id: string) => `#/ho-so/${id}/danh-gia`,
  feedback: '#/phan-anh',
  feedbackLookup: '#/phan-anh/tra-cuu',
  qa: '#/hoi-dap',
};

// Where to go back to after signing in (e.g. the filing screen that asked for it).
const RETURN_KEY = 'motcua.afterSignIn';

export function rememberReturn(hash: string): void {
  try {
    sessionStorage.setItem(RETURN_KEY, hash);
  } catch {
    /* storage blocked: the person lands where their account starts instead */
  }
}

export function takeReturn(): string | null {
  try {
    const hash = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return hash && hash.startsWith('#/') ? hash : null;
  } catch {
    return null;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
