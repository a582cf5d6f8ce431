// The round as the courier sees it: the server's list with the steps still queued on the phone applied
// on top (so a delivery marked offline shows as delivered at once), grouped by commune for the walk.
import type { CourierAction, CourierShipment } from '../delivery/types';
import { actionsFrom, courierActions, stateAfter } from './lifecycle';
import type { QueuedEvent, Refusal } from './store';

export interface RoundShipment extends Omit<CourierShipment, 'allowed_actions'> {
  allowed_actions: CourierAction[];
  /** Steps taken on the phone that the server has not confirmed yet. */
  pending: number;
  /** The server's words for the last step it refused. */
  refusal: string | null;
}

export interface CommuneGroup {
  commune_code: string;
  /** null for addresses without a commune (the server's list may lack one). */
  commune_name: string | null;
  shipments: RoundShipment[];
}

export function applyQueued(shipments: CourierShipment[], events: QueuedEvent[], refusals: Refusal[]): RoundShipment[] {
  const refused = new Map(refusals.map((r) => [r.tracking_code, r.message]));
  return shipments.map((shipment) => {
    const mine = events.filter((e) => e.tracking_code === shipment.tracking_code).sort((a, b) => a.seq - b.seq);
    const state = mine.reduce((current, e) => stateAfter(current, shipment.direction, e.action), shipment.state);
    return {
      ...shipment,
      state,
      allowed_actions: mine.length > 0 ? actionsFrom(state, shipment.direction) : courierActions(shipment.allowed_actions),
      pending: mine.length,
      refusal: refused.get(shipment.tracking_code) ?? null,
    };
  });
}

/** Communes in name order, each with its shipments (the server's order kept inside). */
export function byCommune(shipments: RoundShipment[]): CommuneGroup[] {
  const groups = new Map<string, CommuneGroup>();
  for (const shipment of shipments) {
    const key = shipment.commune_code ?? '';
    const group = groups.get(key) ?? { commune_code: key, commune_name: shipment.commune_name, shipments: [] };
    group.shipments.push(shipment);
    groups.set(key, group);
  }
  // Named communes in name order; shipments without one last.
  return [...groups.values()].sort((a, b) =>
    a.commune_name === null ? 1 : b.commune_name === null ? -1 : a.commune_name.localeCompare(b.commune_name, 'vi'),
  );
}
