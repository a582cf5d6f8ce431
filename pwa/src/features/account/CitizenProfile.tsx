// A citizen's profile as saved (what the filing screen prefills from), with "Sửa thông tin" to edit it.
import { useState } from 'preact/hooks';
import { formatDate, formatPhone } from '../../format';
import { t } from '../../i18n';
import { ProfileForm } from './ProfileForm';
import type { Profile } from './types';

export function CitizenProfile({ profile, onSaved }: { profile: Profile; onSaved: (profile: Profile) => void }) {
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState('');
  if (editing)
    return (
      <ProfileForm
        profile={profile}
        onCancel={() => setEditing(false)}
        onSaved={(saved) => {
          onSaved(saved);
          setEditing(false);
          setNotice(t('account.saved'));
        }}
      />
    );
  const empty = t('account.empty');
  const address = profile.address;
  return (
    <>
      {notice && <p class="status" role="status">{notice}</p>}
      <dl class="facts">
        <dt>{t('account.phone')}</dt>
        <dd>{formatPhone(profile.phone)}</dd>
        <dt>{t('account.fullName')}</dt>
        <dd>{profile.full_name || empty}</dd>
        <dt>{t('account.cccd')}</dt>
        <dd>{profile.cccd || empty}</dd>
        <dt>{t('account.dob')}</dt>
        <dd>{profile.date_of_birth ? formatDate(`${profile.date_of_birth}T12:00:00+07:00`) : empty}</dd>
        <dt>{t('account.address')}</dt>
        <dd>
          {address
            ? [address.street, address.commune_name, address.province_name].filter(Boolean).join(', ')
            : empty}
        </dd>
      </dl>
      <p>
        <button class="button" type="button" onClick={() => setEditing(true)}>
          {t('account.edit')}
        </button>
      </p>
    </>
  );
}
