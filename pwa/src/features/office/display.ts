// How the console writes times and answers: dd/mm/yyyy (and hh:mm) in Vietnam time.
import { formatDate } from '../../format';
import type { FormField } from './types';

/** A form answer as people read it: dates dd/mm/yyyy, nothing for blanks. */
export function answerText(field: FormField, value: unknown): string {
  if (value === null || value === undefined) return '';
  return field.type === 'date' && typeof value === 'string' ? formatDate(value) : String(value);
}

export function dateTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const time = date.toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' });
  return `${formatDate(iso)} ${time}`;
}
