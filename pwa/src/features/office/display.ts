// How the console writes a form's answers: dates dd/mm/yyyy (times: formatDateTime in format.ts).
import { formatDate } from '../../format';
import type { FormField } from './types';

/** A form answer as people read it: dates dd/mm/yyyy, nothing for blanks. */
export function answerText(field: FormField, value: unknown): string {
  if (value === null || value === undefined) return '';
  return field.type === 'date' && typeof value === 'string' ? formatDate(value) : String(value);
}

