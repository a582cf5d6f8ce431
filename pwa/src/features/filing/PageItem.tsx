// One page of a document: its thumbnail (the phone's photo until the server has one), where it stands
// (waiting to upload, uploading with progress, processing, received, failed) and what can be done with it.
import { useEffect, useMemo } from 'preact/hooks';
import { t } from '../../i18n';
import { pageStatus, type ViewPage } from './formRules';
import { PhotoInput } from './PhotoInput';

function useObjectUrl(blob: Blob | undefined): string | undefined {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : undefined), [blob]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}

const STATE_WORDS = { waiting: 'filing.pagePending', processing: 'filing.pageProcessing', ready: 'filing.pageReady', failed: 'filing.pageFailed' } as const;

export function PageItem(props: {
  page: ViewPage;
  n: number;
  docName: string;
  progress?: number;
  first: boolean;
  last: boolean;
  onMove: (delta: number) => void;
  onDelete: () => void;
  onRetake: (files: File[]) => void;
  onRetry: () => void;
}) {
  const { page, n } = props;
  const localUrl = useObjectUrl(page.local?.blob);
  const src = localUrl ?? page.server?.thumbnail_url ?? undefined;
  const status = pageStatus(page);
  // A bar only while bytes are moving; a page waiting for the network just says so.
  const uploading = status === 'waiting' && props.progress !== undefined && navigator.onLine;
  const error = status === 'failed' ? (page.local?.error ?? page.server?.failure ?? null) : null;
  return (
    <li class="page-item" data-page-status={uploading ? 'uploading' : status}>
      {src ? <img class="page-item__thumb" src={src} alt={t('filing.page', { n })} /> : <span class="page-item__thumb" />}
      <div class="page-item__body">
        <p class="page-item__title">
          {t('filing.page', { n })} — <span>{uploading ? t('filing.pageUploading') : t(STATE_WORDS[status])}</span>
        </p>
        {uploading && <progress max={1} value={props.progress} aria-label={t('filing.progress', { n, doc: props.docName })} />}
        {error && <p class="field-error">{error}</p>}
        <div class="page-item__actions">
          <button class="button button--small" type="button" disabled={props.first} aria-label={t('filing.moveUp', { n })} onClick={() => props.onMove(-1)}>
            ↑ {t('filing.up')}
          </button>
          <button class="button button--small" type="button" disabled={props.last} aria-label={t('filing.moveDown', { n })} onClick={() => props.onMove(1)}>
            ↓ {t('filing.down')}
          </button>
          <PhotoInput label={t('filing.retake')} capture onFiles={props.onRetake} class="button button--small" />
          {page.local?.status === 'failed' && (
            <button class="button button--small" type="button" onClick={props.onRetry}>
              {t('filing.retry')}
            </button>
          )}
          <button class="button button--small button--danger" type="button" aria-label={t('filing.deletePage', { n })} onClick={props.onDelete}>
            {t('filing.delete')}
          </button>
        </div>
      </div>
    </li>
  );
}
