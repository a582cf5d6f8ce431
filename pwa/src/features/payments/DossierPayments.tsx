// On the dossier page (and right after filing): the call to pay while the dossier owes a fee, and the
// dossier's fees with their state in the server's words, the receipt to download and any refund.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { formatVnd } from '../../format';
import { getLang, t } from '../../i18n';
import { href } from '../../router';
import type { DossierDetail } from '../filing/types';
import { isPaid, owesFee, receiptFileName, receiptHref, type Payment } from './payments';
import './messages';
import './payments.css';

export function PayCallToAction({ dossier }: { dossier: DossierDetail }) {
  if (!owesFee(dossier) || !dossier.fee?.total) return null;
  const amount = formatVnd(dossier.fee.total);
  return (
    <div class="pay-cta">
      <p>{dossier.state === 'result_awaiting_payment' ? t('pay.ctaDueResult', { amount }) : t('pay.ctaDueSubmission', { amount })}</p>
      <a class="button" href={href.payment(dossier.id)}>
        {t('pay.cta')}
      </a>
    </div>
  );
}

function PaymentItem({ payment }: { payment: Payment }) {
  return (
    <li class="payment-item">
      <p>
        <strong>{formatVnd(payment.amount)}</strong> · {t(`pay.stage.${payment.stage}`)}
      </p>
      <p>
        {payment.state_text}
        {payment.channel && isPaid(payment) && ` · ${t(`pay.channel.${payment.channel}`)}`}
        {payment.refund && ` · ${t(`pay.refund.${payment.refund}`)}`}
      </p>
      {payment.receipt_number && (
        <p>
          <a href={receiptHref(payment)} download={receiptFileName(payment.receipt_number)}>
            {t('pay.receipt')}
          </a>{' '}
          <span class="hint">({t('pay.receiptNumber')} {payment.receipt_number})</span>
        </p>
      )}
    </li>
  );
}

/** Listed only for a dossier with a fee: a free one has no payments to ask about. */
export function DossierPayments({ dossier }: { dossier: DossierDetail }) {
  const [payments, setPayments] = useState<Payment[]>([]);
  const lang = getLang();
  const hasFee = !!dossier.fee?.total;
  useEffect(() => {
    if (hasFee) apiGet<Payment[]>(`/api/dossiers/${dossier.id}/payments`).then(setPayments, () => undefined); // the page stands without it
  }, [dossier.id, dossier.state, hasFee, lang]);
  if (payments.length === 0) return null;
  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title">{t('pay.listTitle')}</h2>
      <ul class="payment-list">
        {payments.map((payment) => (
          <PaymentItem key={payment.id} payment={payment} />
        ))}
      </ul>
    </section>
  );
}
