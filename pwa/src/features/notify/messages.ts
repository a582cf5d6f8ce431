// Copy for the notifications offer, loaded with it.
import { addMessages } from '../../i18n';

const vi = {
  'notify.title': 'Nhận thông báo về hồ sơ?',
  'notify.why':
    'Bật thông báo để biết ngay khi hồ sơ được tiếp nhận, cần bổ sung giấy tờ, cần nộp phí, có kết quả hoặc đang được giao đến bạn — không cần mở ứng dụng.',
  'notify.yes': 'Bật thông báo',
  'notify.later': 'Để sau',
  'notify.working': 'Đang bật thông báo…',
  'notify.enabled': 'Đã bật thông báo. Bạn sẽ nhận tin khi hồ sơ có thay đổi.',
  'notify.declined': 'Ứng dụng sẽ không hỏi lại. Bạn vẫn xem được tình trạng hồ sơ trong mục Hồ sơ của tôi.',
  'notify.failed': 'Chưa bật được thông báo. Vui lòng kiểm tra mạng và thử lại.',
  'notify.retry': 'Thử lại',
};

const en: Record<keyof typeof vi, string> = {
  'notify.title': 'Get notified about your dossier?',
  'notify.why':
    'Turn on notifications to know as soon as your dossier is received, needs more papers, has a fee to pay, has its result or is on its way to you — without opening the app.',
  'notify.yes': 'Turn on notifications',
  'notify.later': 'Not now',
  'notify.working': 'Turning on notifications…',
  'notify.enabled': 'Notifications are on. You will hear when your dossier changes.',
  'notify.declined': 'The app will not ask again. You can still follow your dossier under My dossiers.',
  'notify.failed': 'Notifications could not be turned on. Please check your connection and try again.',
  'notify.retry': 'Try again',
};

addMessages('vi', vi);
addMessages('en', en);
