// Postage shown before submitting: the public tariff (cached by the service worker like the catalogue,
// so filing offline still shows it) looked up by weight class and by whether the result travels inside
// the agency's province. A result is a few sheets of paper, so filing quotes the letter class; the
// server prices the real shipment with the same table.
import type { Tariff, TariffClass, WeightClass } from './types';

export type Postage =
  /** The delivery province is known: one figure. */
  | { kind: 'exact'; amount: number; sameProvince: boolean }
  /** Not yet (no province chosen, or the agency's province unknown): from the cheaper to the dearer. */
  | { kind: 'range'; min: number; max: number };

export function tariffClass(tariff: Tariff, weightClass: WeightClass): TariffClass | null {
  return tariff.classes.find((c) => c.weight_class === weightClass) ?? null;
}

/** The postage to `deliveryProvince`; `fallbackOrigin` stands in when the tariff does not name the
 * agency's province (the deployment's own province). null when the tariff has no such class. */
export function postageFor(
  tariff: Tariff,
  deliveryProvince: string | null | undefined,
  weightClass: WeightClass = 'letter',
  fallbackOrigin: string | null = null,
): Postage | null {
  const row = tariffClass(tariff, weightClass);
  if (!row) return null;
  const origin = tariff.origin_province_code ?? fallbackOrigin;
  if (!origin || !deliveryProvince) {
    const [min, max] = [row.same_province, row.other_province].sort((a, b) => a - b);
    return min === max ? { kind: 'exact', amount: min, sameProvince: !!origin && origin === deliveryProvince } : { kind: 'range', min, max };
  }
  const sameProvince = origin === deliveryProvince;
  return { kind: 'exact', amount: sameProvince ? row.same_province : row.other_province, sameProvince };
}

export function isTariff(value: unknown): value is Tariff {
  const v = value as Tariff;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.classes) &&
    v.classes.every((c) => typeof c?.same_province === 'number' && typeof c?.other_province === 'number')
  );
}
