// Copy for the public look-up screen, loaded with it.
import { addMessages } from '../../i18n';

const vi = {
  'lookup.title': 'Tra cứu hồ sơ',
  'lookup.intro':
    'Xem tình trạng hồ sơ đã nộp mà không cần đăng nhập: nhập mã hồ sơ in trên phiếu hẹn và 4 số cuối điện thoại của người nộp.',
  'lookup.code': 'Mã hồ sơ',
  'lookup.codeHint': 'In trên phiếu hẹn, ví dụ 000.00.06.H56-261130-0001.',
  'lookup.last4': '4 số cuối điện thoại người nộp',
  'lookup.last4Hint': 'Số điện thoại đã dùng khi nộp hồ sơ.',
  'lookup.submit': 'Tra cứu',
  'lookup.busy': 'Đang tra cứu…',
  'lookup.codeMissing': 'Hãy nhập mã hồ sơ in trên phiếu hẹn.',
  'lookup.codeTooLong': 'Mã hồ sơ dài hơn 40 ký tự: hãy xem lại mã trên phiếu hẹn.',
  'lookup.last4Wrong': 'Hãy nhập đúng 4 chữ số cuối của số điện thoại.',
  'lookup.result': 'Kết quả tra cứu',
  'lookup.procedure': 'Thủ tục',
  'lookup.agency': 'Cơ quan giải quyết',
  'lookup.state': 'Tình trạng',
  'lookup.national': 'Mã trạng thái quốc gia',
  'lookup.submitted': 'Ngày nộp',
  'lookup.due': 'Ngày hẹn trả kết quả',
  'lookup.shipmentTitle': 'Tra cứu bưu gửi',
  'lookup.shipmentIntro': 'Theo dõi kết quả gửi qua bưu điện: nhập mã vận đơn (trong tin nhắn gửi người nhận) và 4 số cuối điện thoại người nhận.',
  'lookup.trackingHint': 'Ví dụ RA 123 456 785 VN; có thể gõ chữ thường, có dấu cách.',
  'lookup.trackingMissing': 'Hãy nhập mã vận đơn.',
  'lookup.trackingWrong': 'Mã vận đơn không đúng: mã gồm 2 chữ cái, 9 chữ số và VN. Hãy xem lại từng chữ số.',
  'lookup.recipientLast4': '4 số cuối điện thoại người nhận',
  'lookup.trackSubmit': 'Xem hành trình',
  'lookup.shipmentResult': 'Tình trạng bưu gửi',
};

const en: Partial<Record<keyof typeof vi, string>> = {
  'lookup.title': 'Track a dossier',
  'lookup.intro':
    "See where a filed dossier stands without signing in: enter the dossier code printed on the receipt and the last 4 digits of the applicant's phone.",
  'lookup.code': 'Dossier code',
  'lookup.codeHint': 'Printed on the receipt, e.g. 000.00.06.H56-261130-0001.',
  'lookup.last4': "Last 4 digits of the applicant's phone",
  'lookup.last4Hint': 'The phone number used when filing.',
  'lookup.submit': 'Look up',
  'lookup.busy': 'Looking up…',
  'lookup.codeMissing': 'Enter the dossier code printed on the receipt.',
  'lookup.codeTooLong': 'A dossier code is at most 40 characters: check the code on the receipt.',
  'lookup.last4Wrong': 'Enter exactly the last 4 digits of the phone number.',
  'lookup.result': 'Result',
  'lookup.procedure': 'Procedure',
  'lookup.agency': 'Handling agency',
  'lookup.state': 'Status',
  'lookup.national': 'National status code',
  'lookup.submitted': 'Filed on',
  'lookup.due': 'Result due on',
  'lookup.shipmentTitle': 'Track a shipment',
  'lookup.shipmentIntro': "Follow a result sent by post: enter the tracking code (in the SMS to the recipient) and the last 4 digits of the recipient's phone.",
  'lookup.trackingHint': 'e.g. RA 123 456 785 VN; lower case and spaces are fine.',
  'lookup.trackingMissing': 'Enter the tracking code.',
  'lookup.trackingWrong': 'This tracking code is not right: it has 2 letters, 9 digits and VN. Check each digit.',
  'lookup.recipientLast4': "Last 4 digits of the recipient's phone",
  'lookup.trackSubmit': 'Show its journey',
  'lookup.shipmentResult': 'Shipment status',
};

addMessages('vi', vi);
addMessages('en', en);
