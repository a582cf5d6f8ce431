// The moves the officer's role may make on the dossier now (from the server's allowed_actions), plus
// issuing the result and the apology letter where they apply; each opens its dialog.
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { ActionDialog } from './ActionDialog';
import { ApologyDialog } from './ApologyDialog';
import { ResultDialog } from './ResultDialog';
import type { ActionBody, Dossier, Send } from './types';

const ACTIVE = ['received', 'processing', 'pending_approval'];

type Open = { kind: 'action'; action: string } | { kind: 'result' } | { kind: 'apology' };

/** The result is drafted while processing, or at once for a same-day procedure resolved at the counter. */
function canIssueResult(dossier: Dossier): boolean {
  if (dossier.result) return false;
  if (dossier.state === 'processing') return dossier.allowed_actions.includes('submit_for_approval');
  return dossier.state === 'received' && dossier.working_days === 0 && dossier.allowed_actions.includes('resolve_on_the_spot');
}

export function ActionsPanel({ dossier, send }: { dossier: Dossier; send: (path: string, body: ActionBody) => Promise<void> }) {
  const [open, setOpen] = useState<Open | null>(null);
  const close = () => setOpen(null);
  const sendTo = (path: string): Send => async (body) => {
    await send(`/api/office/dossiers/${dossier.id}/${path}`, body);
    close();
  };
  const canIssue = canIssueResult(dossier);
  return (
    <>
      <h2>{t('office.actions')}</h2>
      <div class="office-actions">
        {dossier.allowed_actions.map((action) => (
          <button key={action} type="button" class={action === 'refuse' || action === 'stop' ? 'button button--secondary' : 'button'}
            onClick={() => setOpen({ kind: 'action', action })}>
            {t(`action.${action}`)}
          </button>
        ))}
        {canIssue && <button type="button" class="button button--secondary" onClick={() => setOpen({ kind: 'result' })}>{t('office.issueResult')}</button>}
        {ACTIVE.includes(dossier.state) && <button type="button" class="button button--ghost" onClick={() => setOpen({ kind: 'apology' })}>{t('office.apology')}</button>}
      </div>
      {dossier.allowed_actions.length === 0 && !canIssue && <p class="hint">{t('office.noActions')}</p>}
      {open?.kind === 'action' && <ActionDialog dossier={dossier} action={open.action} onClose={close} onSend={sendTo(`actions/${open.action}`)} />}
      {open?.kind === 'result' && <ResultDialog dossier={dossier} onClose={close} onSend={sendTo('result')} />}
      {open?.kind === 'apology' && <ApologyDialog onClose={close} onSend={sendTo('apology')} />}
    </>
  );
}
