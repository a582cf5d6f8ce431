// A version as the API shows it (ProcedureDetail) turned back into what an administrator edits and sends
// (ProcedureDefinition), and the small edits the draft editor makes. Pure functions.
import type { components } from '../../../../api_schema/openapi';

type Schemas = components['schemas'];
export type ProcedureDetail = Schemas['ProcedureDetail'];
export type ProcedureDefinition = Schemas['ProcedureDefinition'];
export type RequiredDocument = Schemas['RequiredDocument'];
export type FormField = Schemas['FormField'];
export type FeeRule = ProcedureDefinition['fee'];
export type FieldType = FormField['type'];

export const FIELD_TYPES: FieldType[] = ['text', 'date', 'choice', 'integer', 'address'];

export function definitionOf(detail: ProcedureDetail): ProcedureDefinition {
  return {
    name: detail.name,
    name_en: detail.name_en,
    field: detail.field.code,
    level: detail.level,
    processing: detail.processing.same_day_cutoff
      ? { working_days: detail.processing.working_days, same_day_cutoff: detail.processing.same_day_cutoff }
      : { working_days: detail.processing.working_days },
    fee: detail.fee.rule,
    online: detail.online,
    result_by_post: detail.result_by_post,
    fee_stage: detail.fee_stage,
    documents: detail.documents,
    form: detail.form,
    keywords: detail.keywords,
    note: detail.note,
    note_en: detail.note_en,
    verified: detail.verified,
    agency_code: detail.level === 'province' ? (detail.agency?.code ?? null) : null,
  };
}

/** A code for a new paper or field that the version does not use yet: doc_2, doc_3… */
export function freshCode(prefix: string, taken: string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}_${n}`)) return `${prefix}_${n}`;
}

export function newDocument(documents: RequiredDocument[]): RequiredDocument {
  return { code: freshCode('giay_to', documents.map((d) => d.code)), name: '', required: true, copies: 1, original_needed_at_counter: false };
}

export function newField(form: FormField[]): FormField {
  return { name: freshCode('truong', form.map((f) => f.name)), label: '', type: 'text', required: false };
}

/** "a, b , c" → ["a", "b", "c"]; empty → null (no choices). */
export function choicesFrom(text: string): string[] | null {
  const choices = text.split(',').map((c) => c.trim()).filter(Boolean);
  return choices.length ? choices : null;
}

/** The simple fee kinds the editor offers as an amount; any other rule is edited as JSON. */
export type SimpleFee = { kind: 'free' } | { kind: 'flat' | 'per_copy'; amount: number };

export function simpleFee(rule: FeeRule): SimpleFee | null {
  if ((rule.exemptions ?? []).length) return null;
  if (rule.kind === 'free') return { kind: 'free' };
  if (rule.kind === 'per_copy') return { kind: 'per_copy', amount: rule.amount };
  if (rule.kind === 'flat' && !rule.reduced && !Object.keys(rule.variants ?? {}).length) return { kind: 'flat', amount: rule.amount };
  return null;
}
