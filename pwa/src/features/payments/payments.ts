// A dossier's fees as the payment screens see them: which payment a page is about, and where it stands.
import type { components } from '../../../../api_schema/openapi';

export type Payment = components['schemas']['Payment'];
export type VietQr = components['schemas']['VietQr'];
export type PaymentState = Payment['state'];
export type Channel = NonNullable<Payment['channel']>;

// The dossier states in which it waits for its fee (lifecycle.py), and the fee stage each waits for.
const STAGE_AWAITED: Record<string, Payment['stage']> = {
  awaiting_payment: 'submission',
  result_awaiting_payment: 'result',
};

export function owesFee(dossier: { state: string }): boolean {
  return dossier.state in STAGE_AWAITED;
}

export function isPaid(payment: Pick<Payment, 'state'>): boolean {
  return payment.state === 'paid' || payment.state === 'refunded';
}

/** The payment the dossier waits for (null until it was first asked for), else the one paid last. */
export function paymentToShow(dossierState: string, payments: Payment[]): Payment | null {
  const stage = STAGE_AWAITED[dossierState];
  if (stage) return payments.find((p) => p.stage === stage) ?? null;
  const paid = payments.filter(isPaid).sort((a, b) => (a.paid_at ?? '').localeCompare(b.paid_at ?? ''));
  return paid.at(-1) ?? null;
}

/**
 * Where the payment stands, for the screen:
 * - paid: the receipt;
 * - waiting: sent to VNPay and no word from it yet (the person may be back before its notice);
 * - unpaid: nothing tried yet, or a VietQR transfer the bank has not reported;
 * - notPaid: declined, cancelled or timed out: the server says which, and the person tries again.
 */
export type Standing = 'paid' | 'waiting' | 'unpaid' | 'notPaid';

export function standingOf(payment: Pick<Payment, 'state' | 'channel'>): Standing {
  if (isPaid(payment)) return 'paid';
  if (payment.state !== 'pending') return 'notPaid';
  return payment.channel === 'vnpay' ? 'waiting' : 'unpaid';
}

export function receiptHref(payment: Pick<Payment, 'dossier_id' | 'id'>): string {
  return `/api/dossiers/${payment.dossier_id}/payments/${payment.id}/receipt`;
}

/** The PDF's file name, as the server names it. */
export function receiptFileName(receiptNumber: string): string {
  return `bien-lai-${receiptNumber.replace(/\//g, '-')}.pdf`;
}
