// Tiny i18n: Vietnamese is the source language; English falls back to Vietnamese per key,
// and a key missing everywhere shows itself so the gap is visible rather than blank.

export type Lang = 'vi' | 'en';

/** Each language named in itself (as language pickers do), so not translated. */
export const LANGUAGE_NAMES: { lang: Lang; name: string }[] = [
  { lang: 'vi', name: 'Tiếng Việt' },
  { lang: 'en', name: 'English' },
];

const vi = {
  'app.name': 'Một Cửa',
  'app.tagline': 'Dịch vụ công',
  'nav.home': 'Trang chủ',
  'nav.signIn': 'Đăng nhập',
  'nav.account': 'Tài khoản',
  'nav.dossiers': 'Hồ sơ',
  'nav.dossiersMore': 'của tôi',
  'nav.queue': 'Hàng đợi',
  'nav.work': 'Công việc',
  'nav.signOut': 'Đăng xuất',
  'app.loading': 'Đang tải…',
  'lang.label': 'Ngôn ngữ',
  'search.label': 'Tìm thủ tục hành chính',
  'search.placeholder': 'Ví dụ: cấp đổi giấy phép lái xe',
  'search.submit': 'Tìm',
  'search.hint': 'Gõ tên thủ tục, có dấu hoặc không dấu.',
  'search.loading': 'Đang tìm…',
  'search.empty': 'Không tìm thấy thủ tục phù hợp.',
  'search.count': 'Tìm thấy {n} thủ tục.',
  'search.offline': 'Kết quả từ bản lưu trên máy (đang ngoại tuyến).',
  'home.lookup': 'Tra cứu hồ sơ đã nộp bằng mã trên phiếu hẹn',
  'home.feedback': 'Gửi phản ánh, kiến nghị',
  'home.qa': 'Hỏi đáp',
  'browse.popular': 'Thủ tục được nộp nhiều',
  'browse.common': 'Thủ tục thường gặp',
  'browse.fields': 'Tìm theo lĩnh vực',
  'field.title': 'Lĩnh vực {name}',
  'field.empty': 'Lĩnh vực này chưa có thủ tục nào.',
  'procedure.title': 'Thủ tục {code}',
  'procedure.loading': 'Đang tải thông tin thủ tục…',
  'procedure.fee': 'Lệ phí',
  'procedure.time': 'Thời hạn giải quyết',
  'procedure.agency': 'Cơ quan giải quyết',
  'procedure.field': 'Lĩnh vực',
  'procedure.bring': 'Giấy tờ cần chuẩn bị',
  'procedure.optional': 'nếu có',
  'procedure.copies': '{n} bản',
  'procedure.original': 'mang bản chính khi đến nhận',
  'procedure.free': 'Miễn phí',
  'procedure.online': 'Hình thức nộp',
  'procedure.file': 'Nộp hồ sơ',
  'notFound.title': 'Không tìm thấy trang',
  'notFound.body': 'Đường dẫn này không tồn tại hoặc đã được thay đổi.',
  'notFound.back': 'Về trang chủ',
  'offline.banner': 'Bạn đang ngoại tuyến — dữ liệu đã nhập vẫn được lưu trên máy',
  'update.available': 'Đã có phiên bản mới',
  'update.apply': 'Cập nhật',
  'update.later': 'Để sau',
  'footer.text': 'Cổng dịch vụ công — cơ chế một cửa, một cửa liên thông.',
  'footer.version': 'Phiên bản {version}',
  'footer.dashboard': 'Thống kê kết quả giải quyết hồ sơ của các cơ quan',
  'error.network': 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.',
  'error.generic': 'Đã có lỗi xảy ra. Vui lòng thử lại sau.',
  'error.notFound': 'Không tìm thấy dữ liệu yêu cầu.',
  'error.unavailable': 'Chức năng này tạm thời chưa sẵn sàng. Vui lòng thử lại sau.',
  'acting.banner': 'Đang nộp thay cho {name}',
  'acting.end': 'Dừng nộp thay',
};

