// The amount owed explained line by line (the fee engine's lines), with the total.
import { formatVnd } from '../../format';
import { t } from '../../i18n';
import { inLang } from '../../Localized';
import type { Payment } from './payments';

export function FeeItems({ payment }: { payment: Payment }) {
  return (
    <table class="fee-items">
      <caption>{t('pay.amountTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('pay.item')}</th>
          <th scope="col" class="money">{t('pay.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {payment.items.map((line) => (
          <tr key={line.label}>
            <td>{inLang(line.label, line.label_en)}</td>
            <td class="money">{formatVnd(line.amount)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('pay.total')}</th>
          <td class="money">{formatVnd(payment.amount)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
