// Copy for the leader's view of their agency, loaded with it.
import { addMessages } from '../../i18n';

const vi: Record<string, string> = {
  'leader.title': 'Tình hình giải quyết hồ sơ',
  'leader.back': '← Hàng đợi hồ sơ',
  'leader.today': 'Số liệu lúc xem, ngày {day}. Bấm vào một số để xem các hồ sơ đó.',
  'leader.queue': 'Hàng đợi của cơ quan',
  'leader.figure.received_today': 'Tiếp nhận hôm nay',
  'leader.figure.received_this_week': 'Tiếp nhận tuần này',
  'leader.figure.received_this_month': 'Tiếp nhận tháng này',
  'leader.figure.in_progress': 'Đang giải quyết',
  'leader.figure.due_this_week': 'Đến hạn trong tuần',
  'leader.figure.overdue': 'Quá hạn',
  'leader.note.received_today': 'từ 0 giờ hôm nay',
  'leader.note.received_this_week': 'từ thứ Hai {day}',
  'leader.note.received_this_month': 'từ ngày {day}',
  'leader.note.in_progress': 'đã tiếp nhận, đang xử lý, chờ phê duyệt',
  'leader.note.due_this_week': 'hạn trả từ {from} đến {to}',
  'leader.note.overdue': 'hạn trả trước hôm nay, chưa có kết quả',
  'leader.onTime': 'Tỷ lệ giải quyết đúng hạn 12 tháng gần nhất',
  'leader.onTimeChart': 'Hồ sơ có kết quả trước hạn, đúng hạn, trễ hạn theo tháng',
  'leader.onTimeHow':
    'Theo tháng có kết quả, so với ngày hẹn trả theo quy định khi tiếp nhận (phiếu xin lỗi hẹn lại ngày không làm hồ sơ trễ thành đúng hạn).',
  'leader.month': 'Tháng',
  'leader.monthName': 'Tháng {month}',
  'leader.cellLink': '{month}, {which}: {count} hồ sơ',
  'leader.notLeader': 'Trang này dành cho lãnh đạo cơ quan.',
  'leader.signIn': 'Đăng nhập bằng tài khoản lãnh đạo để xem tình hình cơ quan.',
};

const en: Record<string, string> = {
  'leader.title': 'How the agency is doing',
  'leader.back': '← Dossier queue',
  'leader.today': 'Figures as of now, {day}. Choose a figure to see its dossiers.',
  'leader.queue': 'The agency’s queue',
  'leader.figure.received_today': 'Received today',
  'leader.figure.received_this_week': 'Received this week',
  'leader.figure.received_this_month': 'Received this month',
  'leader.figure.in_progress': 'In progress',
  'leader.figure.due_this_week': 'Due this week',
  'leader.figure.overdue': 'Overdue',
  'leader.note.received_today': 'since midnight',
  'leader.note.received_this_week': 'since Monday {day}',
  'leader.note.received_this_month': 'since {day}',
  'leader.note.in_progress': 'received, being processed, awaiting approval',
  'leader.note.due_this_week': 'due from {from} to {to}',
  'leader.note.overdue': 'due before today, no result yet',
  'leader.onTime': 'Resolved on time, the last 12 months',
  'leader.onTimeChart': 'Dossiers resolved early, on time and late, by month',
  'leader.onTimeHow':
    'By the month the result was ready, against the statutory due date set at reception (an apology letter’s new date does not make a late dossier on time).',
  'leader.month': 'Month',
  'leader.monthName': '{month}',
  'leader.cellLink': '{month}, {which}: {count} dossiers',
  'leader.notLeader': 'This page is for the agency’s leaders.',
  'leader.signIn': 'Sign in with a leader’s account to see how the agency is doing.',
};

addMessages('vi', vi);
addMessages('en', en);
