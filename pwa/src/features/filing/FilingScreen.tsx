// The filing screen (#/ho-so/{id}/nop): one draft and its steps in order — where to file, the form, the
// papers, how to receive the result, then review and submit. What is typed is saved on the phone at once
// and on the server shortly after (engine.ts). In supplement mode (#/ho-so/{id}/bo-sung) the same screen
// adds pages to a dossier the agency sent back, and "Nộp bổ sung" resubmits it through the outbox.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { href } from '../../router';
import { useTariff } from '../delivery/Postage';
import { DeliveryStep } from './DeliveryStep';
import * as engine from './engine';
import { FilingHeader } from './FilingHeader';
import { submitProblems } from './formRules';
import { FormStep } from './FormStep';
import { PapersStep } from './PapersStep';
import { ProcedureStep } from './ProcedureStep';
import { ReviewStep } from './ReviewStep';
import { Resubmitted, Submitted } from './Submitted';
import { useDraft } from './useDraft';
import { useSubmission } from './useSubmission';
import './filing.css';
import './messages';

interface BackLink {
  href: string;
  label: string;
}

function Shell({ code, back, children }: { code: string | null; back?: BackLink; children: ComponentChildren }) {
  return (
    <section class="page filing">
      <a class="back-link" href={back?.href ?? (code ? href.procedure(code) : href.dossiers)}>
        ← {back?.label ?? (code ? t('filing.back') : t('dossiers.back'))}
      </a>
      {children}
    </section>
  );
}

export function FilingScreen({ id, supplement = false }: { id: string; supplement?: boolean }) {
  const { draft, pages, progress, wallet, queued, loadError, syncing, edit, reload } = useDraft(id, supplement);
  const submission = useSubmission(id, supplement, queued, reload);
  const [actionError, setActionError] = useState('');
  const tariff = useTariff();

  const back = supplement ? { href: href.dossier(id), label: t('supplement.back') } : undefined;
  if (loadError) return <Shell code={null} back={back}><ErrorText message={loadError} /></Shell>;
  if (!draft) return <Shell code={null} back={back}><p class="status" role="status">{t('filing.loading')}</p></Shell>;

  const server = draft.server;
  if (supplement) {
    if (server && server.state !== 'supplement_requested') return <Resubmitted dossier={server} done={submission.resubmitted} />;
  } else if (server?.code && server.state !== 'draft') return <Submitted dossier={server} />;

  async function discard(procedureCode: string) {
    if (!confirm(t('filing.discardConfirm'))) return;
    try {
      await engine.discardDraft(id);
      location.hash = href.procedure(procedureCode);
    } catch (err) {
      setActionError(messageOf(err));
    }
  }

  const byPost = draft.procedure?.result_by_post ?? true;
  return (
    <Shell code={draft.procedure_code} back={back}>
      <FilingHeader draft={draft} pages={pages} syncing={syncing} supplement={supplement} />
      <ProcedureStep draft={draft} supplement={supplement} showErrors={submission.attempted} onCommune={(commune_code) => edit({ commune_code })} />
      <FormStep draft={draft} showErrors={submission.attempted} onEdit={edit} />
      <PapersStep draft={draft} pages={pages} progress={progress} wallet={wallet} onError={setActionError} />
      {byPost && (
        <DeliveryStep delivery={draft.delivery} applicant={draft.applicant ?? {}} tariff={tariff} onChange={(delivery) => edit({ delivery })} />
      )}
      <ReviewStep
        fee={server?.fee ?? null}
        delivery={byPost ? draft.delivery : null}
        tariff={tariff}
        notice={submission.notice}
        problems={submission.attempted ? submitProblems(draft, pages) : []}
        actionError={actionError}
        supplement={supplement}
        onSubmit={() => void submission.submit(draft, pages)}
        onSendAgain={() => void submission.sendAgain()}
        onDiscard={() => void discard(draft.procedure_code)}
      />
    </Shell>
  );
}
