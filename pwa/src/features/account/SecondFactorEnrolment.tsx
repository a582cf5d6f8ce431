// The first staff sign-in (loaded only then): the authenticator's QR code and key to type in, the 10 recovery
// codes shown this once with a "saved them" confirmation, then the first code from the app.
import { useEffect, useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { SecondFactorCode } from './SecondFactorCode';
import type { Enrolment, Me } from './types';

export function SecondFactorEnrolment({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    apiSend<Enrolment>('POST', '/api/auth/staff/totp/enrolment').then(setEnrolment, (err) => setError(messageOf(err)));
  }, []);

  if (error) return <ErrorText message={error} />;
  if (!enrolment) return <p>{t('signIn.busy')}</p>;
  return (
    <div>
      <h2>{t('totp.enrolTitle')}</h2>
      <p>{t('totp.enrolIntro')}</p>
      {/* segno's SVG, made by our API from the key it generated: no user input inside. */}
      <div class="qr" role="img" aria-label={t('totp.qrLabel')} dangerouslySetInnerHTML={{ __html: enrolment.qr_svg }} />
      <p>{t('totp.manual')} <code>{enrolment.secret}</code></p>
      <h2>{t('totp.recoveryTitle')}</h2>
      <p>{t('totp.recoveryIntro')}</p>
      <ul class="recovery-codes">
        {enrolment.recovery_codes.map((code) => <li key={code}><code>{code}</code></li>)}
      </ul>
      <label>
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />{' '}
        {t('totp.saved')}
      </label>
      {saved && <SecondFactorCode path="/api/auth/staff/totp/confirm" onSignedIn={onSignedIn} allowRecovery={false} />}
    </div>
  );
}
