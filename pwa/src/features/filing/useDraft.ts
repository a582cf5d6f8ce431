// The state of one draft on the filing screen: the phone's copy (what was typed wins over a copy just
// read), its page photos and their upload progress, its outbox entry, the wallet, and "saving…".
// Everything is read through engine.ts, which keeps IndexedDB and the server in step.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, hasSession, messageOf } from '../../api';
import { href, rememberReturn } from '../../router';
import * as engine from './engine';
import type { LocalDraft, LocalPage, OutboxEntry, WalletDocument } from './types';

export interface DraftState {
  draft: LocalDraft | null;
  pages: LocalPage[];
  /** Upload progress (0–1) by page id. */
  progress: Record<string, number>;
  /** The submission waiting in the outbox, re-read on every change. */
  queued: OutboxEntry | undefined;
  wallet: WalletDocument[];
  loadError: string;
  syncing: boolean;
  edit: (change: engine.DraftEdit) => void;
  reload: () => Promise<void>;
}

export function useDraft(id: string, supplement: boolean): DraftState {
  const [draft, setDraft] = useState<LocalDraft | null>(null);
  const [pages, setPages] = useState<LocalPage[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [queued, setQueued] = useState<OutboxEntry | undefined>(undefined);
  const [wallet, setWallet] = useState<WalletDocument[]>([]);
  const [loadError, setLoadError] = useState('');
  const [syncing, setSyncing] = useState(false);

  async function reload() {
    try {
      const loaded = await engine.openDraft(id);
      // Keystrokes not yet written to IndexedDB win over the copy just read.
      setDraft((current) =>
        current && current.id === loaded.id && current.revision > loaded.revision
          ? { ...loaded, form: current.form, applicant: current.applicant, delivery: current.delivery, commune_code: current.commune_code, revision: current.revision }
          : loaded,
      );
      setPages(await engine.localPages(id));
      setQueued(await engine.queuedEntry(id));
    } catch (err) {
      setLoadError(messageOf(err));
    }
  }

  useEffect(() => {
    if (!hasSession()) {
      rememberReturn(location.hash);
      location.hash = href.signIn;
      return;
    }
    const first = supplement ? engine.prepareResubmit(id).catch(() => undefined) : Promise.resolve();
    void first.then(reload).then(async () => {
      engine.startBackground();
      if (!navigator.onLine) return;
      setSyncing(true);
      await engine.syncAll(id).catch(() => undefined);
      setSyncing(false);
      apiGet<{ items: WalletDocument[] }>('/api/wallet').then((w) => setWallet(w.items), () => undefined);
    });
    return engine.subscribe((change) => {
      if (change.kind === 'progress') {
        if (change.dossierId === id) setProgress((p) => ({ ...p, [change.pageId]: change.fraction }));
        return;
      }
      if (change.kind !== 'outcome' && change.dossierId !== id) return;
      if (change.kind === 'pages') setProgress({}); // an upload finished or stopped: no bar until bytes move again
      void reload();
    });
  }, [id, supplement]);

  // While the server is still normalising pages, look again shortly.
  const processing = draft?.server?.documents.some((d) => d.pages.some((p) => p.status === 'processing')) ?? false;
  useEffect(() => {
    if (!processing) return;
    const timer = setInterval(() => void engine.refreshDossier(id).catch(() => undefined), 1500);
    return () => clearInterval(timer);
  }, [processing, id]);

  function edit(change: engine.DraftEdit) {
    setDraft((current) => (current ? { ...current, ...change, revision: current.revision + 1 } : current));
    void engine.editDraft(id, change);
  }

  return { draft, pages, progress, queued, wallet, loadError, syncing, edit, reload };
}
