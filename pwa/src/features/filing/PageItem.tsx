// One page of a document: its thumbnail (the phone's photo until the server has one), where it stands
// (waiting, uploading with progress, processing, received, failed) and what can be done with it.
import { useEffect, useMemo } from 'preact/hooks';
import { t } from '../../i18n';
import type { ViewPage } from './formRules';
import { PhotoInput } from './PhotoInput';

function useObjectUrl(blob: Blob | undefined): string | undefined {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : undefined), [blob]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}

/** The page's state in words, and the reason when it failed. */
function pageState(page: ViewPage, progress: number | undefined): { state: string; error: string | null } {
  const local = page.local;
  if (local?.status === 'failed') return { state: t('filing.pageFailed'), error: local.error };
  if (local?.status === 'pending') return { state: progress !== undefined ? t('filing.pageUploading') : t('filing.pagePending'), error: null };
  if (page.server?.status === 'ready') return { state: t('filing.pageReady'), error: null };
  if (page.server?.status === 'failed') return { state: t('filing.pageFailed'), error: page.server.failure };
  return { state: t('filing.pageProcessing'), error: null };
}

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
  const { state, error } = pageState(page, props.progress);
  const uploading = page.local?.status === 'pending';
  const ready = page.server?.status === 'ready';
  return (
    <li class="page-item" data-page-status={ready ? 'ready' : error ? 'failed' : uploading ? 'uploading' : 'processing'}>
      {src ? <img class="page-item__thumb" src={src} alt={t('filing.page', { n })} /> : <span class="page-item__thumb" />}
      <div class="page-item__body">
        <p class="page-item__title">
          {t('filing.page', { n })} — <span>{state}</span>
        </p>
        {uploading && (
          <progress max={1} value={props.progress ?? 0} aria-label={t('filing.progress', { n, doc: props.docName })} />
        )}
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
