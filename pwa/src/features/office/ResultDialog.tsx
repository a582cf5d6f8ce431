// Issuing the result: its title and text, one paragraph a line; the leader signs it on approval.
import { useState } from 'preact/hooks';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { DialogButtons, Modal, useSubmit } from './Modal';
import type { Dossier, Send } from './types';

export function ResultDialog({ dossier, onClose, onSend }: { dossier: Dossier; onClose: () => void; onSend: Send }) {
  const { busy, error, submit } = useSubmit(onSend);
  const [title, setTitle] = useState(dossier.procedure_name);
  const [text, setText] = useState(t('office.resultBodyStart', { name: dossier.applicant.full_name ?? '' }));
  return (
    <Modal title={t('office.issueResult')} onClose={onClose}>
      <form class="form" onSubmit={(e) => void submit(e, { title, body: text.split('\n').map((s) => s.trim()).filter(Boolean) })}>
        <label for="office-result-title">{t('office.resultTitle')}</label>
        <input id="office-result-title" class="input" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        <label for="office-result-body">{t('office.resultBody')}</label>
        <textarea id="office-result-body" class="input" rows={6} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
        {error && <ErrorText message={error} />}
        <DialogButtons busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}
