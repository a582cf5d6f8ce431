// "Tiền mặt trong ngày": the desk's cash of a day per officer, with each officer's total and the day's, for the
// hand-over at closing.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiGet, messageOf } from '../../api';
import { DateInput } from '../../DateInput';
import { isIsoDate } from '../../dates';
import { ErrorText } from '../../ErrorText';
import { formatDateTime, formatVnd, vietnamDay } from '../../format';
import { t } from '../../i18n';
import { href } from '../../router';

type CashDay = components['schemas']['CashDay'];
type OfficerCash = components['schemas']['OfficerCash'];

function OfficerTable({ officer }: { officer: OfficerCash }) {
  return (
    <table class="office-table">
      <caption>{t('office.cashOfficer', { name: officer.officer_name, amount: formatVnd(officer.total) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('office.code')}</th>
          <th scope="col">{t('office.cashReceiptNumber')}</th>
          <th scope="col">{t('office.cashPaidAt')}</th>
          <th scope="col" class="money">{t('office.cashAmountColumn')}</th>
        </tr>
      </thead>
      <tbody>
        {officer.payments.map((line) => (
          <tr key={line.cash_receipt_number + line.dossier_code}>
            <td>{line.dossier_code}</td>
            <td>{line.cash_receipt_number}</td>
            <td>{formatDateTime(line.paid_at)}</td>
            <td class="money">{formatVnd(line.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CashDayScreen() {
  const [day, setDay] = useState(vietnamDay);
  const [cash, setCash] = useState<CashDay | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    if (!isIsoDate(day)) return;
    setCash(null);
    apiGet<CashDay>(`/api/office/payments/cash?day=${day}`).then(
      (answer) => {
        setCash(answer);
        setError('');
      },
      (err: unknown) => setError(messageOf(err)),
    );
  }, [day]);

  return (
    <section class="page office" aria-labelledby="cash-day-title">
      <a href={href.office}>{t('office.back')}</a>
      <h1 id="cash-day-title">{t('office.cashDay')}</h1>
      <div class="form office-cash-day">
        <label for="cash-day">{t('office.cashDayDate')}</label>
        <DateInput id="cash-day" class="input" value={day} onValue={setDay} />
      </div>
      {error && <ErrorText message={error} />}
      {cash && cash.officers.length === 0 && <p class="status">{t('office.cashNone')}</p>}
      {cash?.officers.map((officer) => <OfficerTable key={officer.officer_name} officer={officer} />)}
      {cash && cash.officers.length > 0 && (
        <p class="office-cash-total" role="status">{t('office.cashTotal', { amount: formatVnd(cash.total) })}</p>
      )}
    </section>
  );
}
