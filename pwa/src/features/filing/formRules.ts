// The procedure form's rules, word for word as backend/dossiers/forms.py applies them: the phone
// shows the same messages while the person types; the server's copy decides.
import type { components } from '../../../../api_schema/openapi';

export type FormField = components['schemas']['FormField'];
export type FieldError = components['schemas']['FieldError'];
export type Answers = Record<string, unknown>;

const TEXT_MAX = 500;

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function checkValue(field: FormField, value: unknown): string | null {
  if (field.type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return 'phải là một số nguyên';
    if (field.min != null && value < field.min) return `phải lớn hơn hoặc bằng ${field.min}`;
    if (field.max != null && value > field.max) return `phải nhỏ hơn hoặc bằng ${field.max}`;
    return null;
  }
  if (typeof value !== 'string') return 'phải là chữ';
  if (field.type === 'date') return isIsoDate(value) ? null : 'phải là ngày hợp lệ';
  if (field.type === 'choice') return (field.choices ?? []).includes(value) ? null : 'phải chọn một trong các lựa chọn có sẵn';
  return value.length > TEXT_MAX ? `không được dài quá ${TEXT_MAX} ký tự` : null;
}

export function formErrors(definition: FormField[], answers: Answers): FieldError[] {
  const known = new Set(definition.map((f) => f.name));
  const errors: FieldError[] = Object.keys(answers)
    .filter((name) => !known.has(name))
    .map((name) => ({ field: name, message: 'không có trong biểu mẫu' }));
  for (const field of definition) {
    const value = answers[field.name];
    if (isBlank(value)) {
      if (field.required) errors.push({ field: field.name, message: `“${field.label}” là thông tin bắt buộc` });
      continue;
    }
    const message = checkValue(field, value);
    if (message) errors.push({ field: field.name, message: `“${field.label}” ${message}` });
  }
  return errors;
}

/** What an input's text becomes in the answers: integers as numbers when they are, blanks dropped. */
export function parseInput(field: FormField, text: string): unknown {
  if (text.trim() === '') return undefined;
  if (field.type === 'integer') return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
  return text;
}

export function withAnswer(answers: Answers, field: FormField, text: string): Answers {
  const next = { ...answers };
  const value = parseInput(field, text);
  if (value === undefined) delete next[field.name];
  else next[field.name] = value;
  return next;
}
