// One dossier in the console: its facts and papers on the left, the moves and the history on the right
// (with, at the desk, the fee to take in cash while the dossier waits for it).
// Every write sends the lock_version the officer saw; a 409 (someone acted first) shows the server's
// words and reloads the dossier.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { getLang, t } from '../../i18n';
import { href } from '../../router';
import { formatVnd } from '../../format';
import { atTheDesk, whoIsSignedIn } from '../account/session';
import { owesFee, type Payment } from '../payments/payments';
import { ActionsPanel } from './ActionsPanel';
import { CashBox } from './CashBox';
import { DossierFacts } from './DossierFacts';
import { PageViewer } from './PageViewer';
import { Timeline } from './Timeline';
import type { ActionBody, Dossier } from './types';

export function DossierScreen({ id }: { id: string }) {
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  async function load() {
    try {
      setDossier(await apiGet<Dossier>(`/api/office/dossiers/${id}`));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const lang = getLang(); // the server words the timeline in the app's language: asked again on a switch
  useEffect(() => {
    void load();
  }, [id, lang]);

  /** Resolves when the dialog may close (done, or overtaken by someone else); throws what the dialog shows. */
  async function send(path: string, body: ActionBody) {
    if (!dossier) return;
    try {
      setDossier(await apiSend<Dossier>('POST', path, { lock_version: dossier.lock_version, ...body }));
      setNotice(t('office.done'));
      setError('');
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) throw err; // field errors stay in the dialog
      setNotice('');
      setError(messageOf(err));
      void load();
    }
  }

  function paidInCash(payment: Payment) {
    setNotice(t('office.cashDone', { amount: formatVnd(payment.amount), number: payment.receipt_number ?? '' }));
    setError('');
    void load();
  }

  if (!dossier) {
    return (
      <section class="page office">
        <a href={href.office}>{t('office.back')}</a>
        {error ? <ErrorText message={error} /> : <p class="status" role="status">{t('app.loading')}</p>}
      </section>
    );
  }

  return (
    <section class="page office">
      <a href={href.office}>{t('office.back')}</a>
      <h1>
        {dossier.code} <span class="badge">{t(`state.${dossier.state}`)}</span>
        {dossier.overdue && <span class="badge badge--alert">{t('office.overdueBadge')}</span>}
      </h1>
      {notice && <p class="status" role="status">{notice}</p>}
      {error && <ErrorText message={error} />}
      <div class="office-columns">
        <div>
          <DossierFacts dossier={dossier} />
          <PageViewer documents={dossier.documents} />
        </div>
        <div>
          {owesFee(dossier) && atTheDesk(whoIsSignedIn()) && <CashBox dossier={dossier} onPaid={paidInCash} />}
          <ActionsPanel dossier={dossier} send={send} />
          <Timeline dossier={dossier} />
        </div>
      </div>
    </section>
  );
}
