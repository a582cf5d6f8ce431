// Step 4: how to receive the result — at the counter, or at home through the public postal service
// (the address starts from the applicant's, from the 34-province/3,321-commune list, cached for offline use),
// with the postage from the cached tariff shown before submitting and who pays it: with the fee, or in
// cash to the courier.
import { t } from '../../i18n';
import { AddressFields } from '../delivery/AddressFields';
import { PostageLine } from '../delivery/Postage';
import type { PostagePayment, Tariff } from '../delivery/types';
import type { Applicant, Delivery } from './types';

/** The filing draft's delivery, with how the postage is paid (absent from drafts saved before). */
export type PostDelivery = Delivery & { postage_payment?: PostagePayment };

export function postagePaymentOf(delivery: Delivery): PostagePayment {
  return (delivery as PostDelivery).postage_payment === 'on_delivery' ? 'on_delivery' : 'with_fee';
}

function byPostFrom(applicant: Applicant): PostDelivery {
  return {
    method: 'post',
    recipient_name: applicant.full_name ?? null,
    phone: applicant.phone ?? null,
    province_code: applicant.province_code ?? null,
    commune_code: applicant.commune_code ?? null,
    street: applicant.street ?? null,
    postage_payment: 'with_fee',
  };
}

function PostagePaymentChoice({ delivery, onChange }: { delivery: Delivery; onChange: (d: Delivery) => void }) {
  const chosen = postagePaymentOf(delivery);
  const choose = (postage_payment: PostagePayment) => onChange({ ...delivery, postage_payment } as PostDelivery);
  return (
    <fieldset class="postage-payment">
      <legend>{t('delivery.payment')}</legend>
      <label class="choice">
        <input type="radio" name="postage-payment" value="with_fee" checked={chosen === 'with_fee'} onChange={() => choose('with_fee')} />
        {t('delivery.withFee')}
      </label>
      <label class="choice">
        <input type="radio" name="postage-payment" value="on_delivery" checked={chosen === 'on_delivery'} onChange={() => choose('on_delivery')} />
        {t('delivery.onDelivery')}
      </label>
    </fieldset>
  );
}

export function DeliveryStep(props: { delivery: Delivery; applicant: Applicant; tariff: Tariff | null | 'missing'; onChange: (d: Delivery) => void }) {
  const { delivery, applicant, tariff, onChange } = props;
  return (
    <fieldset class="filing-section">
      <legend>{t('filing.delivery')}</legend>
      <label class="choice">
        <input type="radio" name="delivery" checked={delivery.method !== 'post'} onChange={() => onChange({ method: 'counter', postage_payment: 'with_fee' } as PostDelivery)} />
        {t('filing.deliveryCounter')}
      </label>
      <label class="choice">
        <input type="radio" name="delivery" checked={delivery.method === 'post'} onChange={() => onChange(byPostFrom(applicant))} />
        {t('filing.deliveryPost')}
      </label>
      {delivery.method === 'post' && (
        <div class="delivery-address">
          <AddressFields idPrefix="delivery" address={delivery} onChange={onChange} />
          <PostageLine id="delivery-postage" tariff={tariff} provinceCode={delivery.province_code} />
          <PostagePaymentChoice delivery={delivery} onChange={onChange} />
          <p class="hint">{t('filing.postage')}</p>
        </div>
      )}
    </fieldset>
  );
}
