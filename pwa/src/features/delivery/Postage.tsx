// The postage a delivery will cost, from the cached public tariff: one figure once the province is
// chosen, a range before. Offline, the service worker answers from its copy.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { formatVnd } from '../../format';
import { t } from '../../i18n';
import { serviceProvince } from '../../units';
import { TARIFF_PATH } from './paths';
import { isTariff, postageFor } from './tariff';
import type { Tariff } from './types';
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

/** "Cước chuyển phát: 25.000 ₫ (gửi trong tỉnh)", or the range before the province is chosen. */
export function postageWords(tariff: Tariff, provinceCode: string | null | undefined): { words: string; estimate: boolean } | null {
  const postage = postageFor(tariff, serviceProvince(), provinceCode);
  if (!postage) return null;
  if (postage.kind === 'range')
    return { words: t('delivery.postageRange', { min: formatVnd(postage.min), max: formatVnd(postage.max) }), estimate: postage.estimate };
  const where = provinceCode ? ` (${t(postage.sameProvince ? 'delivery.sameProvince' : 'delivery.otherProvince')})` : '';
  return { words: t('delivery.postageExact', { amount: formatVnd(postage.amount) }) + where, estimate: postage.estimate };
}

/** The postage line, with a note while the amount is an estimate the post has not confirmed. */
export function PostageLine({ tariff, provinceCode, id }: { tariff: Tariff | null | 'missing'; provinceCode: string | null | undefined; id?: string }) {
  if (tariff === null) return null;
  const postage = tariff === 'missing' ? null : postageWords(tariff, provinceCode);
  return (
    <div id={id} class="postage" aria-live="polite">
      {postage ? <p class="postage__amount"><strong>{postage.words}</strong></p> : <p class="hint">{t('delivery.postageUnknown')}</p>}
      {postage?.estimate && <p class="hint">{t('delivery.postageUnverified')}</p>}
    </div>
  );
}
