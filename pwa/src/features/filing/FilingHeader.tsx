// The top of the filing screen: the title, the officer's request in supplement mode, and where what was
// typed is saved (this phone, the server, or not yet sent because the phone is offline).
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { SupplementRequestBox } from './supplement';
import type { LocalDraft, LocalPage } from './types';

function saveState(draft: LocalDraft, pages: LocalPage[], syncing: boolean): string {
  if (syncing) return t('filing.saving');
  const pending = draft.revision > draft.synced_revision || pages.some((p) => p.status === 'pending');
  if (!pending) return t('filing.savedServer');
  return navigator.onLine ? t('filing.savedLocal') : t('filing.notSynced');
}

function ProcedureName({ draft }: { draft: LocalDraft }) {
  const server = draft.server;
  if (server) return <Localized vi={server.procedure_name} en={server.procedure_name_en} />;
  if (draft.procedure) return <Localized vi={draft.procedure.name} en={draft.procedure.name_en} />;
  return <>{draft.procedure_code}</>;
}

export function FilingHeader(props: { draft: LocalDraft; pages: LocalPage[]; syncing: boolean; supplement: boolean }) {
  const { draft, supplement } = props;
  const server = draft.server;
  return (
    <>
      <h1 class="filing-title">
        {supplement ? t('supplement.title') : t('filing.title')}
        <small>
          <ProcedureName draft={draft} />
        </small>
      </h1>
      {supplement && server && (
        <>
          <p>
            {t('dossiers.code')}: <strong class="dossier-code-inline">{server.code}</strong>
          </p>
          <SupplementRequestBox dossier={server}>
            <p class="hint">{t('supplement.hint')}</p>
          </SupplementRequestBox>
        </>
      )}
      <p class="status save-state" role="status" aria-live="polite">
        {saveState(draft, props.pages, props.syncing)}
      </p>
      {draft.sync_error && <ErrorText message={draft.sync_error.message} />}
    </>
  );
}
