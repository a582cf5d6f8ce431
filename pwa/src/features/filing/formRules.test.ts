import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n';
import cases from '../../../../tests/dossiers/submission_cases.json';
import { documentSlots, documentState, formErrors, isDocumentProvided, slotPages, submitProblems, withAnswer, type FormField } from './formRules';
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
      { field: 'child_birth_date', message: '“Ngày sinh” phải là ngày hợp lệ (dd/mm/yyyy)' },
      { field: 'child_sex', message: '“Giới tính” phải chọn một trong các lựa chọn có sẵn' },
      { field: 'copies', message: '“Số bản sao” phải nhỏ hơn hoặc bằng 10' },
    ]);
    expect(formErrors(form, { child_full_name: 'A', child_birth_date: '2026-01-01', child_sex: 'Nữ', copies: 0 })[0].message).toBe(
      '“Số bản sao” phải lớn hơn hoặc bằng 1',
    );
    expect(formErrors(form, { child_full_name: 'A', child_birth_date: '2026-01-01', child_sex: 'Nữ', copies: '2,5' })[0].message).toBe(
      '“Số bản sao” phải là số nguyên viết bằng chữ số, ví dụ: 2',
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
  it('say the same rule in the chosen language, with labels nobody translated marked as Vietnamese', () => {
    setLang('en');
    expect(formErrors(form, { child_full_name: 'An', child_birth_date: 'x', child_sex: 'Nam', copies: 0 }).map((e) => e.message)).toEqual([
      '“Ngày sinh (tiếng Việt)” must be a valid date (dd/mm/yyyy)',
      '“Số bản sao (tiếng Việt)” must be at least 1',
    ]);
    const translated = form.map((f) => ({ ...f, label_en: `${f.name} label` }));
    expect(formErrors(translated, { child_full_name: 'An', child_birth_date: 'x', child_sex: 'Nam', copies: 0 }).map((e) => e.message)).toEqual([
      '“child_birth_date label” must be a valid date (dd/mm/yyyy)',
      '“copies label” must be at least 1',
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
    delivery: { method: 'counter', postage_payment: 'with_fee' }, idempotency_key: 'k', revision: 1, synced_revision: 1, server, sync_error: null, updated_at: 0,
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

describe('isDocumentProvided and documentState', () => {
  const state = (slot: DocumentSlot, local: LocalPage[]) => [isDocumentProvided(slot, slotPages(slot, local)), documentState(slot, slotPages(slot, local))];

  it('count a page uploaded or waiting on the phone for submission, but say "Đã đủ" only once every page is ready', () => {
    expect(state(identity, [])).toEqual([false, 'missing']);
    expect(state({ ...identity, pages: [serverPage('p1', 0, 'failed')] }, [])).toEqual([false, 'failed']);
    expect(state(identity, [localPage('p1', 0, 'failed')])).toEqual([false, 'failed']);
    expect(state(identity, [localPage('p1', 0, 'pending')])).toEqual([true, 'waiting']);
    expect(state({ ...identity, pages: [serverPage('p1', 0, 'processing')] }, [])).toEqual([true, 'processing']);
    expect(state(identity, [localPage('p1', 0, 'uploaded')])).toEqual([true, 'processing']);
    expect(state({ ...identity, pages: [serverPage('p1', 0, 'ready')] }, [localPage('p2', 1, 'pending')])).toEqual([true, 'waiting']);
    expect(state({ ...identity, pages: [serverPage('p1', 0, 'ready'), serverPage('p2', 1, 'ready')] }, [])).toEqual([true, 'complete']);
    expect(state({ ...identity, reused_wallet_document_id: 'w1' }, [])).toEqual([true, 'complete']);
  });
});

describe('documentSlots', () => {
  it('lists the catalogue’s documents before the server has the draft', () => {
    const procedure = { documents: [{ code: 'cccd', name: 'Căn cước công dân', copies: 1, original_needed_at_counter: true, reusable_from_wallet: 'cccd' }] };
    const slots = documentSlots(draftWith({ server: null, procedure: procedure as unknown as ProcedureDetail }));
    expect(slots).toEqual([
      { code: 'cccd', name: 'Căn cước công dân', name_en: null, required: true, copies: 1, original_needed_at_counter: true, wallet_type: 'cccd', pages: [], reused_wallet_document_id: null, complete: false },
    ]);
  });
});

describe('submitProblems: the server’s cases (tests/dossiers/submission_cases.json), word for word', () => {
  for (const example of cases.cases) {
    it(example.case, () => {
      const procedure = {
        level: example.level, form: cases.form,
        documents: cases.documents.map((d) => ({ ...d, copies: 1, original_needed_at_counter: false })),
      } as unknown as ProcedureDetail;
      const draft = draftWith({
        server: null, procedure, commune_code: example.commune_code, applicant: example.applicant, form: example.form,
        delivery: example.delivery as LocalDraft['delivery'],
      });
      // A document with a page waiting on the phone counts: it will be there when the submission is sent.
      const pages = example.provided.map((code, i) => localPage(`p${i}`, 0, 'pending', code));
      expect(submitProblems(draft, pages)).toEqual(example.problems);
      setLang('en');
      expect(submitProblems(draft, pages)).toEqual(example.problems_en);
    });
  }

  it('takes the commune the server has (from the profile) and a server copy without one as missing', () => {
    const server = (communeCode: string | null) => ({ documents: [], form_definition: [], procedure_level: 'commune', commune_code: communeCode }) as unknown as DossierDetail;
    const fields = (draft: LocalDraft) => submitProblems(draft, []).map((e) => e.field);
    expect(fields(draftWith({ server: server('22333'), form: {} }))).toEqual([]);
    expect(fields(draftWith({ server: server(null), form: {} }))).toEqual(['commune_code']);
    expect(fields(draftWith({ server: server(null), form: {}, commune_code: '22333' }))).toEqual([]);
  });

  it('refuses an unfinished CCCD, which the phone keeps to itself until it has 12 digits', () => {
    expect(submitProblems(draftWith({ applicant: { full_name: 'Lan', cccd: '12345' } }), [localPage('p1', 0, 'pending')])).toEqual([
      { field: 'applicant.cccd', message: '“Số CCCD” chưa đúng: phải gồm đúng 12 chữ số' },
    ]);
  });

  it('speaks English when the person chose it (catalogue words nobody translated marked, as the server does)', () => {
    setLang('en');
    expect(submitProblems(draftWith({ form: {} }), []).map((e) => e.message)).toEqual([
      'no “Họ tên trẻ (tiếng Việt)” yet', 'no “Ngày sinh (tiếng Việt)” yet', 'no “Giới tính (tiếng Việt)” yet',
      'no photo of “Căn cước công dân (tiếng Việt)” yet',
    ]);
  });
});
