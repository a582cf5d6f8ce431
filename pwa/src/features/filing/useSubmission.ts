// "Nộp hồ sơ" / "Nộp bổ sung": the rules are checked on the phone first (the list of what is missing is
// then drawn live from them), then the submission goes through the outbox (engine.ts). Holds what the
// person is told meanwhile: sending, kept until the network returns, waiting for photos, or refused
// with the server's words.
import { useEffect, useState } from 'preact/hooks';
import * as engine from './engine';
import { submitProblems } from './formRules';
import { MISSING_LIST_ID } from './MissingList';
import type { Outcome } from './outbox';
import type { LocalDraft, LocalPage, OutboxEntry } from './types';

export type Notice =
  | { kind: 'none' }
  | { kind: 'submitting' }
  | { kind: 'queued' }
  | { kind: 'waiting' }
  | { kind: 'refused'; code: string; message: string; errors: string[] };

function noticeOf(outcome: Outcome): Notice {
  if (outcome.kind === 'submitted') return { kind: 'none' };
  if (outcome.kind === 'queued' || outcome.kind === 'waiting') return { kind: outcome.kind };
  const { code, message, errors } = outcome.failure;
  return { kind: 'refused', code, message, errors: (errors ?? []).map((e) => e.message) };
}

export interface Submission {
  notice: Notice;
  /** Set by the first press: from then on every field shows its error and the list what is missing. */
  attempted: boolean;
  /** A supplement was resubmitted from this screen. */
  resubmitted: boolean;
  submit: (draft: LocalDraft, pages: LocalPage[]) => Promise<void>;
  sendAgain: () => Promise<void>;
}

export function useSubmission(id: string, supplement: boolean, queued: OutboxEntry | undefined, reload: () => Promise<void>): Submission {
  const [notice, setNotice] = useState<Notice>({ kind: 'none' });
  const [attempted, setAttempted] = useState(false);
  const [resubmitted, setResubmitted] = useState(false);

  function show(outcome: Outcome) {
    setNotice(noticeOf(outcome));
    if (outcome.kind === 'submitted' && supplement) setResubmitted(true);
  }

  // A submission still in the outbox (e.g. queued offline before a reload) is shown until something else is.
  useEffect(() => {
    if (queued) setNotice((n) => (n.kind === 'none' ? { kind: queued.status === 'waiting' ? 'waiting' : 'queued' } : n));
  }, [queued]);

  // The outbox may answer later (the network returned, photos were processed), from any trigger.
  useEffect(
    () =>
      engine.subscribe((change) => {
        if (change.kind === 'outcome' && change.outcome.dossierId === id) show(change.outcome);
      }),
    [id, supplement],
  );

  async function submit(draft: LocalDraft, pages: LocalPage[]) {
    setAttempted(true);
    if (submitProblems(draft, pages).length) {
      setNotice({ kind: 'none' });
      // Once drawn, the list takes the focus so that it is read out first.
      requestAnimationFrame(() => document.getElementById(MISSING_LIST_ID)?.focus());
      return;
    }
    setNotice({ kind: 'submitting' });
    const outcome = await engine.submitDossier(draft, supplement ? 'resubmit' : 'submit').catch((err: unknown) => ({
      kind: 'refused' as const, dossierId: id, failure: engine.failureOf(err),
    }));
    if (!outcome) return setNotice({ kind: 'queued' });
    show(outcome);
    if (outcome.kind === 'submitted') await reload();
  }

  async function sendAgain() {
    setNotice({ kind: 'submitting' });
    const outcomes = await engine.flushOutbox(true);
    if (!outcomes.some((o) => o.dossierId === id)) setNotice({ kind: 'none' });
  }

  return { notice, attempted, resubmitted, submit, sendAgain };
}
