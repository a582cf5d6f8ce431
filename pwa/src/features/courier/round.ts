// The round as the courier sees it: the server's list with the steps still queued on the phone applied
// on top (so a delivery marked offline shows as delivered at once), grouped by commune for the walk.
import type { CourierShipment } from '../delivery/types';
import { actionsFrom, stateAfter } from './lifecycle';
import type { QueuedEvent, Refusal } from './store';

export interface RoundShipment extends CourierShipment {
  /** Steps taken on the phone that the server has not confirmed yet. */
  pending: number;
  /** The server's words for the last step it refused. */
  refusal: string | null;
}

export interface CommuneGroup {
  commune_code: string;
  commune_name: string;
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
      allowed_actions: mine.length > 0 ? actionsFrom(state, shipment.direction) : shipment.allowed_actions,
      pending: mine.length,
      refusal: refused.get(shipment.tracking_code) ?? null,
    };
  });
}

/** Communes in name order, each with its shipments (the server's order kept inside). */
export function byCommune(shipments: RoundShipment[]): CommuneGroup[] {
  const groups = new Map<string, CommuneGroup>();
  for (const shipment of shipments) {
    const group = groups.get(shipment.commune_code) ?? { commune_code: shipment.commune_code, commune_name: shipment.commune_name, shipments: [] };
    group.shipments.push(shipment);
    groups.set(shipment.commune_code, group);
  }
  return [...groups.values()].sort((a, b) => a.commune_name.localeCompare(b.commune_name, 'vi'));
}
