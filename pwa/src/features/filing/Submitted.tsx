// After submission: the dossier code to note down (broken at its dashes on a narrow phone), the call to pay
// when the dossier waits for its fee, the offer of notifications (until the person answers it), and after a supplement, the word that the agency will
// receive it again.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { actingFor, stopActing, type Acting } from '../../acting';
import { t } from '../../i18n';
import { lazyScreens } from '../../lazy';
import { Localized, localized } from '../../Localized';
import { currentEnvironment, shouldOffer } from '../notify/consent';
import { href } from '../../router';
import { PayCallToAction } from '../payments/DossierPayments';
import type { DossierDetail } from './types';

const Notify = lazyScreens(() => import('../notify/NotifyOffer'));

export function Submitted({ dossier }: { dossier: DossierDetail }) {
  // Decided once: the offer stays on screen while the person answers it.
  const [offer] = useState(() => shouldOffer(currentEnvironment()));
  const [helper] = useState(actingFor);
  useEffect(() => {
    if (helper) stopActing(); // the server ended the grant with the submission
  }, []);
  if (helper) return <SubmittedForThem dossier={dossier} helper={helper} />;
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
      <PayCallToAction dossier={dossier} />
      {offer && <Notify render={(module) => <module.NotifyOffer />} />}
      <a class="button" href={href.dossiers}>
        {t('filing.myDossiers')}
      </a>
      <p>
        <a href={href.home}>{t('notFound.back')}</a>
      </p>
    </section>
  );
}

/** A volunteer or officer filed it for someone: the code to hand over; the dossier is theirs now. */
function SubmittedForThem({ dossier, helper }: { dossier: DossierDetail; helper: Acting }) {
  const counter = helper.channel === 'counter';
  return (
    <section class="page filing submitted" aria-labelledby="submitted-title">
      <h1 id="submitted-title">{t('filing.doneForThem')}</h1>
      <p>
        <Localized vi={dossier.procedure_name} en={dossier.procedure_name_en} />
      </p>
      <p class="code-label">{t('filing.codeLabel')}</p>
      <p class="dossier-code" role="status">{dossier.code}</p>
      <p>{t('filing.doneForThemHint', { name: helper.name })}</p>
      {counter && (
        <a class="button" href={href.officeDossier(dossier.id)}>
          {t('filing.openAtDesk')}
        </a>
      )}
      <p>
        <a href={counter ? href.counterFiling : href.volunteer}>{t('filing.backToHelping')}</a>
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
