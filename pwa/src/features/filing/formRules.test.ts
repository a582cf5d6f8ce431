import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n';
import { documentSlots, formErrors, isDocumentComplete, slotPages, submitProblems, withAnswer, type FormField } from './formRules';
import type { DocumentSlot, DossierDetail, LocalDraft, LocalPage, PageOut, ProcedureDetail } from './types';

afterEach(() => setLang('vi'));

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

describe('form rules in English', () => {
  it('say the same rule in the chosen language', () => {
    setLang('en');
    expect(formErrors(form, { child_full_name: 'An', child_birth_date: 'x', child_sex: 'Nam', copies: 0 }).map((e) => e.message)).toEqual([
      '“Ngày sinh” must be a valid date',
      '“Số bản sao” must be at least 1',
    ]);
  });
});

// Completeness before "Nộp hồ sơ"

const identity: DocumentSlot = {
  code: 'cccd', name: 'Căn cước công dân', required: true, copies: 1, original_needed_at_counter: false,
  wallet_type: 'cccd', pages: [], reused_wallet_document_id: null, complete: false,
};
const marriage: DocumentSlot = { ...identity, code: 'ket_hon', name: 'Giấy đăng ký kết hôn', required: false, wallet_type: null };

function serverPage(id: string, position: number, status: PageOut['status']): PageOut {
  return {
    id, position, status, document_code: 'cccd', failure: status === 'failed' ? 'Ảnh hỏng' : null, height: null, width: null,
    image_bytes: null, image_url: null, thumbnail_url: null,
  };
}

function localPage(id: string, position: number, status: LocalPage['status'], documentCode = 'cccd'): LocalPage {
  return { id, dossier_id: 'd1', document_code: documentCode, position, blob: new Blob(), status, error: null, warnings: [] };
}

function draftWith(change: Partial<LocalDraft>, documents: DocumentSlot[] = [identity, marriage]): LocalDraft {
  const server = { documents, form_definition: form } as DossierDetail;
  return {
    id: 'd1', procedure_code: '1.001193', procedure: null, commune_code: null,
    applicant: { full_name: 'Nguyễn Thị Lan' },
    form: { child_full_name: 'An', child_birth_date: '2026-11-01', child_sex: 'Nam' },
    delivery: { method: 'counter' }, idempotency_key: 'k', revision: 1, synced_revision: 1, server, sync_error: null, updated_at: 0,
    ...change,
  };
}

describe('slotPages', () => {
  it('joins the phone’s pages to the server’s by id, in position order, and keeps only this document’s', () => {
    const slot = { ...identity, pages: [serverPage('p2', 1, 'ready'), serverPage('p1', 0, 'processing')] };
    const pages = slotPages(slot, [localPage('p1', 0, 'uploaded'), localPage('p3', 2, 'pending'), localPage('x', 0, 'pending', 'ket_hon')]);
    expect(pages.map((p) => [p.id, p.server?.status ?? null, p.local?.status ?? null])).toEqual([
      ['p1', 'processing', 'uploaded'],
      ['p2', 'ready', null],
      ['p3', null, 'pending'],
    ]);
  });
});

describe('isDocumentComplete', () => {
  it('needs a page that has not failed, or a reused wallet paper', () => {
    expect(isDocumentComplete(identity, [])).toBe(false);
    expect(isDocumentComplete(identity, slotPages({ ...identity, pages: [serverPage('p1', 0, 'failed')] }, []))).toBe(false);
    expect(isDocumentComplete(identity, slotPages(identity, [localPage('p1', 0, 'failed')]))).toBe(false);
    expect(isDocumentComplete(identity, slotPages(identity, [localPage('p1', 0, 'pending')]))).toBe(true);
    expect(isDocumentComplete(identity, slotPages({ ...identity, pages: [serverPage('p1', 0, 'processing')] }, []))).toBe(true);
    expect(isDocumentComplete({ ...identity, reused_wallet_document_id: 'w1' }, [])).toBe(true);
  });
});

describe('documentSlots', () => {
  it('lists the catalogue’s documents before the server has the draft', () => {
    const procedure = { documents: [{ code: 'cccd', name: 'Căn cước công dân', copies: 1, original_needed_at_counter: true, reusable_from_wallet: 'cccd' }] };
    const slots = documentSlots(draftWith({ server: null, procedure: procedure as unknown as ProcedureDetail }));
    expect(slots).toEqual([
      { code: 'cccd', name: 'Căn cước công dân', required: true, copies: 1, original_needed_at_counter: true, wallet_type: 'cccd', pages: [], reused_wallet_document_id: null, complete: false },
    ]);
  });
});

describe('submitProblems (the server’s completeness rule, in its words)', () => {
  it('finds nothing to fix in a complete draft; an optional document may stay empty', () => {
    expect(submitProblems(draftWith({}), [localPage('p1', 0, 'pending')])).toEqual([]);
  });

  it('names every gap: the applicant first, then the form, the CCCD, the postal address and each paper', () => {
    const draft = draftWith({
      applicant: { full_name: '  ', cccd: '12345' },
      form: { child_full_name: 'An', child_birth_date: '2026-11-01' },
      delivery: { method: 'post', province_code: '56', commune_code: null, street: '12 Trần Phú' },
    });
    expect(submitProblems(draft, [])).toEqual([
      { field: 'applicant.full_name', message: 'hãy nhập họ tên người nộp' },
      { field: 'child_sex', message: '“Giới tính” là thông tin bắt buộc' },
      { field: 'applicant.cccd', message: 'Số CCCD phải gồm đúng 12 chữ số' },
      { field: 'delivery', message: 'hãy nhập đủ địa chỉ nhận kết quả qua bưu điện' },
      { field: 'documents.cccd', message: 'chưa có ảnh “Căn cước công dân”' },
    ]);
  });

  it('speaks English when the person chose it', () => {
    setLang('en');
    expect(submitProblems(draftWith({}), []).map((e) => e.message)).toEqual(['no photo of “Căn cước công dân” yet']);
  });
});
