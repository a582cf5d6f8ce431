// The console's dialogs: native <dialog> with showModal() keeps focus inside and closes on Escape.
// useSubmit and DialogButtons are what every form dialog shares: busy state, the server's error, Xác nhận/Huỷ.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../../api';
import { t } from '../../i18n';
import type { ActionBody, Send } from './types';

export function Modal(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const { title, onClose, children, wide } = props;
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} class={wide ? 'office-dialog office-dialog--wide' : 'office-dialog'} aria-label={title} onClose={onClose}>
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

export function useSubmit(onSend: Send) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  async function submit(event: Event, body: ActionBody) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await onSend(body);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }
  return { busy, error, submit };
}

export function DialogButtons({ busy, onClose }: { busy: boolean; onClose: () => void }) {
  return (
    <div class="form__actions">
      <button type="submit" class="button" disabled={busy}>{busy ? t('office.busy') : t('office.confirm')}</button>
      <button type="button" class="button button--secondary" onClick={onClose}>{t('office.cancel')}</button>
    </div>
  );
}
