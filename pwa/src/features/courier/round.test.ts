import { describe, expect, it } from 'vitest';
import type { CourierShipment } from '../delivery/types';
import { applyQueued, byCommune } from './round';
import type { QueuedEvent } from './store';

function shipment(code: string, commune: [string, string], state = 'out_for_delivery'): CourierShipment {
  return {
    tracking_code: code, direction: 'outbound', state, recipient_name: 'Nguyễn Văn An', phone: '+84912345678', has_phone: true,
    street: '12 Lê Lợi', commune_code: commune[0], commune_name: commune[1], province_name: 'Khánh Hòa', cash_to_collect: 0, state_words: state, dossier_code: null,
    allowed_actions: state === 'out_for_delivery' ? ['deliver', 'fail'] : ['out_for_delivery'],
  };
}

const queuedStep = (code: string, action: QueuedEvent['action'], seq: number): QueuedEvent => ({
  idempotency_key: `k${seq}`, tracking_code: code, action, device_time: '2026-11-30T02:00:00Z', seq, slip: null,
});

describe('the round on the phone', () => {
  it('shows queued steps as taken, with what can follow, and the server list otherwise', () => {
    const round = applyQueued(
      [shipment('RA000000014VN', ['1', 'Phường Nha Trang'], 'handed_over'), shipment('RA000000028VN', ['1', 'Phường Nha Trang'])],
      [queuedStep('RA000000014VN', 'out_for_delivery', 1), queuedStep('RA000000014VN', 'deliver', 2)],
      [{ tracking_code: 'RA000000028VN', action: 'deliver', message: 'Mã người nhận không đúng.' }],
    );
    expect(round.map((s) => [s.state, s.allowed_actions, s.pending, s.refusal])).toEqual([
      ['delivered', [], 2, null],
      ['out_for_delivery', ['deliver', 'fail'], 0, 'Mã người nhận không đúng.'],
    ]);
  });

  it("offers only the courier's own steps from the server's list", () => {
    const round = applyQueued([{ ...shipment('A', ['1', 'X']), allowed_actions: ['hand_over', 'deliver', 'fail'] }], [], []);
    expect(round[0].allowed_actions).toEqual(['deliver', 'fail']);
  });

  it('groups by commune in name order', () => {
    const round = applyQueued(
      [shipment('A', ['2', 'Xã Vĩnh Lương']), shipment('B', ['1', 'Phường Bắc Nha Trang']), shipment('C', ['2', 'Xã Vĩnh Lương'])],
      [],
      [],
    );
    expect(byCommune(round).map((g) => [g.commune_name, g.shipments.map((s) => s.tracking_code)])).toEqual([
      ['Phường Bắc Nha Trang', ['B']],
      ['Xã Vĩnh Lương', ['A', 'C']],
    ]);
  });
});
