// Step 4: how to receive the result — at the counter, or at home through the public postal service
// (the address starts from the applicant's, from the 34-province/3,321-commune list, cached for offline use).
import { t } from '../../i18n';
import { communesPath, PROVINCES_PATH, unitName, useUnits } from '../../units';
import type { Applicant, Delivery } from './types';

function byPostFrom(applicant: Applicant): Delivery {
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

function PostalAddress({ delivery, onChange }: { delivery: Delivery; onChange: (d: Delivery) => void }) {
  const provinces = useUnits(PROVINCES_PATH);
  const communes = useUnits(delivery.province_code ? communesPath(delivery.province_code) : null);
  const set = (change: Partial<Delivery>) => onChange({ ...delivery, ...change });
  return (
    <div class="delivery-address">
      <label for="delivery-name">{t('filing.recipient')}</label>
      <input id="delivery-name" class="input" autocomplete="name" maxLength={200} value={delivery.recipient_name ?? ''} onInput={(e) => set({ recipient_name: e.currentTarget.value })} />
      <label for="delivery-phone">{t('filing.recipientPhone')}</label>
      <input id="delivery-phone" class="input" type="tel" inputMode="tel" autocomplete="tel" maxLength={32} value={delivery.phone ?? ''} onInput={(e) => set({ phone: e.currentTarget.value })} />
      <label for="delivery-province">{t('filing.province')}</label>
      <select id="delivery-province" class="input" value={delivery.province_code ?? ''} onChange={(e) => set({ province_code: e.currentTarget.value || null, commune_code: null })}>
        <option value="">{t('filing.choose')}</option>
        {provinces.map((u) => (
          <option key={u.code} value={u.code}>
            {unitName(u)}
          </option>
        ))}
      </select>
      <label for="delivery-commune">{t('filing.commune')}</label>
      <select id="delivery-commune" class="input" value={delivery.commune_code ?? ''} disabled={!delivery.province_code} onChange={(e) => set({ commune_code: e.currentTarget.value || null })}>
        <option value="">{t('filing.choose')}</option>
        {communes.map((u) => (
          <option key={u.code} value={u.code}>
            {unitName(u)}
          </option>
        ))}
      </select>
      <label for="delivery-street">{t('filing.street')}</label>
      <input id="delivery-street" class="input" autocomplete="address-line1" maxLength={200} value={delivery.street ?? ''} onInput={(e) => set({ street: e.currentTarget.value })} />
      <p class="hint">{t('filing.postage')}</p>
    </div>
  );
}

export function DeliveryStep({ delivery, applicant, onChange }: { delivery: Delivery; applicant: Applicant; onChange: (d: Delivery) => void }) {
  return (
    <fieldset class="filing-section">
      <legend>{t('filing.delivery')}</legend>
      <label class="choice">
        <input type="radio" name="delivery" checked={delivery.method !== 'post'} onChange={() => onChange({ method: 'counter', postage_payment: 'with_fee' })} />
        {t('filing.deliveryCounter')}
      </label>
      <label class="choice">
        <input type="radio" name="delivery" checked={delivery.method === 'post'} onChange={() => onChange(byPostFrom(applicant))} />
        {t('filing.deliveryPost')}
      </label>
      {delivery.method === 'post' && <PostalAddress delivery={delivery} onChange={onChange} />}
    </fieldset>
  );
}
