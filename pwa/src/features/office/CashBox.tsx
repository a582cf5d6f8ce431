// On the desk's dossier page while the dossier waits for its fee: what is owed and "Thu tiền mặt".
import { useState } from 'preact/hooks';
import { formatVnd } from '../../format';
import { t } from '../../i18n';
import type { Payment } from '../payments/payments';
import { CashDialog } from './CashDialog';
import type { Dossier } from './types';

export function CashBox({ dossier, onPaid }: { dossier: Dossier; onPaid: (payment: Payment) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <section class="office-cash" aria-labelledby="office-fee-title">
      <h2 id="office-fee-title">{t('office.fee')}</h2>
      <p>{t('office.feeOwed', { amount: formatVnd(dossier.fee?.total ?? 0) })}</p>
      <button type="button" class="button" onClick={() => setOpen(true)}>{t('office.cash')}</button>
      {open && (
        <CashDialog dossier={dossier} onClose={() => setOpen(false)} onPaid={(payment) => {
          setOpen(false);
          onPaid(payment);
        }} />
      )}
    </section>
  );
}
