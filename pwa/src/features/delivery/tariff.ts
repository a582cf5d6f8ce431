// Postage shown before submitting: the public tariff (cached by the service worker like the catalogue, so
// filing offline still shows it) priced by weight class and zone — within the desk's province or to
// another one. The desk posts from the deployment's province (the runtime config's), so that is the origin;
// a result is a letter (`result_letter`). The server quotes the same table at submission and adds the
// postage to the fee.
import type { Tariff, TariffClass, WeightClassCode } from './types';

export const RESULT_LETTER = 'result_letter';

export type Postage =
  /** The delivery province is known: one figure. */
  | { kind: 'exact'; amount: number; sameProvince: boolean; estimate: boolean }
  /** Not yet (no province chosen, or the desk's province unknown): from the cheaper zone to the dearer. */
  | { kind: 'range'; min: number; max: number; estimate: boolean };

export function tariffClass(tariff: Tariff, code: WeightClassCode): TariffClass | null {
  return tariff.classes.find((c) => c.code === code) ?? null;
}

/** The postage from `origin` to `deliveryProvince`; null when the tariff has no such class. */
export function postageFor(
  tariff: Tariff,
  origin: string | null,
  deliveryProvince: string | null | undefined,
  code: WeightClassCode = RESULT_LETTER,
): Postage | null {
  const row = tariffClass(tariff, code);
  if (!row) return null;
  const estimate = row.estimate;
  if (!origin || !deliveryProvince) {
    const [min, max] = [row.same_province, row.other_province].sort((a, b) => a - b);
    return min === max ? { kind: 'exact', amount: min, sameProvince: origin === deliveryProvince, estimate } : { kind: 'range', min, max, estimate };
  }
  const sameProvince = origin === deliveryProvince;
  return { kind: 'exact', amount: sameProvince ? row.same_province : row.other_province, sameProvince, estimate };
}

export function isTariff(value: unknown): value is Tariff {
  const v = value as Tariff;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.classes) &&
    v.classes.every((c) => typeof c?.code === 'string' && typeof c.same_province === 'number' && typeof c.other_province === 'number')
  );
}
