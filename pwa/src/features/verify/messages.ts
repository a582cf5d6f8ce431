// Copy for the public verification page, loaded with it.
import { addMessages } from '../../i18n';

const vi = {
  'verify.title': 'Xác minh văn bản điện tử',
  'verify.intro':
    'Trang này cho biết văn bản mang mã xác minh dưới đây có đúng do cơ quan cấp và còn nguyên vẹn hay không.',
  'verify.loading': 'Đang tải thông tin văn bản…',
  'verify.code': 'Mã xác minh',
  'verify.documentTitle': 'Văn bản',
  'verify.dossierCode': 'Mã hồ sơ',
  'verify.procedure': 'Thủ tục',
  'verify.agency': 'Cơ quan cấp',
  'verify.issuedAt': 'Ngày ký',
  'verify.signer': 'Chứng thư ký số',
  'verify.sha256': 'Mã băm SHA-256',
  'verify.checkTitle': 'Kiểm tra bản bạn đang có',
  'verify.checkHint': 'Chọn tệp PDF văn bản bạn nhận được. Tệp chỉ được dùng để kiểm tra, không được lưu lại.',
  'verify.pick': 'Chọn tệp PDF để kiểm tra',
  'verify.checking': 'Đang kiểm tra…',
  'verify.tooLarge': 'Tệp lớn hơn 10 MB: đây không phải văn bản điện tử do cơ quan cấp.',
  'verify.authentic': 'Văn bản xác thực, chưa bị chỉnh sửa',
  'verify.altered': 'Văn bản đã bị chỉnh sửa',
  'verify.foreign': 'Không phải văn bản do cơ quan cấp',
  'verify.otherDocument': 'Văn bản xác thực, nhưng không phải văn bản của mã này',
  'verify.file': 'Tệp: {name}',
};

const en: Partial<Record<keyof typeof vi, string>> = {
  'verify.title': 'Verify an electronic document',
  'verify.intro': 'This page tells whether the document with the verification code below was issued by the agency and is unchanged.',
  'verify.loading': 'Loading the document…',
  'verify.code': 'Verification code',
  'verify.documentTitle': 'Document',
  'verify.dossierCode': 'Dossier code',
  'verify.procedure': 'Procedure',
  'verify.agency': 'Issuing agency',
  'verify.issuedAt': 'Signed on',
  'verify.signer': 'Signing certificate',
  'verify.sha256': 'SHA-256 hash',
  'verify.checkTitle': 'Check the copy you have',
  'verify.checkHint': 'Choose the PDF file you received. It is only checked, never stored.',
  'verify.pick': 'Choose a PDF file to check',
  'verify.checking': 'Checking…',
  'verify.tooLarge': 'The file is larger than 10 MB: it is not an electronic document issued by the agency.',
  'verify.authentic': 'Authentic document, not modified',
  'verify.altered': 'The document has been modified',
  'verify.foreign': 'Not a document issued by the agency',
  'verify.otherDocument': 'Authentic document, but not the one with this code',
  'verify.file': 'File: {name}',
};

addMessages('vi', vi);
addMessages('en', en);
