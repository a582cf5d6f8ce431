// One required document: its pages, photos taken or picked (compressed on the phone first; a photo
// that looks hard to read is shown for a second look), or a paper reused from the wallet.
import { useState } from 'preact/hooks';
import { messageOf } from '../../api';
import { saysWhenNeeded } from '../../format';
import { t } from '../../i18n';
import { Localized, localized, pick } from '../../Localized';
import { compressPhoto } from '../photos/compress';
import type { PhotoWarning } from '../photos/quality';
import * as engine from './engine';
import { documentState, type ViewPage } from './formRules';
import { PageItem } from './PageItem';
import { PhotoInput } from './PhotoInput';
import type { DocumentSlot, WalletDocument } from './types';

interface Review {
  blob: Blob;
  url: string;
  warnings: PhotoWarning[];
  replacing?: string;
}

function PhotoReview({ review, onAccept, onRetake }: { review: Review; onAccept: () => void; onRetake: (files: File[]) => void }) {
  return (
    <div class="photo-review" role="alert">
      <img src={review.url} alt="" />
      <div>
        <p class="photo-review__title">{t('filing.warnTitle')}</p>
        <ul>
          {review.warnings.map((w) => (
            <li key={w}>{t(`filing.warn.${w}`)}</li>
          ))}
        </ul>
        <div class="form__actions">
          <button class="button" type="button" onClick={onAccept}>
            {t('filing.useAnyway')}
          </button>
          <PhotoInput label={t('filing.retake')} capture onFiles={onRetake} />
        </div>
      </div>
    </div>
  );
}

/** A wallet paper's title (the Vietnamese name it was given under): this document's English name when it
 * is the same paper, else the title as kept, marked for an English reader. */
function walletTitle(document: WalletDocument, slot: DocumentSlot): string {
  return localized(document.title, document.title === slot.name ? slot.name_en : null);
}

function WalletChoice(props: { dossierId: string; slot: DocumentSlot; wallet: WalletDocument[]; canUseServer: boolean; run: (action: () => Promise<void>) => () => void }) {
  const { dossierId, slot, run } = props;
  if (slot.reused_wallet_document_id) {
    const reused = props.wallet.find((w) => w.id === slot.reused_wallet_document_id);
    return (
      <div class="reuse">
        <p>{reused ? t('filing.reused', { title: walletTitle(reused, slot) }) : t('filing.reusedShort')}</p>
        <button class="button button--secondary" type="button" onClick={run(() => engine.reuseFromWallet(dossierId, slot.code, null))}>
          {t('filing.stopReuse')}
        </button>
      </div>
    );
  }
  if (!props.canUseServer) return null;
  return (
    <>
      {props.wallet.map((w) => (
        <button key={w.id} class="button button--secondary reuse-button" type="button" onClick={run(() => engine.reuseFromWallet(dossierId, slot.code, w.id))}>
          {t('filing.reuse', { title: walletTitle(w, slot) })}
        </button>
      ))}
    </>
  );
}

export function DocumentBlock(props: {
  dossierId: string;
  slot: DocumentSlot;
  pages: ViewPage[];
  progress: Record<string, number>;
  wallet: WalletDocument[];
  canUseServer: boolean;
  onError: (message: string) => void;
}) {
  const { slot, pages, dossierId } = props;
  const [reviews, setReviews] = useState<Review[]>([]);
  const [compressing, setCompressing] = useState(false);
  const headingId = `doc-${slot.code}`;
  const state = documentState(slot, pages);

  async function take(files: File[], replacing?: string) {
    setCompressing(true);
    try {
      for (const file of files) {
        const photo = await compressPhoto(file);
        if (photo.warnings.length) {
          setReviews((r) => [...r, { blob: photo.blob, url: URL.createObjectURL(photo.blob), warnings: photo.warnings, replacing }]);
        } else {
          await engine.addPage(dossierId, slot.code, photo.blob, [], replacing);
        }
        replacing = undefined; // only the first file replaces the page
      }
    } catch (err) {
      props.onError(messageOf(err));
    } finally {
      setCompressing(false);
    }
  }

  function dismiss(review: Review) {
    setReviews((r) => r.filter((x) => x !== review));
    URL.revokeObjectURL(review.url);
  }

  async function accept(review: Review) {
    dismiss(review);
    await engine.addPage(dossierId, slot.code, review.blob, review.warnings, review.replacing).catch((e: unknown) => props.onError(messageOf(e)));
  }

  const run = (action: () => Promise<void>) => () => void action().catch((e: unknown) => props.onError(messageOf(e)));
  const order = pages.map((p) => p.id);

  return (
    <section class="doc-slot" aria-labelledby={headingId} data-document={slot.code}>
      <h3 id={headingId} tabIndex={-1}>
        <Localized vi={slot.name} en={slot.name_en} />
        {!slot.required && !saysWhenNeeded(pick(slot.name, slot.name_en).text) && <small> ({t('filing.optional')})</small>}
      </h3>
      <p class={`doc-state doc-state--${state}`}>{t(`filing.doc.${state}`)}</p>
      <WalletChoice dossierId={dossierId} slot={slot} wallet={props.wallet} canUseServer={props.canUseServer} run={run} />
      {pages.length > 0 && (
        <ol class="pages">
          {pages.map((page, index) => (
            <PageItem
              key={page.id}
              page={page}
              n={index + 1}
              docName={localized(slot.name, slot.name_en)}
              progress={props.progress[page.id]}
              first={index === 0}
              last={index === pages.length - 1}
              onMove={(delta) => run(() => engine.movePage(dossierId, slot.code, order, page.id, delta))()}
              onDelete={run(() => engine.removePage(dossierId, page.id))}
              onRetake={(files) => void take(files, page.id)}
              onRetry={run(() => engine.retryPage(dossierId, page.id))}
            />
          ))}
        </ol>
      )}
      {reviews.map((review) => (
        <PhotoReview
          key={review.url}
          review={review}
          onAccept={() => void accept(review)}
          onRetake={(files) => {
            dismiss(review);
            void take(files, review.replacing);
          }}
        />
      ))}
      {compressing && <p class="status" role="status">{t('filing.compressing')}</p>}
      <div class="photo-actions">
        <PhotoInput label={t('filing.takePhoto')} capture onFiles={(files) => void take(files)} class="button photo-button" />
        <PhotoInput label={t('filing.fromGallery')} capture={false} multiple onFiles={(files) => void take(files)} />
      </div>
    </section>
  );
}
