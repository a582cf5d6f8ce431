// What the rules and the engine say (formRules.ts, upload.ts): the server's words, under a field
// (rule.*) and in the list of what is missing (missing.*, one voice: "chưa có …"). Apart from the
// screens' copy, because the engine also runs at app start without the screens.
import { addMessages } from '../../i18n';

const vi = {
  'filing.nameRequired': 'hãy nhập họ tên người nộp',
  'filing.tooLarge': 'Ảnh quá lớn (tối đa 15 MB).',
  'rule.required': '“{label}” là thông tin bắt buộc',
  'rule.field': '“{label}” {rule}',
  'rule.integer': 'phải là số nguyên viết bằng chữ số, ví dụ: 2',
  'rule.min': 'phải lớn hơn hoặc bằng {min}',
  'rule.max': 'phải nhỏ hơn hoặc bằng {max}',
  'rule.text': 'phải là chữ',
  'rule.date': 'phải là ngày hợp lệ (dd/mm/yyyy)',
  'rule.choice': 'phải chọn một trong các lựa chọn có sẵn',
  'rule.tooLong': 'không được dài quá {max} ký tự',
  'rule.unknown': 'không có trong biểu mẫu',
  'missing.commune': 'chưa có xã/phường nơi nộp hồ sơ',
  'missing.name': 'chưa có họ tên người nộp',
  'missing.cccd': '“Số CCCD” chưa đúng: phải gồm đúng 12 chữ số',
  'missing.answer': 'chưa có “{label}”',
  'missing.wrong': '“{label}” chưa đúng: {rule}',
  'missing.unknown': '“{field}” {rule}',
  'missing.photo': 'chưa có ảnh “{name}”',
  'missing.address': 'chưa có đủ địa chỉ nhận kết quả qua bưu điện',
};

const en: Partial<Record<keyof typeof vi, string>> = {
  'filing.nameRequired': "enter the applicant's full name",
  'filing.tooLarge': 'The photo is too large (15 MB at most).',
  'rule.required': '“{label}” is required',
  'rule.field': '“{label}” {rule}',
  'rule.integer': 'must be a whole number written in digits, e.g. 2',
  'rule.min': 'must be at least {min}',
  'rule.max': 'must be at most {max}',
  'rule.text': 'must be text',
  'rule.date': 'must be a valid date (dd/mm/yyyy)',
  'rule.choice': 'must be one of the choices offered',
  'rule.tooLong': 'must not be longer than {max} characters',
  'rule.unknown': 'is not in the form',
  'missing.commune': 'no commune or ward to file at yet',
  'missing.name': "no applicant's name yet",
  'missing.cccd': '“Citizen ID” is not right: it must be exactly 12 digits',
  'missing.answer': 'no “{label}” yet',
  'missing.wrong': '“{label}” is not right: {rule}',
  'missing.photo': 'no photo of “{name}” yet',
  'missing.address': 'no full delivery address yet',
};

addMessages('vi', vi);
addMessages('en', en);
