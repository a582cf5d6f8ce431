// How the console writes a form's answers: dates dd/mm/yyyy (times: formatDateTime in format.ts), choices
// in the reader's language.
import { formatDate } from '../../format';
import { localized } from '../../Localized';
import type { FormField } from './types';

/** A form answer as people read it: dates dd/mm/yyyy, a choice in the reader's language, nothing for blanks. */
export function answerText(field: FormField, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'date' && typeof value === 'string') return formatDate(value);
  const choice = field.type === 'choice' ? (field.choices ?? []).indexOf(String(value)) : -1;
  return choice >= 0 ? localized(String(value), field.choices_en?.[choice]) : String(value);
}

