// The fallback decoder's pure part, run inside the Web Worker (qr.worker.ts): a camera frame's pixels in, the
// tracking code its QR holds out. jsQR is pure JavaScript (no camera, no DOM), so it is tested on a drawn QR.
import jsQR from 'jsqr';
import { findTrackingCode } from '../delivery/tracking';

/** The tracking code in the frame's QR (RGBA pixels), or null when there is no QR or it holds none. */
export function trackingCodeIn(pixels: Uint8ClampedArray, width: number, height: number): string | null {
  // Printed slips are dark on light: no inverted pass, half the work per frame.
  const found = jsQR(pixels, width, height, { inversionAttempts: 'dontInvert' });
  return found ? findTrackingCode(found.data) : null;
}
