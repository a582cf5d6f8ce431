// Compress a page photo on the device before upload. Uses a lazily created Web Worker; where the
// browser lacks OffscreenCanvas or createImageBitmap (old Safari), cannot decode the file (HEIC in
// Chrome) or the worker fails, the original file is returned unchanged with no warnings: the server
// decodes and normalises every page anyway, so this step only saves bytes on the citizen's data plan.

import type { CompressRequest, CompressResponse } from './compress.worker';
import type { PhotoWarning } from './quality';

export type { PhotoWarning } from './quality';

export interface CompressedPhoto {
  blob: Blob;
  /** False when the original was returned as it came. */
  compressed: boolean;
  width?: number;
  height?: number;
  luma?: number;
  sharpness?: number;
  warnings: PhotoWarning[];
}

/** How long one photo may take before we give up and send the original. */
const TIMEOUT_MS = 20_000;

let worker: Worker | null = null;
let nextId = 1;

export function canCompressOnDevice(): boolean {
  return (
    typeof Worker !== 'undefined' &&
    typeof OffscreenCanvas !== 'undefined' &&
    typeof createImageBitmap !== 'undefined'
  );
}

function getWorker(): Worker {
  worker ??= new Worker(new URL('./compress.worker.ts', import.meta.url), { type: 'module' });
  return worker;
}

function original(file: Blob): CompressedPhoto {
  return { blob: file, compressed: false, warnings: [] };
}

export async function compressPhoto(file: Blob): Promise<CompressedPhoto> {
  if (!canCompressOnDevice()) return original(file);
  let w: Worker;
  try {
    w = getWorker();
  } catch {
    return original(file);
  }
  const id = nextId++;
  return new Promise<CompressedPhoto>((resolve) => {
    const done = (result: CompressedPhoto) => {
      clearTimeout(timer);
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      resolve(result);
    };
    const onMessage = (event: MessageEvent<CompressResponse>) => {
      const reply = event.data;
      if (reply.id !== id) return;
      if (!reply.ok) return done(original(file));
      // Never send something bigger than what the citizen picked; the warnings still hold.
      const { blob, width, height, luma, sharpness, warnings } = reply;
      if (blob.size >= file.size) return done({ ...original(file), luma, sharpness, warnings });
      done({ blob, compressed: true, width, height, luma, sharpness, warnings });
    };
    const onError = () => {
      worker?.terminate();
      worker = null; // a fresh one next time
      done(original(file));
    };
    const timer = setTimeout(onError, TIMEOUT_MS);
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    w.postMessage({ id, file } satisfies CompressRequest);
  });
}
