import { describe, expect, it } from 'vitest';
import { owesFee, paymentToShow, receiptFileName, receiptHref, standingOf, type Payment } from './payments';

function payment(fields: Partial<Payment>): Payment {
  return {
    id: '0193a1b2-0000-7000-8000-000000000001', dossier_id: '0193a1b2-0000-7000-8000-0000000000d0', stage: 'submission',
    state: 'pending', state_text: 'Chờ thanh toán', amount: 200_000, items: [], reference: '000.00.06.H56-261130-0001',
    channel: null, paid_at: null, receipt_number: null, ...fields,
  };
}

describe('which payment the page is about', () => {
  const submission = payment({ state: 'paid', paid_at: '2026-11-30T03:00:00Z', receipt_number: '0000001/2026', channel: 'cash' });
  const result = payment({ id: '0193a1b2-0000-7000-8000-000000000002', stage: 'result' });

  it('is the one the dossier waits for, by its fee stage', () => {
    expect(paymentToShow('result_awaiting_payment', [submission, result])).toBe(result);
    expect(paymentToShow('awaiting_payment', [result])).toBeNull(); // not asked for yet
  });

  it('is the one paid last once the dossier owes nothing', () => {
    const later = payment({ ...result, state: 'paid', paid_at: '2026-12-02T03:00:00Z' });
    expect(paymentToShow('result_ready', [later, submission])).toBe(later);
    expect(paymentToShow('received', [submission, result])).toBe(submission);
    expect(paymentToShow('received', [])).toBeNull();
  });

  it('knows the dossier states that wait for a fee', () => {
    expect(owesFee({ state: 'awaiting_payment' })).toBe(true);
    expect(owesFee({ state: 'result_awaiting_payment' })).toBe(true);
    expect(owesFee({ state: 'submitted' })).toBe(false);
  });
});

describe('where a payment stands', () => {
  it('is waiting after the person went to VNPay and it has not answered', () => {
    expect(standingOf({ state: 'pending', channel: 'vnpay' })).toBe('waiting');
  });

  it('is unpaid before anything was tried, or while a bank transfer is awaited', () => {
    expect(standingOf({ state: 'pending', channel: null })).toBe('unpaid');
    expect(standingOf({ state: 'pending', channel: 'vietqr' })).toBe('unpaid');
  });

  it('is not paid (try again) when declined, cancelled or timed out', () => {
    for (const state of ['failed', 'cancelled', 'expired'] as const) expect(standingOf({ state, channel: 'vnpay' })).toBe('notPaid');
  });

  it('is paid when paid, and still when refunded (the receipt stays)', () => {
    expect(standingOf({ state: 'paid', channel: 'vietqr' })).toBe('paid');
    expect(standingOf({ state: 'refunded', channel: 'cash' })).toBe('paid');
  });
});

describe('the e-receipt', () => {
  it('is downloaded from the payment and named as the server names it', () => {
    const paid = payment({});
    expect(receiptHref(paid)).toBe(`/api/dossiers/${paid.dossier_id}/payments/${paid.id}/receipt`);
    expect(receiptFileName('0000012/2026')).toBe('bien-lai-0000012-2026.pdf');
  });
});
