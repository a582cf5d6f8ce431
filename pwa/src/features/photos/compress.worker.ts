// Compresses one page photo off the main thread: decode with EXIF orientation applied, scale the long
// edge to ~2000 px on an OffscreenCanvas, re-encode (which drops EXIF and GPS), and measure brightness
// and sharpness on a small grey copy. Loaded lazily by compress.ts, so it costs nothing at first load.

import { ANALYSIS_LONG_EDGE, UPLOAD_LONG_EDGE, assess, fitLongEdge, type PhotoWarning } from './quality';

export interface CompressRequest {
  id: number;
  file: Blob;
}

export type CompressResponse =
  | {
      id: number;
      ok: true;
      blob: Blob;
      width: number;
      height: number;
      luma: number;
      sharpness: number;
      warnings: PhotoWarning[];
    }
  | { id: number; ok: false; error: string };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CompressRequest>) => void) | null;
  postMessage(message: CompressResponse): void;
};

// WebP where the browser can encode it (Chrome, Android); Safari silently returns PNG, so check.
const ENCODINGS: Array<[type: string, quality: number]> = [
  ['image/webp', 0.82],
  ['image/jpeg', 0.85],
];

function draw(bitmap: ImageBitmap, width: number, height: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.fillStyle = '#fff'; // transparent PNGs land on white, as on the server
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

async function encode(canvas: OffscreenCanvas): Promise<Blob> {
  for (const [type, quality] of ENCODINGS) {
    const blob = await canvas.convertToBlob({ type, quality });
    if (blob.type === type) return blob;
  }
  throw new Error('no encoder');
}

async function compress(file: Blob): Promise<Omit<Extract<CompressResponse, { ok: true }>, 'id' | 'ok'>> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const size = { width: bitmap.width, height: bitmap.height };
    const out = fitLongEdge(size.width, size.height, UPLOAD_LONG_EDGE);
    const blob = await encode(draw(bitmap, out.width, out.height));
    const small = fitLongEdge(size.width, size.height, ANALYSIS_LONG_EDGE);
    const pixels = draw(bitmap, small.width, small.height)
      .getContext('2d')!
      .getImageData(0, 0, small.width, small.height).data;
    const { luma, sharpness, warnings } = assess(pixels, small, size);
    return { blob, width: out.width, height: out.height, luma, sharpness, warnings };
  } finally {
    bitmap.close();
  }
}

scope.onmessage = (event) => {
  const { id, file } = event.data;
  compress(file).then(
    (result) => scope.postMessage({ id, ok: true, ...result }),
    (error: unknown) => scope.postMessage({ id, ok: false, error: String(error) }),
  );
};
