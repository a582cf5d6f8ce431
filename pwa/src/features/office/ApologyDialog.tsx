// The apology letter of a late dossier: the reason and the new due date the citizen is told (typed
// dd/mm/yyyy, whatever the browser's locale).
import { useState } from 'preact/hooks';
import { DateInput } from '../../DateInput';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { DialogButtons, Modal, useSubmit } from './Modal';
import type { Send } from './types';

export function ApologyDialog({ onClose, onSend }: { onClose: () => void; onSend: Send }) {
  const { busy, error, submit } = useSubmit(onSend);
  const [reason, setReason] = useState('');
  const [day, setDay] = useState('');
  return (
    <Modal title={t('office.apology')} onClose={onClose}>
      <form class="form" onSubmit={(e) => void submit(e, { reason, new_due_date: day })}>
        <label for="office-apology-reason">{t('office.reason')}</label>
        <textarea id="office-apology-reason" class="input" rows={3} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        <label for="office-apology-date">{t('office.newDueDate')}</label>
        <DateInput id="office-apology-date" class="input" required autocomplete="off" value={day} onValue={setDay} />
        {error && <ErrorText message={error} />}
        <DialogButtons busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}
