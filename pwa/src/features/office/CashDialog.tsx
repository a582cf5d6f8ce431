// Cash taken at the desk: the amount is the dossier's fee as the server quoted it (shown, not typed), and the
// officer writes the number of the paper receipt handed over.
import { useState } from 'preact/hooks';
import { apiSend } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatVnd } from '../../format';
import { t } from '../../i18n';
import type { Payment } from '../payments/payments';
import { DialogButtons, Modal, useSubmit } from './Modal';
import type { Dossier } from './types';

export function CashDialog(props: { dossier: Dossier; onClose: () => void; onPaid: (payment: Payment) => void }) {
  const { dossier, onClose, onPaid } = props;
  const amount = dossier.fee?.total ?? 0;
  const [receipt, setReceipt] = useState('');
  const { busy, error, submit } = useSubmit(async (body) =>
    onPaid(await apiSend<Payment>('POST', `/api/office/dossiers/${dossier.id}/payments/cash`, body)),
  );
  return (
    <Modal title={t('office.cash')} onClose={onClose}>
      <form class="form" onSubmit={(e) => void submit(e, { amount, cash_receipt_number: receipt.trim() })}>
        <label for="cash-amount">{t('office.cashAmount')}</label>
        <input id="cash-amount" class="input" readOnly value={formatVnd(amount)} />
        <label for="cash-receipt">{t('office.cashReceipt')}</label>
        <input id="cash-receipt" class="input" required maxLength={40} pattern="[0-9A-Za-z.\/\-]+" aria-describedby="cash-receipt-hint"
          value={receipt} onInput={(e) => setReceipt(e.currentTarget.value)} />
        <p id="cash-receipt-hint" class="hint">{t('office.cashReceiptHint')}</p>
        {error && <ErrorText message={error} />}
        <DialogButtons busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}
