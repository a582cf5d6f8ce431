// Copy for the notifications offer and the account's notification switches, loaded with them.
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
  'settings.title': 'Thông báo',
  'settings.sms': 'Tin nhắn SMS về hồ sơ',
  'settings.smsRequired':
    'Kể cả khi tắt, các thông báo pháp luật yêu cầu vẫn được gửi qua SMS: hồ sơ đã được tiếp nhận, yêu cầu bổ sung giấy tờ, từ chối giải quyết và thư xin lỗi hẹn lại ngày trả kết quả.',
  'settings.push': 'Thông báo trên thiết bị này',
  'settings.pushHint': 'Miễn phí, hiện ngay trên thiết bị khi hồ sơ có thay đổi.',
  'settings.unsupported':
    'Trình duyệt này không nhận được thông báo. Trên iPhone, hãy thêm Một Cửa vào Màn hình chính rồi mở ứng dụng từ đó.',
  'settings.denied':
    'Trình duyệt đang chặn thông báo của trang này. Để cho phép: chạm biểu tượng ổ khóa (hoặc ⓘ) cạnh địa chỉ trang, chọn Quyền hoặc Cài đặt trang web → Thông báo → Cho phép, rồi tải lại trang. Với ứng dụng đã cài: vào Cài đặt của điện thoại → Ứng dụng → Một Cửa → Thông báo.',
  'settings.dismissed': 'Chưa bật: bạn chưa trả lời câu hỏi của trình duyệt. Chạm lại công tắc để thử lần nữa.',
  'settings.saving': 'Đang lưu…',
  'settings.saved': 'Đã lưu lựa chọn của bạn.',
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
  'settings.title': 'Notifications',
  'settings.sms': 'Text messages (SMS) about your dossiers',
  'settings.smsRequired':
    'Even when this is off, the notices the law requires still come by SMS: your dossier received, a request for more papers, a refusal, and a letter of apology with a new date.',
  'settings.push': 'Notifications on this device',
  'settings.pushHint': 'Free, and shown on this device as soon as your dossier changes.',
  'settings.unsupported':
    'This browser cannot receive notifications. On an iPhone, add Một Cửa to your Home Screen and open the app from there.',
  'settings.denied':
    'Your browser is blocking notifications from this site. To allow them: tap the padlock (or ⓘ) beside the address, choose Permissions or Site settings → Notifications → Allow, then reload the page. For the installed app: phone Settings → Apps → Một Cửa → Notifications.',
  'settings.dismissed': 'Not turned on: the browser’s question was not answered. Tap the switch again to retry.',
  'settings.saving': 'Saving…',
  'settings.saved': 'Your choice is saved.',
};

addMessages('vi', vi);
addMessages('en', en);
