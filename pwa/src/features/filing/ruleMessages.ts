// What the rules and the engine say (formRules.ts, upload.ts): the server's words for an incomplete
// dossier. Apart from the screens' copy, because the engine also runs at app start without the screens.
import { addMessages } from '../../i18n';

const vi = {
  'filing.nameRequired': 'hãy nhập họ tên người nộp',
  'filing.cccdInvalid': 'Số CCCD phải gồm đúng 12 chữ số',
  'filing.addressMissing': 'hãy nhập đủ địa chỉ nhận kết quả qua bưu điện',
  'filing.photoMissing': 'chưa có ảnh “{name}”',
  'filing.tooLarge': 'Ảnh quá lớn (tối đa 15 MB).',
  'rule.required': '“{label}” là thông tin bắt buộc',
  'rule.field': '“{label}” {rule}',
  'rule.integer': 'phải là một số nguyên',
  'rule.min': 'phải lớn hơn hoặc bằng {min}',
  'rule.max': 'phải nhỏ hơn hoặc bằng {max}',
  'rule.text': 'phải là chữ',
  'rule.date': 'phải là ngày hợp lệ',
  'rule.choice': 'phải chọn một trong các lựa chọn có sẵn',
  'rule.tooLong': 'không được dài quá {max} ký tự',
  'rule.unknown': 'không có trong biểu mẫu',
};

const en: Partial<Record<keyof typeof vi, string>> = {
  'filing.nameRequired': "enter the applicant's full name",
  'filing.cccdInvalid': 'The citizen ID must be exactly 12 digits',
  'filing.addressMissing': 'enter the full delivery address',
  'filing.photoMissing': 'no photo of “{name}” yet',
  'filing.tooLarge': 'The photo is too large (15 MB at most).',
  'rule.required': '“{label}” is required',
  'rule.field': '“{label}” {rule}',
  'rule.integer': 'must be a whole number',
  'rule.min': 'must be at least {min}',
  'rule.max': 'must be at most {max}',
  'rule.text': 'must be text',
  'rule.date': 'must be a valid date',
  'rule.choice': 'must be one of the choices offered',
  'rule.tooLong': 'must not be longer than {max} characters',
  'rule.unknown': 'is not in the form',
};

addMessages('vi', vi);
addMessages('en', en);
