// The dossier's rules as the server applies them, so the phone says the same words while the person
// types: the procedure form word for word as backend/dossiers/forms.py, and what submission needs
// (backend/dossiers/service.py `_complete`). The server's copy decides; these are pure and unit-tested.
import type { components } from '../../../../api_schema/openapi';
import { t } from '../../i18n';
import type { DocumentSlot, LocalDraft, LocalPage, PageOut } from './types';
import './ruleMessages';

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

export function formErrors(definition: FormField[], answers: Answers): FieldError[] {
  const known = new Set(definition.map((f) => f.name));
  const errors: FieldError[] = Object.keys(answers)
    .filter((name) => !known.has(name))
    .map((name) => ({ field: name, message: t('rule.unknown') }));
  for (const field of definition) {
    const value = answers[field.name];
    if (isBlank(value)) {
      if (field.required) errors.push({ field: field.name, message: t('rule.required', { label: field.label }) });
      continue;
    }
    const message = checkValue(field, value);
    if (message) errors.push({ field: field.name, message: t('rule.field', { label: field.label, rule: message }) });
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

// Documents and completeness

/** The procedure's form: the server's copy once it has the draft, the catalogue's before. */
export function formDefinition(draft: LocalDraft): FormField[] {
  return draft.server?.form_definition ?? draft.procedure?.form ?? [];
}

/** The documents to photograph: the server's slots once it has the draft, the catalogue's list before. */
export function documentSlots(draft: LocalDraft): DocumentSlot[] {
  if (draft.server) return draft.server.documents;
  return (draft.procedure?.documents ?? []).map((d) => ({
    code: d.code, name: d.name, required: d.required !== false, copies: d.copies, original_needed_at_counter: d.original_needed_at_counter,
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

/** A document is complete with a page that has not failed, or with a paper reused from the wallet. */
export function isDocumentComplete(slot: DocumentSlot, pages: ViewPage[]): boolean {
  if (slot.reused_wallet_document_id) return true;
  return pages.some((p) => (p.server ? p.server.status !== 'failed' : p.local?.status !== 'failed'));
}

/** What still stops "Nộp hồ sơ", in the server's words, checked on the phone before anything is sent. */
export function submitProblems(draft: LocalDraft, localPages: LocalPage[]): FieldError[] {
  const errors = formErrors(formDefinition(draft), draft.form);
  const applicant = draft.applicant ?? {};
  if (!applicant.full_name?.trim()) errors.unshift({ field: 'applicant.full_name', message: t('filing.nameRequired') });
  if (applicant.cccd && !isCccd(applicant.cccd)) errors.push({ field: 'applicant.cccd', message: t('filing.cccdInvalid') });
  const delivery = draft.delivery;
  if (delivery.method === 'post' && !(delivery.province_code && delivery.commune_code && delivery.street?.trim())) {
    errors.push({ field: 'delivery', message: t('filing.addressMissing') });
  }
  for (const slot of documentSlots(draft)) {
    if (slot.required && !isDocumentComplete(slot, slotPages(slot, localPages))) {
      errors.push({ field: `documents.${slot.code}`, message: t('filing.photoMissing', { name: slot.name }) });
    }
  }
  return errors;
}
