// After submission: the dossier code to note down (broken at its dashes on a narrow phone), and after
// a supplement, the word that the agency will receive it again.
import { Fragment } from 'preact';
import { t } from '../../i18n';
import { Localized, localized } from '../../Localized';
import { href } from '../../router';
import type { DossierDetail } from './types';

export function Submitted({ dossier }: { dossier: DossierDetail }) {
  return (
    <section class="page filing submitted" aria-labelledby="submitted-title">
      <h1 id="submitted-title">{t('filing.done')}</h1>
      <p>
        <Localized vi={dossier.procedure_name} en={dossier.procedure_name_en} />
      </p>
      <p class="code-label">{t('filing.codeLabel')}</p>
      <p class="dossier-code" role="status">
        {(dossier.code ?? '').split('-').map((part, i) => (
          <Fragment key={i}>
            {i > 0 && '-'}
            {i > 0 && <wbr />}
            {part}
          </Fragment>
        ))}
      </p>
      <p class="hint">{t('filing.codeHint')}</p>
      <p>{t('filing.agency', { name: localized(dossier.agency_name ?? '', dossier.agency_name_en) })}</p>
      <a class="button" href={href.dossiers}>
        {t('filing.myDossiers')}
      </a>
      <p>
        <a href={href.home}>{t('notFound.back')}</a>
      </p>
    </section>
  );
}

export function Resubmitted({ dossier, done }: { dossier: DossierDetail; done: boolean }) {
  return (
    <section class="page filing submitted" aria-labelledby="resubmitted-title">
      <a class="back-link" href={href.dossier(dossier.id)}>
        ← {t('supplement.back')}
      </a>
      <h1 id="resubmitted-title">{done ? t('supplement.done') : t('supplement.title')}</h1>
      <p>
        <Localized vi={dossier.procedure_name} en={dossier.procedure_name_en} />
      </p>
      <p class="code-label">{t('filing.codeLabel')}</p>
      <p class="dossier-code">{dossier.code}</p>
      <p role="status">{done ? t('supplement.doneHint') : t('supplement.notNeeded')}</p>
      <p>
        {t('dossiers.state')}: {dossier.state_words}
      </p>
      <a class="button" href={href.dossier(dossier.id)}>
        {t('supplement.view')}
      </a>
    </section>
  );
}
