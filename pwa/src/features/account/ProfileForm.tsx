// Editing the profile: name, CCCD, date of birth (dd/mm/yyyy whatever the browser's locale), address
// (province then commune) and the language the app and its messages use — the one the app is in now,
// until changed here; saving switches the app to the one chosen.
import { useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { DateInput } from '../../DateInput';
import { isIsoDate } from '../../dates';
import { ErrorText } from '../../ErrorText';
import { getLang, LANGUAGE_NAMES, setLang, t, type Lang } from '../../i18n';
import { unitName, useUnits } from '../../units';
import type { Profile, ProfileUpdate } from './types';

export function ProfileForm(props: { profile: Profile; onCancel: () => void; onSaved: (profile: Profile) => void }) {
  const { profile } = props;
  const [fullName, setFullName] = useState(profile.full_name ?? '');
  const [cccd, setCccd] = useState(profile.cccd ?? '');
  const [dob, setDob] = useState(profile.date_of_birth ?? '');
  const [province, setProvince] = useState(profile.address?.province_code ?? '');
  const [commune, setCommune] = useState(profile.address?.commune_code ?? '');
  const [street, setStreet] = useState(profile.address?.street ?? '');
  const [language, setLanguage] = useState<Lang>(getLang());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const provinces = useUnits('/api/catalog/provinces?limit=100');
  const communes = useUnits(province ? `/api/catalog/provinces/${province}/communes?limit=500` : null);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    const update: ProfileUpdate = {
      full_name: fullName.trim() || null,
      cccd: cccd || null,
      date_of_birth: isIsoDate(dob) ? dob : null,
      address: province ? { province_code: province, commune_code: commune || null, street: street.trim() || null } : null,
      language,
    };
    try {
      const saved = await apiSend<Profile>('PUT', '/api/me/profile', update);
      setLang(saved.language);
      props.onSaved(saved);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={save}>
      <label for="profile-name">{t('account.fullName')}</label>
      <input id="profile-name" class="input" autocomplete="name" maxLength={100} value={fullName} onInput={(e) => setFullName(e.currentTarget.value)} />
      <label for="profile-cccd">{t('account.cccd')}</label>
      <input
        id="profile-cccd"
        class="input"
        inputMode="numeric"
        pattern="[0-9]{12}"
        maxLength={12}
        value={cccd}
        onInput={(e) => setCccd(e.currentTarget.value.replace(/\D/g, ''))}
      />
      <label for="profile-dob">{t('account.dob')}</label>
      <DateInput id="profile-dob" class="input" autocomplete="bday" value={dob} onValue={setDob} />
      <label for="profile-province">{t('account.province')}</label>
      <select
        id="profile-province"
        class="input"
        value={province}
        onChange={(e) => {
          setProvince(e.currentTarget.value);
          setCommune('');
        }}
      >
        <option value="">{t('account.choose')}</option>
        {provinces.map((unit) => (
          <option value={unit.code} key={unit.code}>
            {unitName(unit)}
          </option>
        ))}
      </select>
      <label for="profile-commune">{t('account.commune')}</label>
      <select id="profile-commune" class="input" value={commune} disabled={!province} onChange={(e) => setCommune(e.currentTarget.value)}>
        <option value="">{t('account.choose')}</option>
        {communes.map((unit) => (
          <option value={unit.code} key={unit.code}>
            {unitName(unit)}
          </option>
        ))}
      </select>
      <label for="profile-street">{t('account.street')}</label>
      <input id="profile-street" class="input" autocomplete="street-address" maxLength={200} value={street} onInput={(e) => setStreet(e.currentTarget.value)} />
      <label for="profile-language">{t('account.language')}</label>
      <select id="profile-language" class="input" value={language} onChange={(e) => setLanguage(e.currentTarget.value as Lang)}>
        {LANGUAGE_NAMES.map(({ lang, name }) => (
          <option key={lang} value={lang} lang={lang}>
            {name}
          </option>
        ))}
      </select>
      {error && <ErrorText message={error} />}
      <div class="form__actions">
        <button class="button" type="submit" disabled={busy}>
          {busy ? t('signIn.busy') : t('account.save')}
        </button>
        <button class="button button--secondary" type="button" onClick={props.onCancel}>
          {t('account.cancel')}
        </button>
      </div>
    </form>
  );
}
