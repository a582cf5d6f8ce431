// "Nộp phí, lệ phí" (#/ho-so/{id}/thanh-toan): the amount explained line by line, then a choice of a VietQR
// bank transfer or VNPay, and cash at the counter said in words. It shows the server's state only: the same
// page receives the person back from VNPay and after the phone was offline, and turns to "Đã thanh toán" by
// itself while it waits.
import { useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { Localized, localized } from '../../Localized';
import { href } from '../../router';
import { useSignedInCitizen } from '../account/useCitizen';
import type { components } from '../../../../api_schema/openapi';
import { FeeItems } from './FeeItems';
import { PaidReceipt } from './PaidReceipt';
import { standingOf, type Payment, type Standing } from './payments';
import { usePayment, type PaymentView } from './usePayment';
import { VietQrTransfer } from './VietQrTransfer';
import './messages';
import './payments.css';

type Method = 'vietqr' | 'vnpay';
type VnpayStart = components['schemas']['VnpayStart'];

function headline(payment: Payment, standing: Standing): string {
  if (standing === 'paid') return t('pay.paid');
  if (standing === 'waiting') return t('pay.waitingGateway');
  return payment.state_text; // the server's words: waiting for payment, declined, cancelled, timed out
}

function VnpayPanel({ payment, standing }: { payment: Payment; standing: Standing }) {
  const [going, setGoing] = useState(false);
  const [error, setError] = useState('');

  async function go() {
    setGoing(true);
    setError('');
    try {
      const { redirect_url } = await apiSend<VnpayStart>('POST', `/api/dossiers/${payment.dossier_id}/payments/vnpay`);
      location.assign(redirect_url);
    } catch (err) {
      setError(messageOf(err));
      setGoing(false);
    }
  }

  const again = standing !== 'unpaid' && payment.channel === 'vnpay';
  return (
    <div class="vnpay">
      <p class="hint">{t('pay.vnpayHint')}</p>
      <button type="button" class="button" disabled={going} onClick={() => void go()}>
        {going ? t('pay.vnpayGoing') : again ? t('pay.vnpayAgain') : t('pay.vnpayGo')}
      </button>
      {error && <ErrorText message={error} />}
    </div>
  );
}

function PayChoice({ view, payment, standing }: { view: PaymentView; payment: Payment; standing: Standing }) {
  const [chosen, setChosen] = useState<Method | null>(null);
  // Back from VNPay, VNPay stays chosen (to pay again); otherwise the transfer, which costs nothing, comes first.
  const method = chosen ?? (payment.vietqr && payment.channel !== 'vnpay' ? 'vietqr' : 'vnpay');
  const methods: Method[] = payment.vietqr ? ['vietqr', 'vnpay'] : ['vnpay'];
  const { dossier } = view;
  return (
    <>
      {standing === 'waiting' && <p class="hint">{t('pay.waitingGatewayHint')}</p>}
      {standing === 'notPaid' && <p class="hint">{t('pay.notPaidHint')}</p>}
      <fieldset class="pay-methods">
        <legend>{t('pay.chooseTitle')}</legend>
        {methods.map((m) => (
          <label key={m} class="pay-method">
            <input type="radio" name="pay-method" value={m} checked={method === m} onChange={() => setChosen(m)} />
            {t(`pay.${m}`)}
          </label>
        ))}
      </fieldset>
      {method === 'vietqr' && payment.vietqr ? <VietQrTransfer qr={payment.vietqr} /> : <VnpayPanel payment={payment} standing={standing} />}
      <p class="pay-counter">
        {t('pay.counter', { agency: localized(dossier.agency_name ?? '', dossier.agency_name_en), code: dossier.code ?? '' })}
      </p>
    </>
  );
}

function PaymentBody({ view }: { view: PaymentView }) {
  const { payment } = view;
  if (!payment) return <p>{t('pay.nothingOwed')}</p>;
  const standing = standingOf(payment);
  return (
    <>
      <p class={`payment-standing payment-standing--${standing}`} role="status" data-state={payment.state}>
        {standing === 'paid' && <span aria-hidden="true">✓ </span>}
        {headline(payment, standing)}
      </p>
      {standing === 'paid' && <p class="hint">{t('pay.paidHint')}</p>}
      <FeeItems payment={payment} />
      {standing === 'paid' ? <PaidReceipt payment={payment} /> : <PayChoice view={view} payment={payment} standing={standing} />}
    </>
  );
}

export function PaymentPage({ id }: { id: string }) {
  const signedIn = useSignedInCitizen();
  const { view, failure, reload } = usePayment(id, signedIn);
  return (
    <section class="page payment" aria-labelledby="payment-title">
      <a class="back-link" href={href.dossier(id)}>
        ← {t('pay.back')}
      </a>
      <h1 id="payment-title">{t('pay.title')}</h1>
      {view && (
        <p class="payment-dossier">
          {t('pay.dossier', { code: view.dossier.code ?? '' })} — <Localized vi={view.dossier.procedure_name} en={view.dossier.procedure_name_en} />
        </p>
      )}
      {!view && !failure && <p class="status" role="status">{t('pay.loading')}</p>}
      {failure && (
        <div class="payment-failure">
          <ErrorText message={failure.offline ? t('pay.offline') : failure.message} />
          <button type="button" class="button button--secondary" onClick={() => void reload()}>
            {t('pay.retry')}
          </button>
        </div>
      )}
      {view && <PaymentBody view={view} />}
    </section>
  );
}
