// On the dossier page once the result is in the person's hands: "Đánh giá sự phục vụ" while it may be
// rated, "Bạn đã đánh giá" once it was. Before that nothing is asked of the server.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiGet } from '../../api';
import { t } from '../../i18n';
import { href } from '../../router';
import { RATEABLE_STATES, ratingNotice } from './rating';
import './feedback.css';
import './messages';

type RatingStatus = components['schemas']['RatingStatus'];

export function RatingCallToAction({ dossier }: { dossier: { id: string; state: string } }) {
  const [status, setStatus] = useState<RatingStatus | null>(null);
  const rateable = RATEABLE_STATES.includes(dossier.state);
  useEffect(() => {
    if (rateable) apiGet<RatingStatus>(`/api/dossiers/${dossier.id}/rating`).then(setStatus, () => undefined); // the page stands without it
  }, [dossier.id, rateable]);

  const notice = rateable ? ratingNotice(status) : null;
  if (notice === 'rated') return <p class="rating-cta rating-cta--done">✓ {t('rating.rated')}</p>;
  if (notice !== 'invite') return null;
  return (
    <div class="rating-cta">
      <p>{t('rating.invite')}</p>
      <a class="button" href={href.rating(dossier.id)}>
        {t('rating.open')}
      </a>
    </div>
  );
}
