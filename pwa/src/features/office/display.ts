// How the console writes a form's answers: dates dd/mm/yyyy (times: formatDateTime in format.ts), choices
// in the reader's language.
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { localized } from '../../Localized';
import type { QueueFilters } from '../../router';
import type { FormField } from './types';

/** A form answer as people read it: dates dd/mm/yyyy, a choice in the reader's language, nothing for blanks. */
export function answerText(field: FormField, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'date' && typeof value === 'string') return formatDate(value);
  const choice = field.type === 'choice' ? (field.choices ?? []).indexOf(String(value)) : -1;
  return choice >= 0 ? localized(String(value), field.choices_en?.[choice]) : String(value);
}


/** A leader's queue filters in words, " · " between them: "Đang giải quyết · Hạn trả đến 29/11/2026". */
export function filterWords(filters: QueueFilters): string {
  const words: string[] = [];
  if (filters.in_progress === 'true') words.push(t('office.filter.inProgress'));
  const { due_from: from, due_to: to } = filters;
  if (from && to) words.push(t('office.filter.dueBetween', { from: formatDate(from), to: formatDate(to) }));
  else if (from) words.push(t('office.filter.dueFrom', { from: formatDate(from) }));
  else if (to) words.push(t('office.filter.dueTo', { to: formatDate(to) }));
  if (filters.received_from) words.push(t('office.filter.receivedFrom', { from: formatDate(filters.received_from) }));
  const month = /^(\d{4})-(\d{2})$/.exec(filters.resolved_month ?? '');
  if (month) words.push(t('office.filter.resolvedIn', { month: `${month[2]}/${month[1]}` }));
  if (filters.timeliness && ['early', 'on_time', 'late'].includes(filters.timeliness)) {
    words.push(t(`office.filter.${filters.timeliness}`));
  }
  return words.join(' · ');
}
