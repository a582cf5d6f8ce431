// The round for the screens: the server's list when online (kept on the phone for offline starts), the
// phone's copy otherwise, with the queued steps applied and the server's refusals beside their shipments.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, messageOf } from '../../api';
import type { CourierHandover, CourierShipment } from '../delivery/types';
import { applyQueued, type RoundShipment } from './round';
import { idbStore, type Round } from './store';
import { queued } from './queue';
import { startSync, subscribe, type SyncState } from './sync';

export function useSync(): SyncState | null {
  const [state, setState] = useState<SyncState | null>(null);
  useEffect(() => {
    startSync();
    return subscribe(setState);
  }, []);
  return state;
}

export interface RoundView {
  shipments: RoundShipment[];
  handovers: CourierHandover[];
  /** When the list shown was fetched; `offline` when it is the phone's copy. */
  fetchedAt: string | null;
  offline: boolean;
  loading: boolean;
  error: string;
  reload: () => Promise<void>;
}

async function fetchRound(): Promise<Round> {
  const [shipments, handovers] = await Promise.all([
    apiGet<CourierShipment[]>('/api/courier/shipments'),
    apiGet<CourierHandover[]>('/api/courier/handovers'),
  ]);
  const round = { shipments, handovers, fetched_at: new Date().toISOString() };
  await idbStore.round.put(round).catch(() => undefined); // without storage, the round still shows online
  return round;
}

export function useRound(sync: SyncState | null): RoundView {
  const [round, setRound] = useState<Round | null>(null);
  const [offline, setOffline] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [shipments, setShipments] = useState<RoundShipment[]>([]);

  async function reload() {
    // The phone's copy shows at once; on a weak signal the server's answer may take a few retries.
    const copy = await idbStore.round.get().catch(() => undefined);
    if (copy) setRound((current) => current ?? copy);
    try {
      setRound(await fetchRound());
      setOffline(false);
      setError('');
    } catch (err) {
      if (copy) setRound((current) => current ?? copy);
      setOffline(true);
      setError(copy ? '' : messageOf(err));
    } finally {
      setLoading(false);
    }
  }

  // Fetched on opening, and again once a flush has settled (the server's states then include the steps).
  const settled = sync !== null && !sync.syncing;
  useEffect(() => {
    if (settled || round === null) void reload();
  }, [settled, sync?.version]);

  // The queued steps and refusals change with every step and flush: re-applied on top of the list.
  useEffect(() => {
    if (!round) return;
    void Promise.all([queued(idbStore), idbStore.refusals.all()])
      .then(([events, refusals]) => setShipments(applyQueued(round.shipments, events, refusals)))
      .catch(() => setShipments(applyQueued(round.shipments, [], [])));
  }, [round, sync?.version]);

  return { shipments, handovers: round?.handovers ?? [], fetchedAt: round?.fetched_at ?? null, offline, loading, error, reload };
}
