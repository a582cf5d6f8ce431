// The feedback form's draft: what was typed survives a closed tab or a reload (kept in localStorage, as
// the filing screens keep theirs on the phone), and is dropped once the feedback is sent. The one-time
// code is never kept: it is used up by the send and expires within minutes anyway.

export interface FeedbackDraft {
  agency_code: string;
  dossier_id: string;
  body: string;
  phone: string;
}

/** What is wrong with each field, as message keys; empty when the feedback can be sent. */
export interface FeedbackProblems {
  agency?: string;
  body?: string;
  phone?: string;
  code?: string;
}

export interface FeedbackBody {
  agency_code: string;
  body: string;
  dossier_id?: string;
  phone?: string;
  code?: string;
  photo_ids?: string[];
}

/** The API's bounds on the text (FeedbackInput.body). */
export const MIN_BODY = 10;
export const MAX_BODY = 4000;

const KEY = 'motcua.feedbackDraft';
export const EMPTY_DRAFT: FeedbackDraft = { agency_code: '', dossier_id: '', body: '', phone: '' };

export function readDraft(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): FeedbackDraft {
  try {
    const stored = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<FeedbackDraft> | null;
    if (!stored || typeof stored !== 'object') return { ...EMPTY_DRAFT };
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    return {
      agency_code: text(stored.agency_code),
      dossier_id: text(stored.dossier_id),
      body: text(stored.body),
      phone: text(stored.phone),
    };
  } catch {
    return { ...EMPTY_DRAFT }; // unreadable or storage blocked: start afresh
  }
}

export function saveDraft(draft: FeedbackDraft, storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = globalThis.localStorage): void {
  try {
    if (isEmpty(draft)) storage?.removeItem(KEY);
    else storage?.setItem(KEY, JSON.stringify(draft));
  } catch {
    /* storage full or blocked: the form still works, only a closed tab loses it */
  }
}

export function clearDraft(storage: Pick<Storage, 'removeItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    /* nothing was stored */
  }
}

export function isEmpty(draft: FeedbackDraft): boolean {
  return !draft.agency_code && !draft.dossier_id && !draft.body.trim() && !draft.phone.trim();
}

/** Signed out, a phone and the 6-digit code sent to it stand in for the account. */
export function feedbackProblems(draft: FeedbackDraft, code: string | null): FeedbackProblems {
  const problems: FeedbackProblems = {};
  if (!draft.agency_code) problems.agency = 'feedback.agencyMissing';
  const length = draft.body.trim().length;
  if (length < MIN_BODY) problems.body = 'feedback.bodyShort';
  else if (length > MAX_BODY) problems.body = 'feedback.bodyLong';
  if (code !== null) {
    if (!draft.phone.trim()) problems.phone = 'feedback.phoneMissing';
    if (!/^[0-9]{6}$/.test(code)) problems.code = 'feedback.codeWrong';
  }
  return problems;
}

/** The body of POST /api/feedback: signed in (`code` null) with an optional dossier; signed out with phone and code;
 * the uploaded photos' ids, in the order shown. */
export function feedbackBody(draft: FeedbackDraft, code: string | null, photoIds: string[] = []): FeedbackBody {
  const body: FeedbackBody = { agency_code: draft.agency_code, body: draft.body.trim() };
  if (photoIds.length) body.photo_ids = photoIds;
  if (code === null) {
    if (draft.dossier_id) body.dossier_id = draft.dossier_id;
  } else {
    body.phone = draft.phone.trim();
    body.code = code;
  }
  return body;
}
