import { t } from '../../i18n';
import { href } from '../../router';

export function BackHome() {
  return (
    <p>
      <a href={href.home}>{t('notFound.back')}</a>
    </p>
  );
}
