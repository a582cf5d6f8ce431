// One move of the transition table, confirmed in a dialog with what it needs: the missing papers for a
// supplement request, the specialist to start processing, the agency of a handover, the recipient of
// the result, and a note (a reason when refusing, stopping or sending back).
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { localized } from '../../Localized';
import { DialogButtons, Modal, useSubmit } from './Modal';
import type { ActionBody, Agency, Assignee, Dossier, Send } from './types';

const NEEDS_REASON = ['refuse', 'stop', 'send_back'];

export function ActionDialog({ dossier, action, onClose, onSend }: { dossier: Dossier; action: string; onClose: () => void; onSend: Send }) {
  const { busy, error, submit } = useSubmit(onSend);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState('');
  const [assignee, setAssignee] = useState('');
  const [assignees, setAssignees] = useState<Assignee[]>([]);
  const [agency, setAgency] = useState('');
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [recipient, setRecipient] = useState(dossier.applicant.full_name ?? '');

  useEffect(() => {
    if (action === 'start') {
      void apiGet<Assignee[]>(`/api/office/dossiers/${dossier.id}/assignees`).then(setAssignees).catch(() => undefined);
    }
    if (action === 'hand_over') {
      void apiGet<{ items: Agency[] }>('/api/catalog/agencies?level=province&limit=100')
        .then((page) => setAgencies(page.items.filter((a) => a.code !== dossier.agency_code)))
        .catch(() => undefined);
    }
  }, [action]);

  function body(): ActionBody {
    const out: ActionBody = {};
    if (note.trim()) out.note = note.trim();
    if (action === 'request_supplement') out.missing = missing.split('\n').map((s) => s.trim()).filter(Boolean);
    if (action === 'start' && assignee) out.assignee_id = assignee;
    if (action === 'hand_over') out.to_agency_code = agency;
    if (action === 'return_result') out.recipient_name = recipient;
    return out;
  }

  const reasonLabel = NEEDS_REASON.includes(action) ? t('office.reason') : action === 'request_supplement' ? t('office.message') : t('office.note');
  return (
    <Modal title={t(`action.${action}`)} onClose={onClose}>
      <form class="form" onSubmit={(e) => void submit(e, body())}>
        {action === 'request_supplement' && (
          <>
            <label for="office-missing">{t('office.missing')}</label>
            <textarea id="office-missing" class="input" rows={3} value={missing} onInput={(e) => setMissing(e.currentTarget.value)} />
          </>
        )}
        {action === 'start' && (
          <>
            <label for="office-assignee">{t('office.assignee')}</label>
            <select id="office-assignee" class="input" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
              <option value="">—</option>
              {assignees.map((a) => <option key={a.id} value={a.id}>{a.full_name}</option>)}
            </select>
          </>
        )}
        {action === 'hand_over' && (
          <>
            <label for="office-agency">{t('office.toAgency')}</label>
            <select id="office-agency" class="input" required value={agency} onChange={(e) => setAgency(e.currentTarget.value)}>
              <option value="">—</option>
              {agencies.map((a) => <option key={a.code} value={a.code}>{localized(a.name, a.name_en)}</option>)}
            </select>
          </>
        )}
        {action === 'return_result' && (
          <>
            <label for="office-recipient">{t('office.recipient')}</label>
            <input id="office-recipient" class="input" required value={recipient} onInput={(e) => setRecipient(e.currentTarget.value)} />
          </>
        )}
        <label for="office-note">{reasonLabel}</label>
        <textarea id="office-note" class="input" rows={3} required={NEEDS_REASON.includes(action)} value={note}
          onInput={(e) => setNote(e.currentTarget.value)} />
        {error && <ErrorText message={error} />}
        <DialogButtons busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}
