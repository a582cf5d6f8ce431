import { describe, expect, it } from 'vitest';
import { formErrors, withAnswer, type FormField } from './formRules';

const form: FormField[] = [
  { name: 'child_full_name', label: 'Họ tên trẻ', type: 'text', required: true },
  { name: 'child_birth_date', label: 'Ngày sinh', type: 'date', required: true },
  { name: 'child_sex', label: 'Giới tính', type: 'choice', required: true, choices: ['Nam', 'Nữ'] },
  { name: 'copies', label: 'Số bản sao', type: 'integer', required: false, min: 1, max: 10 },
];

describe('formErrors (same rules and words as the server)', () => {
  it('reports every missing required field', () => {
    expect(formErrors(form, {}).map((e) => e.message)).toEqual([
      '“Họ tên trẻ” là thông tin bắt buộc',
      '“Ngày sinh” là thông tin bắt buộc',
      '“Giới tính” là thông tin bắt buộc',
    ]);
  });

  it('accepts a complete, valid form', () => {
    expect(formErrors(form, { child_full_name: 'An', child_birth_date: '2026-11-01', child_sex: 'Nam', copies: 2 })).toEqual([]);
  });

  it('checks dates, choices, integers, bounds, length and unknown fields', () => {
    const errors = formErrors(form, {
      child_full_name: 'x'.repeat(501),
      child_birth_date: '2026-02-30',
      child_sex: 'Khác',
      copies: 11,
      extra: 'y',
    });
    expect(errors).toEqual([
      { field: 'extra', message: 'không có trong biểu mẫu' },
      { field: 'child_full_name', message: '“Họ tên trẻ” không được dài quá 500 ký tự' },
      { field: 'child_birth_date', message: '“Ngày sinh” phải là ngày hợp lệ' },
      { field: 'child_sex', message: '“Giới tính” phải chọn một trong các lựa chọn có sẵn' },
      { field: 'copies', message: '“Số bản sao” phải nhỏ hơn hoặc bằng 10' },
    ]);
    expect(formErrors(form, { child_full_name: 'A', child_birth_date: '2026-01-01', child_sex: 'Nữ', copies: 0 })[0].message).toBe(
      '“Số bản sao” phải lớn hơn hoặc bằng 1',
    );
    expect(formErrors(form, { child_full_name: 'A', child_birth_date: '2026-01-01', child_sex: 'Nữ', copies: '2,5' })[0].message).toBe(
      '“Số bản sao” phải là một số nguyên',
    );
  });

  it('treats blanks as missing', () => {
    expect(formErrors(form, { child_full_name: '   ' })[0].field).toBe('child_full_name');
  });
});

describe('withAnswer', () => {
  it('parses integers, keeps bad text for the error, drops blanks', () => {
    expect(withAnswer({}, form[3], ' 3 ')).toEqual({ copies: 3 });
    expect(withAnswer({}, form[3], '3a')).toEqual({ copies: '3a' });
    expect(withAnswer({ copies: 3 }, form[3], '')).toEqual({});
  });
});
