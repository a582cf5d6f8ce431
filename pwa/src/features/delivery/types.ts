// Shapes of the delivery API (issue 14), written by hand from the backend branch's schemas
// (backend/delivery/schemas.py, backend/catalog/postage.py) until its OpenAPI document is merged and the
// generated types replace them.

/** The tariff's classes: the result letter going home, the paper originals collected from home. */
export type WeightClassCode = 'result_letter' | 'papers_2kg' | (string & {});
export type PostagePayment = 'with_fee' | 'on_delivery';
export type Direction = 'outbound' | 'inbound';
export type CourierAction = 'pick_up' | 'transit' | 'out_for_delivery' | 'deliver' | 'fail' | 'return_to_sender';

export interface TariffClass {
  code: WeightClassCode;
  name: string;
  name_en: string;
  max_grams: number;
  same_province: number;
  other_province: number;
  /** True while the province's contract with the post has not confirmed the amounts. */
  estimate: boolean;
}

/** GET /api/delivery/tariff (public): priced by zone, the desk's own province or another one. */
export interface Tariff {
  classes: TariffClass[];
  currency: 'VND';
}

export interface TimelineStep {
  state: string;
  /** The state in plain words, in the reader's language. */
  words: string;
  at: string;
}

/** GET /api/dossiers/{id}/shipments (the dossier's owner). */
export interface Shipment {
  tracking_code: string;
  direction: Direction;
  state: string;
  state_words: string;
  recipient_name: string;
  commune_name: string | null;
  postage: number;
  postage_payment: PostagePayment;
  cash_to_collect: number;
  failure_reason: string | null;
  timeline: TimelineStep[];
}

/** POST /api/dossiers/{id}/collection: who hands the paper originals over, and where. */
export interface CollectionInput {
  name: string;
  phone: string;
  province_code: string;
  commune_code: string;
  street: string;
}

/** POST /api/lookup/shipment (public). */
export interface ShipmentLookupInput {
  tracking_code: string;
  phone_last4: string;
}

export interface ShipmentStatus {
  tracking_code: string;
  direction: Direction;
  state: string;
  state_words: string;
  recipient_initials: string;
  commune_name: string | null;
  timeline: TimelineStep[];
}

/** The reception officer's hand-over screen: a result waiting for the next batch. */
export interface WaitingShipment {
  id: string;
  tracking_code: string;
  dossier_id: string;
  dossier_code: string | null;
  direction: Direction;
  state: string;
  state_words: string;
  recipient_name: string;
  commune_name: string | null;
  phone_masked: string | null;
  postage: number;
  cash_to_collect: number;
  batch_id: string | null;
  created_at: string;
}

export interface HandoverBatch {
  id: string;
  agency_code: string;
  /** When the batch goes (ISO timestamp). */
  slot: string;
  state: 'open' | 'handed_over';
  count: number;
  confirmed_at: string | null;
  courier_name: string | null;
  manifest_url: string;
}

/** GET /api/office/handovers. */
export interface Handovers {
  waiting: WaitingShipment[];
  batches: HandoverBatch[];
}

/** GET /api/courier/handovers: batches waiting for a courier to take them. */
export interface CourierHandover {
  id: string;
  agency_code: string;
  agency_name: string;
  slot: string;
  count: number;
}

/** GET /api/courier/shipments: the courier's round. */
export interface CourierShipment {
  tracking_code: string;
  direction: Direction;
  state: string;
  state_words: string;
  dossier_code: string | null;
  recipient_name: string;
  phone: string | null;
  has_phone: boolean;
  street: string | null;
  commune_code: string | null;
  commune_name: string | null;
  province_name: string | null;
  /** Cash collected at the door (postage paid on delivery); 0 when nothing. */
  cash_to_collect: number;
  /** The server's table for this courier; the screens offer the courier actions among them. */
  allowed_actions: string[];
}

/** One step the courier took, as sent in POST /api/courier/events. */
export interface CourierEvent {
  idempotency_key: string;
  tracking_code: string;
  action: CourierAction;
  device_time: string;
  recipient_code?: string;
  reason?: string;
  slip_photo_id?: string;
}

/** The RFC 9457 problem of a refused event, in the reader's language. */
export interface EventProblem {
  code?: string;
  title?: string;
  detail?: string;
  attempts_left?: number | null;
}

export interface EventResult {
  idempotency_key: string;
  outcome: 'applied' | 'duplicate' | 'refused';
  state: string | null;
  problem: EventProblem | null;
}

export interface EventResults {
  results: EventResult[];
}
