// Shapes of the delivery API (issue 14), written by hand from the agreed contract until the backend's
// OpenAPI document is merged and the generated types replace them.

export type WeightClass = 'letter' | 'parcel';
export type PostagePayment = 'with_fee' | 'on_delivery';
export type Direction = 'outbound' | 'inbound';
export type CourierAction = 'pick_up' | 'transit' | 'out_for_delivery' | 'deliver' | 'fail' | 'return_to_sender';

export interface TariffClass {
  weight_class: WeightClass;
  max_grams: number;
  same_province: number;
  other_province: number;
}

/** GET /api/delivery/tariff (public). */
export interface Tariff {
  classes: TariffClass[];
  /** The province the agency posts from; same/other province compares the delivery province with it. */
  origin_province_code: string | null;
  /** False while the figures are the deployment's defaults, not the postal operator's confirmed ones. */
  verified: boolean;
}

export interface TimelineStep {
  state: string;
  /** The state in plain words, in the reader's language. */
  words: string;
  at: string;
}

/** GET /api/dossiers/{id}/shipments (the dossier's owner). */
export interface Shipment {
  id: string;
  tracking_code: string;
  direction: Direction;
  state: string;
  words: string;
  postage: number;
  postage_payment: PostagePayment;
  timeline: TimelineStep[];
}

/** POST /api/dossiers/{id}/collection: where the post collects the paper originals. */
export interface CollectionInput {
  recipient_name: string;
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
  words: string;
  recipient_initials: string;
  commune_name: string;
  timeline: TimelineStep[];
}

/** The reception officer's hand-over screen. */
export interface WaitingShipment {
  tracking_code: string;
  dossier_code: string;
  recipient_name: string;
  commune_name: string;
  postage_to_collect: number;
}

export interface HandoverBatch {
  id: string;
  slot: string;
  state: 'open' | 'handed_over';
  count: number;
  confirmed_at: string | null;
  courier_name: string | null;
}

/** GET /api/office/handovers. */
export interface Handovers {
  waiting: WaitingShipment[];
  batches: HandoverBatch[];
}

/** GET /api/courier/handovers: batches waiting for this courier's confirmation. */
export interface CourierHandover {
  id: string;
  agency_name: string;
  slot: string;
  count: number;
}

/** GET /api/courier/shipments: today's round. */
export interface CourierShipment {
  tracking_code: string;
  direction: Direction;
  state: string;
  recipient_name: string;
  phone: string | null;
  has_phone: boolean;
  street: string;
  commune_code: string;
  commune_name: string;
  province_name: string;
  postage_to_collect: number;
  allowed_actions: CourierAction[];
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

export interface EventProblem {
  code?: string;
  title?: string;
  detail?: string;
}

export interface EventResult {
  idempotency_key: string;
  outcome: 'applied' | 'duplicate' | 'refused';
  state: string | null;
  problem: EventProblem | string | null;
}

export interface EventResults {
  results: EventResult[];
}
