// The postage a delivery will cost, from the cached public tariff: one figure once the province is
// chosen, a range before. Offline, the service worker answers from its copy.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { formatVnd } from '../../format';
import { t } from '../../i18n';
import { serviceProvince } from '../../units';
import { TARIFF_PATH } from './paths';
import { isTariff, postageFor } from './tariff';
import type { Tariff, WeightClass } from './types';
import './messages';

/** The tariff, or null while loading; 'missing' when it could not be had (never fetched, offline). */
export function useTariff(): Tariff | null | 'missing' {
  const [tariff, setTariff] = useState<Tariff | null | 'missing'>(null);
  useEffect(() => {
    const controller = new AbortController();
    apiGet<unknown>(TARIFF_PATH, controller.signal)
      .then((answer) => setTariff(isTariff(answer) ? answer : 'missing'))
      .catch(() => setTariff((current) => (controller.signal.aborted ? current : 'missing')));
    return () => controller.abort();
  }, []);
  return tariff;
}

export function postageWords(tariff: Tariff, provinceCode: string | null | undefined, weightClass: WeightClass = 'letter'): string | null {
  const postage = postageFor(tariff, provinceCode, weightClass, serviceProvince());
  if (!postage) return null;
  if (postage.kind === 'range') return t('delivery.postageRange', { min: formatVnd(postage.min), max: formatVnd(postage.max) });
  const where = provinceCode ? ` (${t(postage.sameProvince ? 'delivery.sameProvince' : 'delivery.otherProvince')})` : '';
  return t('delivery.postageExact', { amount: formatVnd(postage.amount) }) + where;
}

/** "Cước chuyển phát: 25.000 ₫ (gửi trong tỉnh)", with a note while the tariff is not the operator's. */
export function PostageLine({ tariff, provinceCode, id }: { tariff: Tariff | null | 'missing'; provinceCode: string | null | undefined; id?: string }) {
  if (tariff === null) return null;
  const words = tariff === 'missing' ? null : postageWords(tariff, provinceCode);
  return (
    <div id={id} class="postage" aria-live="polite">
      {words ? <p class="postage__amount"><strong>{words}</strong></p> : <p class="hint">{t('delivery.postageUnknown')}</p>}
      {words && tariff !== 'missing' && !tariff.verified && <p class="hint">{t('delivery.postageUnverified')}</p>}
    </div>
  );
}