export type MessageKey = keyof typeof vi;

// The brand name "Một Cửa" is deliberately absent: it is a proper name and falls back to Vietnamese.
const en: Partial<Record<MessageKey, string>> = {
  'app.tagline': 'Public services',
  'nav.home': 'Home',
  'nav.signIn': 'Sign in',
  'nav.account': 'Account',
  'nav.dossiers': 'Dossiers',
  'nav.dossiersMore': '',
  'nav.queue': 'Queue',
  'nav.work': 'My work',
  'nav.signOut': 'Sign out',
  'app.loading': 'Loading…',
  'lang.label': 'Language',
  'search.label': 'Search administrative procedures',
  // Search reads the procedures' Vietnamese names and keywords (English words would shift Vietnamese results).
  'search.placeholder': 'e.g. khai sinh (birth registration)',
  'search.submit': 'Search',
  'search.hint': "Type the procedure's Vietnamese name, with or without tone marks, or browse by field below.",
  'search.loading': 'Searching…',
  'search.empty': 'No matching procedure found. Try its Vietnamese name, or browse by field.',
  'search.count': '{n} procedures found.',
  'search.offline': 'Results from the copy saved on this device (offline).',
  'home.lookup': 'Track a filed dossier by the code on its receipt',
  'home.feedback': 'Send feedback or a suggestion',
  'home.qa': 'Questions and answers',
  'browse.popular': 'Most filed procedures',
  'browse.common': 'Common procedures',
  'browse.fields': 'Browse by field',
  'field.title': 'Field: {name}',
  'field.empty': 'This field has no procedures yet.',
  'procedure.title': 'Procedure {code}',
  'procedure.loading': 'Loading procedure…',
  'procedure.fee': 'Fee',
  'procedure.time': 'Processing time',
  'procedure.agency': 'Handling agency',
  'procedure.field': 'Field',
  'procedure.bring': 'Papers to prepare',
  'procedure.optional': 'if any',
  'procedure.copies': '{n} copies',
  'procedure.original': 'bring the original when collecting',
  'procedure.free': 'Free',
  'procedure.online': 'How to file',
  'procedure.file': 'File a dossier',
  'notFound.title': 'Page not found',
  'notFound.body': 'This link does not exist or has changed.',
  'notFound.back': 'Back to home',
  'offline.banner': 'You are offline — what you have entered is still saved on this device',
  'update.available': 'A new version is available',
  'update.apply': 'Update',
  'update.later': 'Later',
  'footer.text': 'Public service portal — one-stop shop.',
  'footer.version': 'Version {version}',
  'footer.dashboard': 'How each agency handles dossiers: the figures',
  'error.network': 'Cannot reach the server. Please check your connection and try again.',
  'error.generic': 'Something went wrong. Please try again later.',
  'error.notFound': 'The requested data was not found.',
  'error.unavailable': 'This feature is not available yet. Please try again later.',
  'acting.banner': 'Filing on behalf of {name}',
  'acting.end': 'Stop filing for them',
};

const dictionaries: Record<Lang, Partial<Record<string, string>>> = { vi, en };
const STORAGE_KEY = 'motcua.lang';
const listeners = new Set<(lang: Lang) => void>();

function readStoredLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi'; // storage can be blocked (private mode, embedded webviews)
  }
}

let current: Lang = readStoredLang();

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    /* the choice still applies to this session */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  listeners.forEach((listener) => listener(lang));
}

/** Lazy-loaded features bring their own copy; Vietnamese stays the fallback for every key. */
export function addMessages(lang: Lang, messages: Record<string, string>): void {
  Object.assign(dictionaries[lang], messages);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(key: MessageKey | (string & {}), params: Record<string, string | number> = {}): string {
  const template = dictionaries[current][key] ?? dictionaries.vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}
