import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../format';
import { answerText } from './display';
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
});
