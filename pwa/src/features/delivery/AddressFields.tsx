// Who receives (or hands over) the papers and where: name, phone, province → commune from the cached
// unit lists, then street and house number. Filing's delivery step and the dossier page's "the post
// collects my originals" form both use it; `idPrefix` keeps their ids apart on one page.
import { t } from '../../i18n';
import { communesPath, PROVINCES_PATH, unitName, useUnits } from '../../units';
import '../filing/messages';

export interface Address {
  recipient_name?: string | null;
  phone?: string | null;
  province_code?: string | null;
  commune_code?: string | null;
  street?: string | null;
}

export function AddressFields<A extends Address>({ idPrefix, address, onChange }: { idPrefix: string; address: A; onChange: (a: A) => void }) {
  const provinces = useUnits(PROVINCES_PATH);
  const communes = useUnits(address.province_code ? communesPath(address.province_code) : null);
  const set = (change: Partial<Address>) => onChange({ ...address, ...change });
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <label for={id('name')}>{t('filing.recipient')}</label>
      <input id={id('name')} class="input" autocomplete="name" maxLength={200} value={address.recipient_name ?? ''} onInput={(e) => set({ recipient_name: e.currentTarget.value })} />
      <label for={id('phone')}>{t('filing.recipientPhone')}</label>
      <input id={id('phone')} class="input" type="tel" inputMode="tel" autocomplete="tel" maxLength={32} value={address.phone ?? ''} onInput={(e) => set({ phone: e.currentTarget.value })} />
      <label for={id('province')}>{t('filing.province')}</label>
      <select id={id('province')} class="input" value={address.province_code ?? ''} onChange={(e) => set({ province_code: e.currentTarget.value || null, commune_code: null })}>
        <option value="">{t('filing.choose')}</option>
        {provinces.map((u) => (
          <option key={u.code} value={u.code}>
            {unitName(u)}
          </option>
        ))}
      </select>
      <label for={id('commune')}>{t('filing.commune')}</label>
      <select id={id('commune')} class="input" value={address.commune_code ?? ''} disabled={!address.province_code} onChange={(e) => set({ commune_code: e.currentTarget.value || null })}>
        <option value="">{t('filing.choose')}</option>
        {communes.map((u) => (
          <option key={u.code} value={u.code}>
            {unitName(u)}
          </option>
        ))}
      </select>
      <label for={id('street')}>{t('filing.street')}</label>
      <input id={id('street')} class="input" autocomplete="address-line1" maxLength={200} value={address.street ?? ''} onInput={(e) => set({ street: e.currentTarget.value })} />
    </>
  );
}
