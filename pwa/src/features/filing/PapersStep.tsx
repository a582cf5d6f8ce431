// Step 3: the papers. One block per document of the procedure, each with the pages on the phone and
// on the server, and the wallet papers of the same type that may be reused instead of a new photo.
import { t } from '../../i18n';
import { DocumentBlock } from './DocumentBlock';
import { documentSlots, slotPages } from './formRules';
import type { LocalDraft, LocalPage, WalletDocument } from './types';

export function PapersStep(props: {
  draft: LocalDraft;
  pages: LocalPage[];
  progress: Record<string, number>;
  wallet: WalletDocument[];
  onError: (message: string) => void;
}) {
  const { draft } = props;
  return (
    <section class="filing-section" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('filing.documents')}</h2>
      {documentSlots(draft).map((slot) => (
        <DocumentBlock
          key={slot.code}
          dossierId={draft.id}
          slot={slot}
          pages={slotPages(slot, props.pages)}
          progress={props.progress}
          wallet={props.wallet.filter((w) => slot.wallet_type && w.document_type === slot.wallet_type)}
          canUseServer={draft.server !== null}
          onError={props.onError}
        />
      ))}
    </section>
  );
}
