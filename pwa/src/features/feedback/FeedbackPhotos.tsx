// Up to 3 photos on the feedback form: compressed off the main thread (the filing photos' worker), uploaded with a
// progress bar, each with a way to remove it. `usePhotos` keeps them; `FeedbackPhotos` shows them.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { messageOf } from '../../api';
import { t } from '../../i18n';
import { PhotoInput } from '../filing/PhotoInput';
import { uploadWithRetry } from '../filing/upload';
import { uuidv7 } from '../filing/uuid';
import { compressPhoto } from '../photos/compress';
import { forgetUploads, MAX_PHOTOS, photoIds, room, toUpload, updated, type AttachedPhoto } from './photos';

/** Headers that prove who uploads: none extra signed in (the session), the phone and its code signed out. */
export type UploadHeaders = Record<string, string>;

export interface Photos {
  photos: AttachedPhoto[];
  notice: string;
  /** Compress the chosen files (as many as fit), and upload each at once when `now` says who uploads. */
  add: (files: File[], now: UploadHeaders | null) => void;
  remove: (key: string) => void;
  /** Upload what is not yet, then the ids for the send; null when some upload failed (its error is shown). */
  uploadAll: (headers: UploadHeaders) => Promise<string[] | null>;
  forgetUploads: () => void;
  clear: () => void;
}

export function usePhotos(): Photos {
  const [photos, setPhotos] = useState<AttachedPhoto[]>([]);
  const [notice, setNotice] = useState('');
  // The latest list for the async steps below, which outlive the render that started them.
  const current = useRef(photos);
  const change = (next: (photos: AttachedPhoto[]) => AttachedPhoto[]) => {
    current.current = next(current.current);
    setPhotos(current.current);
  };
  const present = (key: string) => current.current.some((photo) => photo.key === key);

  async function upload(photo: AttachedPhoto, headers: UploadHeaders): Promise<void> {
    const { key, blob } = photo;
    if (!blob) return;
    change((list) => updated(list, key, { status: 'uploading', progress: 0, error: undefined }));
    try {
      const answer = (await uploadWithRetry('/api/feedback/photos', blob, {
        method: 'POST',
        headers,
        onProgress: (fraction) => present(key) && change((list) => updated(list, key, { progress: fraction })),
      })) as { id: string };
      change((list) => updated(list, key, { status: 'uploaded', id: answer.id, progress: 1 }));
    } catch (err) {
      change((list) => updated(list, key, { status: 'failed', error: messageOf(err) }));
    }
  }

  async function add(files: File[], now: UploadHeaders | null) {
    const fits = room(current.current, files.length);
    setNotice(fits < files.length ? t('feedback.photosMax', { n: MAX_PHOTOS }) : '');
    const added = files.slice(0, fits).map((file) => ({ file, photo: { key: uuidv7(), blob: null, status: 'compressing', progress: 0 } as AttachedPhoto }));
    change((list) => [...list, ...added.map((a) => a.photo)]);
    for (const { file, photo } of added) {
      const { blob } = await compressPhoto(file);
      if (!present(photo.key)) continue; // removed while it was being compressed
      change((list) => updated(list, photo.key, { blob, status: 'ready' }));
      if (now) await upload({ ...photo, blob }, now);
    }
  }

  async function uploadAll(headers: UploadHeaders): Promise<string[] | null> {
    for (const photo of toUpload(current.current)) await upload(photo, headers);
    return photoIds(current.current);
  }

  return {
    photos,
    notice,
    add: (files, now) => void add(files, now),
    remove: (key) => {
      setNotice('');
      change((list) => list.filter((photo) => photo.key !== key));
    },
    uploadAll,
    forgetUploads: () => change(forgetUploads),
    clear: () => change(() => []),
  };
}

function useObjectUrl(blob: Blob | null): string | undefined {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : undefined), [blob]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}

function PhotoItem({ photo, n, onRemove }: { photo: AttachedPhoto; n: number; onRemove: () => void }) {
  const src = useObjectUrl(photo.blob);
  const busy = photo.status === 'compressing' || photo.status === 'uploading';
  return (
    <li class="feedback-photo" data-photo-status={photo.status}>
      {src ? <img class="feedback-photo__thumb" src={src} alt={t('feedback.photo', { n })} /> : <span class="feedback-photo__thumb" />}
      <div class="feedback-photo__body">
        <p class="feedback-photo__title">
          {t('feedback.photo', { n })} — <span>{t(`feedback.photo.${photo.status}`, { pct: Math.round(photo.progress * 100) })}</span>
        </p>
        {busy && (
          <progress max={1} value={photo.status === 'uploading' ? photo.progress : undefined} aria-label={t(`feedback.photo.${photo.status}Of`, { n })} />
        )}
        {photo.status === 'failed' && photo.error && <p class="field-error">{photo.error}</p>}
        <button class="button button--secondary feedback-photo__remove" type="button" aria-label={t('feedback.photoRemove', { n })} onClick={onRemove}>
          {t('feedback.photoRemoveShort')}
        </button>
      </div>
    </li>
  );
}

export function FeedbackPhotos({ state, uploadNow }: { state: Photos; uploadNow: UploadHeaders | null }) {
  const { photos, notice } = state;
  return (
    <fieldset class="filing-section feedback-photos" aria-describedby="feedback-photos-hint">
      <legend>{t('feedback.photos')}</legend>
      <p id="feedback-photos-hint" class="hint">{t('feedback.photosHint', { n: MAX_PHOTOS })}</p>
      {photos.length > 0 && (
        <ul class="feedback-photo-list">
          {photos.map((photo, index) => (
            <PhotoItem key={photo.key} photo={photo} n={index + 1} onRemove={() => state.remove(photo.key)} />
          ))}
        </ul>
      )}
      {photos.length < MAX_PHOTOS && (
        <PhotoInput label={t('feedback.addPhoto')} capture={false} multiple onFiles={(files) => state.add(files, uploadNow)}
          class="button button--secondary feedback-photo-button" />
      )}
      {notice && <p role="status">{notice}</p>}
    </fieldset>
  );
}
