// The size camera frames are decoded at by the Scanner's fallback (kept apart from qrDecode.ts, which brings
// jsQR: the Scanner needs this without loading the decoder).

/** Frames are scaled down so that their longer side is at most this: a slip's QR held to the camera still has
 *  several pixels per module, and jsQR stays well under the time between two frames on a cheap phone. */
export const MAX_FRAME_SIDE = 640;

/** The size to draw a video frame at: the longer side at most `maxSide`, the proportions kept. */
export function frameSize(width: number, height: number, maxSide = MAX_FRAME_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height, 1));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}
