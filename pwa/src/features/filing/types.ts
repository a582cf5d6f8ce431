// Shapes of the filing API, from the API's OpenAPI document, and of what the phone keeps.
import type { components } from '../../../../api_schema/openapi';
import type { PhotoWarning } from '../photos/quality';

type Schemas = components['schemas'];

export type DossierDetail = Schemas['DossierDetail'];
export type DossierSummary = Schemas['DossierSummary'];
export type DossierPage = Schemas['DossierPage'];
export type DocumentSlot = Schemas['DocumentSlot'];
export type PageOut = Schemas['PageOut'];
export type Applicant = Schemas['Applicant'];
export type Delivery = Schemas['Delivery'];
export type WalletDocument = Schemas['WalletDocument'];
export type ProcedureDetail = Schemas['ProcedureDetail'];

/** A draft as kept on the phone: what was typed (the truth while editing) and the last server copy. */
export interface LocalDraft {
  id: string;
  procedure_code: string;
  procedure: ProcedureDetail | null;
  /** For commune-level procedures: the commune chosen on the phone (the server's until changed here). */
  commune_code: string | null;
  /** null until typed or prefilled by the server from the profile. */
  applicant: Applicant | null;
  form: Record<string, unknown>;
  delivery: Delivery;
  /** Created with the draft, sent with every retry of its submission. */
  idempotency_key: string;
  /** The Idempotency-Key of "Nộp bổ sung" for the supplement request `resubmit_round` (its time). */
  resubmit_key?: string;
  resubmit_round?: string;
  /** Bumped on every local edit; `synced_revision` is the one the server has. */
  revision: number;
  synced_revision: number;
  server: DossierDetail | null;
  /** The last refusal of the server to create/save it (e.g. commune_not_served). */
  sync_error: { code: string; message: string } | null;
  updated_at: number;
  /** Started by a volunteer or officer for someone (the acting-for grant it was started under). */
  acting_token?: string;
}

export type LocalPageStatus = 'pending' | 'uploaded' | 'failed';

/** A page photo on the phone, kept until the server has it (and shown from here meanwhile). */
export interface LocalPage {
  id: string;
  dossier_id: string;
  document_code: string;
  position: number;
  blob: Blob;
  status: LocalPageStatus;
  error: string | null;
  warnings: PhotoWarning[];
}

export type OutboxAction = 'submit' | 'resubmit';

export interface OutboxEntry {
  dossier_id: string;
  idempotency_key: string;
  action: OutboxAction;
  queued_at: number;
  attempts: number;
  /** queued: waiting for the network; waiting: the server is still processing pages. */
  status: 'queued' | 'waiting';
  last_error: string | null;
}
