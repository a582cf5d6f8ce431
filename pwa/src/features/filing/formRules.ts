// The dossier's rules as the server applies them, so the phone says the same words while the person
// types and before it promises to send by itself: the procedure form word for word as
// backend/dossiers/forms.py, and what submission needs (forms.py `submission_problems`, checked with the
// same cases: tests/dossiers/submission_cases.json). The server's copy decides; these are pure.
import type { components } from '../../../../api_schema/openapi';
import { isIsoDate } from '../../dates';
import { t } from '../../i18n';
import { localized } from '../../Localized';
import type { DocumentSlot, LocalDraft, LocalPage, PageOut } from './types';
import './ruleMessages';

export type FormField = components['schemas']['FormField'];
export type FieldError = components['schemas']['FieldError'];
export type Answers = Record<string, unknown>;

const TEXT_MAX = 500;

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A citizen ID (CCCD) has exactly 12 digits. */
export function isCccd(value: string): boolean {
  return /^\d{12}$/.test(value);
}

function checkValue(field: FormField, value: unknown): string | null {
  if (field.type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return t('rule.integer');
    if (field.min != null && value < field.min) return t('rule.min', { min: field.min });
    if (field.max != null && value > field.max) return t('rule.max', { max: field.max });
    return null;
  }
  if (typeof value !== 'string') return t('rule.text');
  if (field.type === 'date') return isIsoDate(value) ? null : t('rule.date');
  if (field.type === 'choice') return (field.choices ?? []).includes(value) ? null : t('rule.choice');
  return value.length > TEXT_MAX ? t('rule.tooLong', { max: TEXT_MAX }) : null;
}

/** One answer the form refuses: `label` null for an answer the form does not have, `rule` null for a
 * required answer left blank. */
interface Problem {
  field: string;
  label: string | null;
  rule: string | null;
}

/** A field's label in the reader's language, as the server writes it in its messages (forms.label_of). */
const labelOf = (field: FormField) => localized(field.label, field.label_en);

function formProblems(definition: FormField[], answers: Answers): Problem[] {
  const known = new Set(definition.map((f) => f.name));
  const problems: Problem[] = Object.keys(answers)
    .filter((name) => !known.has(name))
    .map((name) => ({ field: name, label: null, rule: t('rule.unknown') }));
  for (const field of definition) {
    const value = answers[field.name];
    if (isBlank(value)) {
      if (field.required) problems.push({ field: field.name, label: labelOf(field), rule: null });
      continue;
    }
    const rule = checkValue(field, value);
    if (rule) problems.push({ field: field.name, label: labelOf(field), rule });
  }
  return problems;
}

/** Each answer's problem in the words shown under its field. */
export function formErrors(definition: FormField[], answers: Answers): FieldError[] {
  return formProblems(definition, answers).map(({ field, label, rule }) => ({
    field,
    message: label === null ? (rule ?? '') : rule === null ? t('rule.required', { label }) : t('rule.field', { label, rule }),
  }));
}

