// Who files: prefilled by the server from the profile, edited here. A CCCD is kept as typed on the
// phone and sent once it has its 12 digits, a date of birth once it is whole (engine.cleanApplicant).
import { DateInput } from '../../DateInput';
import { t } from '../../i18n';
import { isCccd } from './formRules';
import type { Applicant } from './types';

export function ApplicantFields({ applicant, showErrors, onChange }: { applicant: Applicant; showErrors: boolean; onChange: (a: Applicant) => void }) {
  const set = (key: keyof Applicant, value: string) => {
    const next = { ...applicant };
    if (value.trim()) next[key] = value;
    else delete next[key];
    onChange(next);
  };
  const nameMissing = showErrors && !applicant.full_name?.trim();
  const cccdBad = !!applicant.cccd && applicant.cccd.length === 12 && !isCccd(applicant.cccd);
  return (
    <>
      <label for="applicant-name">{t('filing.fullName')} <span class="req">({t('filing.required')})</span></label>
      <input
        id="applicant-name"
        class="input"
        autocomplete="name"
        maxLength={200}
        aria-invalid={nameMissing}
        aria-describedby={nameMissing ? 'applicant-name-error' : undefined}
        value={applicant.full_name ?? ''}
        onInput={(e) => set('full_name', e.currentTarget.value)}
      />
      {nameMissing && (
        <p id="applicant-name-error" class="field-error">
          {t('filing.nameRequired')}
        </p>
      )}
      <label for="applicant-cccd">{t('filing.cccd')}</label>
      <input
        id="applicant-cccd"
        class="input"
        inputMode="numeric"
        autocomplete="off"
        maxLength={12}
        aria-invalid={cccdBad}
        value={applicant.cccd ?? ''}
        onInput={(e) => set('cccd', e.currentTarget.value.replace(/\D/g, ''))}
      />
      <label for="applicant-dob">{t('filing.dob')}</label>
      <DateInput id="applicant-dob" class="input" autocomplete="bday" value={applicant.date_of_birth ?? ''} onValue={(value) => set('date_of_birth', value)} />
      <label for="applicant-phone">{t('filing.phone')}</label>
      <input id="applicant-phone" class="input" type="tel" inputMode="tel" autocomplete="tel" maxLength={32} value={applicant.phone ?? ''} onInput={(e) => set('phone', e.currentTarget.value)} />
    </>
  );
}
