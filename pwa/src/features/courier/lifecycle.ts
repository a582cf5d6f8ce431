// What a courier's step does to a shipment, so that the round can go on offline: a delivery marked with
// the network cut shows as delivered at once, and a shipment taken out for delivery offers "deliver" next.
// A mirror of the courier's rows of the server's table (backend/delivery/states.py); the server stays the
// judge and refuses an impossible sequence when the queue reaches it.
import type { CourierAction, Direction } from '../delivery/types';

interface Row {
  sources: string[];
  action: CourierAction;
  target: string;
  directions: Direction[];
}

const BOTH: Direction[] = ['outbound', 'inbound'];

const ROWS: Row[] = [
  { sources: ['created', 'failed_attempt'], action: 'pick_up', target: 'picked_up', directions: ['inbound'] },
  { sources: ['handed_over', 'picked_up'], action: 'transit', target: 'in_transit', directions: BOTH },
  { sources: ['handed_over', 'in_transit', 'failed_attempt'], action: 'out_for_delivery', target: 'out_for_delivery', directions: ['outbound'] },
  { sources: ['out_for_delivery'], action: 'deliver', target: 'delivered', directions: ['outbound'] },
  { sources: ['picked_up', 'in_transit'], action: 'deliver', target: 'delivered', directions: ['inbound'] },
  { sources: ['out_for_delivery'], action: 'fail', target: 'failed_attempt', directions: ['outbound'] },
  { sources: ['created'], action: 'fail', target: 'failed_attempt', directions: ['inbound'] },
  { sources: ['failed_attempt'], action: 'return_to_sender', target: 'returned', directions: BOTH },
];

const COURIER_ACTIONS: readonly string[] = ROWS.map((r) => r.action);

/** The server's allowed actions that this screen offers (the batch hand-over is confirmed from the round). */
export function courierActions(allowed: readonly string[]): CourierAction[] {
  return allowed.filter((a): a is CourierAction => COURIER_ACTIONS.includes(a));
}

export function actionsFrom(state: string, direction: Direction): CourierAction[] {
  return ROWS.filter((r) => r.sources.includes(state) && r.directions.includes(direction)).map((r) => r.action);
}

/** The state after `action`, or the same state when the table has no such move (the server will say why). */
export function stateAfter(state: string, direction: Direction, action: CourierAction): string {
  return ROWS.find((r) => r.action === action && r.sources.includes(state) && r.directions.includes(direction))?.target ?? state;
}

/** Outbound deliveries need the recipient's code, or a photo of the signed slip when they have no phone. */
export function needsProof(action: CourierAction, direction: Direction): boolean {
  return action === 'deliver' && direction === 'outbound';
}

export function needsReason(action: CourierAction): boolean {
  return action === 'fail' || action === 'return_to_sender';
}