/** The same problem in the one voice of the list "Hồ sơ còn thiếu" (chưa có …). */
function missingWords({ field, label, rule }: Problem): string {
  if (label === null) return t('missing.unknown', { field, rule: rule ?? '' });
  return rule === null ? t('missing.answer', { label }) : t('missing.wrong', { label, rule });
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

// Documents and completeness

/** The procedure's form: the server's copy once it has the draft, the catalogue's before. */
export function formDefinition(draft: LocalDraft): FormField[] {
  return draft.server?.form_definition ?? draft.procedure?.form ?? [];
}

/** The documents to photograph: the server's slots once it has the draft, the catalogue's list before. */
export function documentSlots(draft: LocalDraft): DocumentSlot[] {
  if (draft.server) return draft.server.documents;
  return (draft.procedure?.documents ?? []).map((d) => ({
    code: d.code, name: d.name, name_en: d.name_en ?? null, required: d.required !== false, copies: d.copies, original_needed_at_counter: d.original_needed_at_counter,
    wallet_type: d.reusable_from_wallet ?? null, pages: [], reused_wallet_document_id: null, complete: false,
  }));
}

/** A page as the screen shows it: the server's copy, the phone's (until uploaded), or both. */
export interface ViewPage {
  id: string;
  position: number;
  local?: LocalPage;
  server?: PageOut;
}

/** The document's pages in order, the phone's copy joined to the server's by page id. */
export function slotPages(slot: DocumentSlot, local: LocalPage[]): ViewPage[] {
  const pages = new Map<string, ViewPage>();
  for (const page of slot.pages) pages.set(page.id, { id: page.id, position: page.position, server: page });
  for (const page of local) {
    if (page.document_code !== slot.code) continue;
    const known = pages.get(page.id);
    pages.set(page.id, { id: page.id, position: page.position, server: known?.server, local: page });
  }
  return [...pages.values()].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/** Where a page stands: waiting on the phone, processing on the server, ready, or failed. */
export type PageStatus = 'waiting' | 'processing' | 'ready' | 'failed';

export function pageStatus(page: ViewPage): PageStatus {
  if (page.local?.status === 'failed') return 'failed';
  if (page.local?.status === 'pending') return 'waiting';
  if (page.server?.status === 'ready') return 'ready';
  if (page.server?.status === 'failed') return 'failed';
  return 'processing'; // uploaded, or on the server and not normalised yet
}

/** A document counts for submission with a page that has not failed — uploaded or still waiting on
 * the phone, which will be there when the submission is sent — or with a paper reused from the wallet. */
export function isDocumentProvided(slot: DocumentSlot, pages: ViewPage[]): boolean {
  return !!slot.reused_wallet_document_id || pages.some((p) => pageStatus(p) !== 'failed');
}

export type DocumentState = 'complete' | 'missing' | 'waiting' | 'processing' | 'failed';

/** What the document's line says: "Đã đủ" only once every page is on the server and ready. */
export function documentState(slot: DocumentSlot, pages: ViewPage[]): DocumentState {
  if (slot.reused_wallet_document_id) return 'complete';
  const statuses = pages.map(pageStatus);
  if (statuses.includes('failed')) return 'failed';
  if (statuses.length === 0) return 'missing';
  if (statuses.includes('waiting')) return 'waiting';
  return statuses.includes('processing') ? 'processing' : 'complete';
}

/** The procedure is handled by a commune's People's Committee, so the person chooses the commune. */
export function needsCommune(draft: LocalDraft): boolean {
  return (draft.server?.procedure_level ?? draft.procedure?.level) === 'commune';
}

/** The commune chosen on the phone, else the one the server has (e.g. from the profile). */
export function chosenCommune(draft: LocalDraft): string | null {
  return draft.commune_code ?? draft.server?.commune_code ?? null;
}

/** What still stops "Nộp hồ sơ", in the order of the screen and the words of the server's list: the
 * phone says "sẽ tự gửi khi có mạng" only when this is empty. The CCCD is checked here only because
 * the phone keeps an unfinished one to itself (engine.cleanApplicant). */
export function submitProblems(draft: LocalDraft, localPages: LocalPage[]): FieldError[] {
  const errors: FieldError[] = [];
  if (needsCommune(draft) && !chosenCommune(draft)) errors.push({ field: 'commune_code', message: t('missing.commune') });
  const applicant = draft.applicant ?? {};
  if (isBlank(applicant.full_name)) errors.push({ field: 'applicant.full_name', message: t('missing.name') });
  if (applicant.cccd && !isCccd(applicant.cccd)) errors.push({ field: 'applicant.cccd', message: t('missing.cccd') });
  for (const problem of formProblems(formDefinition(draft), draft.form)) errors.push({ field: problem.field, message: missingWords(problem) });
  for (const slot of documentSlots(draft)) {
    if (slot.required && !isDocumentProvided(slot, slotPages(slot, localPages))) {
      errors.push({ field: `documents.${slot.code}`, message: t('missing.photo', { name: localized(slot.name, slot.name_en) }) });
    }
  }
  const delivery = draft.delivery;
  if (delivery.method === 'post' && (!delivery.province_code || !delivery.commune_code || isBlank(delivery.street))) {
    errors.push({ field: 'delivery', message: t('missing.address') });
  }
  return errors;
}
