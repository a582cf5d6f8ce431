// Copy shared by the screens that show shipments (filing, the dossier page, public tracking, the courier,
// the desk's hand-over), loaded with whichever of them opens first.
import { addMessages } from '../../i18n';

const vi = {
  'delivery.postage': 'Cước chuyển phát',
  'delivery.postageExact': 'Cước chuyển phát: {amount}',
  'delivery.postageRange': 'Cước chuyển phát: từ {min} đến {max}, tuỳ tỉnh nhận',
  'delivery.sameProvince': 'gửi trong tỉnh',
  'delivery.otherProvince': 'gửi ngoài tỉnh',
  'delivery.postageUnverified': 'Cước tạm tính theo bảng giá mặc định; bưu điện xác nhận khi gửi.',
  'delivery.postageUnknown': 'Chưa tải được bảng cước. Cước được báo trước khi gửi kết quả.',
  'delivery.payment': 'Trả cước',
  'delivery.withFee': 'Trả cùng phí, lệ phí',
  'delivery.onDelivery': 'Trả tiền mặt khi nhận (COD)',
  'delivery.trackingCode': 'Mã vận đơn',
  'delivery.state': 'Tình trạng',
  'delivery.timeline': 'Hành trình',
  'delivery.outbound': 'Gửi kết quả đến bạn',
  'delivery.inbound': 'Bưu điện đến lấy hồ sơ giấy',
  'delivery.recipientInitials': 'Người nhận',
  'delivery.commune': 'Xã, phường nhận',
};

const en: Partial<Record<keyof typeof vi, string>> = {
  'delivery.postage': 'Postage',
  'delivery.postageExact': 'Postage: {amount}',
  'delivery.postageRange': 'Postage: {min} to {max}, depending on the province',
  'delivery.sameProvince': 'within the province',
  'delivery.otherProvince': 'to another province',
  'delivery.postageUnverified': 'Estimated from the default tariff; the post confirms it when sending.',
  'delivery.postageUnknown': 'The tariff could not be loaded. Postage is announced before the result is sent.',
  'delivery.payment': 'Paying the postage',
  'delivery.withFee': 'Together with the fee',
  'delivery.onDelivery': 'Cash on delivery (COD)',
  'delivery.trackingCode': 'Tracking code',
  'delivery.state': 'Status',
  'delivery.timeline': 'Journey',
  'delivery.outbound': 'Your result, sent to you',
  'delivery.inbound': 'Paper originals collected by the post',
  'delivery.recipientInitials': 'Recipient',
  'delivery.commune': 'Commune or ward',
};

addMessages('vi', vi);
addMessages('en', en);
