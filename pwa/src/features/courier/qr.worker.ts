// A Web Worker decoding camera frames with jsQR where the browser has no BarcodeDetector (iPhones): the
// decoding stays off the main thread, so the video and the buttons keep responding. Loaded only by the
// Scanner's fallback, never by phones that have BarcodeDetector.
import { trackingCodeIn } from './qrDecode';

export interface Frame {
  pixels: Uint8ClampedArray;
  width: number;
  height: number;
}

// The worker's global scope, typed by hand: the PWA's TypeScript settings carry the DOM's types, not a worker's.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Frame>) => void) | null;
  postMessage: (code: string | null) => void;
};

scope.onmessage = ({ data }) => scope.postMessage(trackingCodeIn(data.pixels, data.width, data.height));
