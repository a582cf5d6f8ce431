// A paid fee: its receipt number, when and how it was paid, the e-receipt to download, and a refund if any.
import { formatDateTime, formatVnd } from '../../format';
import { t } from '../../i18n';
import { receiptFileName, receiptHref, type Payment } from './payments';

export function PaidReceipt({ payment }: { payment: Payment }) {
  return (
    <div class="payment-paid">
      <dl class="facts">
        <dt>{t('pay.receiptNumber')}</dt>
        <dd class="payment-paid__number">{payment.receipt_number}</dd>
        <dt>{t('pay.amount')}</dt>
        <dd>{formatVnd(payment.amount)}</dd>
        <dt>{t('pay.paidAt')}</dt>
        <dd>{formatDateTime(payment.paid_at)}</dd>
        {payment.channel && (
          <>
            <dt>{t('pay.channel')}</dt>
            <dd>{t(`pay.channel.${payment.channel}`)}</dd>
          </>
        )}
      </dl>
      {payment.refund && <p class="payment-refund">{t(`pay.refund.${payment.refund}`)}</p>}
      {payment.receipt_number && (
        <a class="button" href={receiptHref(payment)} download={receiptFileName(payment.receipt_number)}>
          {t('pay.receipt')}
        </a>
      )}
    </div>
  );
}
