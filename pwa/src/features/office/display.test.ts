import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../format';
import { answerText, filterWords } from './display';
import './messages';
import type { FormField } from './types';

const field = (type: FormField['type']) => ({ name: 'x', label: 'X', type, required: false }) as FormField;

describe('console display', () => {
  it('writes date answers dd/mm/yyyy and leaves blanks empty', () => {
    expect(answerText(field('date'), '2026-11-01')).toBe('01/11/2026');
    expect(answerText(field('integer'), 2)).toBe('2');
    expect(answerText(field('text'), null)).toBe('');
  });

  it('writes times in Vietnam time', () => {
    expect(formatDateTime('2026-11-30T17:05:00Z')).toBe('01/12/2026 00:05');
    expect(formatDateTime(null)).toBe('');
  });

  it("writes a leader's queue filters in words, dates dd/mm/yyyy", () => {
    expect(filterWords({ in_progress: 'true', due_to: '2026-11-29' })).toBe('Đang giải quyết · Hạn trả đến 29/11/2026');
    expect(filterWords({ in_progress: 'true', due_from: '2026-11-30', due_to: '2026-12-04' })).toBe(
      'Đang giải quyết · Hạn trả từ 30/11/2026 đến 04/12/2026',
    );
    expect(filterWords({ received_from: '2026-11-01' })).toBe('Tiếp nhận từ 01/11/2026');
    expect(filterWords({ resolved_month: '2026-09', timeliness: 'late' })).toBe('Có kết quả trong tháng 09/2026 · Trễ hạn');
  });
});
