import { t } from '../../i18n';
import { href } from '../../router';

export function NotFoundPage() {
  return (
    <section class="page">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <a class="button" href={href.home}>
        {t('notFound.back')}
      </a>
    </section>
  );
}
