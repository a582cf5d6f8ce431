// Feedback's photos on the phone: each is compressed in the filing photos' Web Worker, then uploaded on its own
// (POST /api/feedback/photos) — at once when signed in, at the send when signed out (the upload needs the phone's
// code). The send names the uploaded ones by id, in the order shown. Photos are not part of the typed draft: a closed
// tab loses them (the server forgets an unsent upload after a day).

/** The API's bound (PHOTOS_PER_FEEDBACK). */
export const MAX_PHOTOS = 3;

export type PhotoStatus = 'compressing' | 'ready' | 'uploading' | 'uploaded' | 'failed';

export interface AttachedPhoto {
  /** The phone's own name for it, stable while it is on the form. */
  key: string;
  /** The compressed photo; null while the worker compresses it. */
  blob: Blob | null;
  status: PhotoStatus;
  /** 0..1 while uploading. */
  progress: number;
  /** The server's id once uploaded. */
  id?: string;
  error?: string;
}

/** How many of `chosen` files still fit beside `photos`. */
export function room(photos: readonly AttachedPhoto[], chosen: number): number {
  return Math.max(0, Math.min(chosen, MAX_PHOTOS - photos.length));
}

/** The photos the send still has to upload, in order: compressed ones not uploaded yet, or whose upload failed. */
export function toUpload(photos: readonly AttachedPhoto[]): AttachedPhoto[] {
  return photos.filter((photo) => photo.blob !== null && (photo.status === 'ready' || photo.status === 'failed'));
}

/** The ids for the send, or null while some photo is not uploaded. */
export function photoIds(photos: readonly AttachedPhoto[]): string[] | null {
  if (photos.some((photo) => photo.status !== 'uploaded' || !photo.id)) return null;
  return photos.map((photo) => photo.id!);
}

/** Signed out, an upload belongs to the phone it was proved with: a changed phone means uploading them again. */
export function forgetUploads(photos: readonly AttachedPhoto[]): AttachedPhoto[] {
  return photos.map((photo) => (photo.status === 'uploaded' ? { ...photo, status: 'ready', id: undefined, progress: 0 } : photo));
}

export function updated(photos: readonly AttachedPhoto[], key: string, change: Partial<AttachedPhoto>): AttachedPhoto[] {
  return photos.map((photo) => (photo.key === key ? { ...photo, ...change } : photo));
}
