// Shown on every screen while a volunteer or officer files for someone: whose account the filing screens act in.
import { useEffect, useState } from 'preact/hooks';
import { actingFor, stopActing } from './acting';
import { t } from './i18n';
import { href } from './router';

export function ActingBanner() {
  const [acting, setActing] = useState(actingFor);
  useEffect(() => {
    const onChange = () => setActing(actingFor());
    addEventListener('motcua-acting', onChange);
    return () => removeEventListener('motcua-acting', onChange);
  }, []);
  if (!acting) return null;
  const end = () => {
    stopActing();
    location.hash = acting.channel === 'counter' ? href.counterFiling : href.volunteer;
  };
  return (
    <div class="banner banner--acting" role="status">
      <strong>{t('acting.banner', { name: acting.name })}</strong>
      <button type="button" class="button button--secondary" onClick={end}>
        {t('acting.end')}
      </button>
    </div>
  );
}
