// What the payment page shows, always as the server says it: loaded on arrival (also back from VNPay, or
// after the phone was offline), asked for when the dossier owes a fee that nobody asked for yet, polled while
// unpaid, and loaded again when the network returns after a failed load.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, apiSend, messageOf } from '../../api';
import { getLang } from '../../i18n';
import type { DossierDetail } from '../filing/types';
import { isPaid, owesFee, paymentToShow, type Payment } from './payments';
import { poll } from './polling';

export interface PaymentView {
  dossier: DossierDetail;
  /** null: nothing owed and nothing paid. */
  payment: Payment | null;
}

export type Failure = { message: string; offline: boolean };

async function fetchView(id: string): Promise<PaymentView> {
  const [dossier, payments] = await Promise.all([
    apiGet<DossierDetail>(`/api/dossiers/${id}`),
    apiGet<Payment[]>(`/api/dossiers/${id}/payments`),
  ]);
  const payment = paymentToShow(dossier.state, payments);
  if (payment || !owesFee(dossier)) return { dossier, payment };
  // The payment the dossier waits for, made the first time (the server returns the same one after).
  return { dossier, payment: await apiSend<Payment>('POST', `/api/dossiers/${id}/payments`) };
}

export function usePayment(id: string, enabled: boolean) {
  const [view, setView] = useState<PaymentView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function load() {
    try {
      setView(await fetchView(id));
      setFailure(null);
    } catch (err) {
      setFailure({ message: messageOf(err), offline: err instanceof ApiError && err.code === 'network_error' });
    }
  }

  const lang = getLang(); // the server words the payment's state in the app's language
  useEffect(() => {
    if (enabled) void load();
  }, [id, enabled, lang]);

  useEffect(() => {
    if (!failure?.offline) return;
    const retry = () => void load();
    addEventListener('online', retry);
    return () => removeEventListener('online', retry);
  }, [failure]);

  const waitingFor = view?.payment && !isPaid(view.payment) ? view.payment.id : null;
  useEffect(() => {
    if (!waitingFor) return;
    return poll(async () => {
      const now = (await apiGet<Payment[]>(`/api/dossiers/${id}/payments`)).find((p) => p.id === waitingFor);
      if (now) setView((current) => current && { ...current, payment: now });
      return !!now && isPaid(now);
    });
  }, [waitingFor, lang]);

  return { view, failure, reload: load };
}
