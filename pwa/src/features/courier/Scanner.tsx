// Scanning a slip's QR code or barcode with the camera. Where the browser has BarcodeDetector, it decodes (inside
// the browser, off our main thread, barcodes too). Where it has none (iPhones), frames are drawn on a canvas at
// most 640 px on their longer side and handed, one at a time and at most 4 a second, to a Web Worker running jsQR
// (QR codes only: the manifest and the slips carry one); the worker and jsQR are loaded only then, so other phones
// and the first load never carry them. Without a camera, the courier types the code.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { findTrackingCode } from '../delivery/tracking';
import { frameSize } from './frames';
import type { Frame } from './qr.worker';

interface DetectedBarcode {
  rawValue: string;
}

interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}

interface BarcodeDetectorClass {
  new (options?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
}

/** Reads one video frame: the tracking code it shows, or null. */
interface Decoder {
  decode(video: HTMLVideoElement): Promise<string | null>;
  stop(): void;
}

const WANTED_FORMATS = ['qr_code', 'code_128', 'code_39', 'data_matrix'];
const SCAN_EVERY_MS = 250;

function detectorClass(): BarcodeDetectorClass | null {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector ?? null;
}

export function canScan(): boolean {
  return (detectorClass() !== null || typeof Worker !== 'undefined') && !!navigator.mediaDevices?.getUserMedia;
}

async function browserDecoder(Detector: BarcodeDetectorClass): Promise<Decoder> {
  const supported = (await Detector.getSupportedFormats?.()) ?? WANTED_FORMATS;
  const detector = new Detector({ formats: WANTED_FORMATS.filter((f) => supported.includes(f)) });
  return {
    async decode(video) {
      const found = await detector.detect(video).catch(() => []);
      return found.map((barcode) => findTrackingCode(barcode.rawValue)).find((code) => code !== null) ?? null;
    },
    stop() {},
  };
}

function workerDecoder(): Decoder {
  // A classic worker (Vite bundles it whole): iPhones before iOS 15 cannot start module workers.
  const worker = new Worker(new URL('./qr.worker.ts', import.meta.url));
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    decode: (video) =>
      new Promise((resolve, reject) => {
        const { width, height } = frameSize(video.videoWidth, video.videoHeight);
        if (!context || width === 0) return resolve(null); // no frame yet
        canvas.width = width;
        canvas.height = height;
        context.drawImage(video, 0, 0, width, height);
        const frame: Frame = { pixels: context.getImageData(0, 0, width, height).data, width, height };
        worker.onmessage = (event: MessageEvent<string | null>) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
        worker.postMessage(frame, [frame.pixels.buffer]); // handed over, not copied
      }),
    stop: () => worker.terminate(),
  };
}

export function Scanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    let stream: MediaStream | null = null;
    let decoder: Decoder | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (error: unknown) =>
      setProblem(t('courier.scanFailed', { reason: error instanceof Error ? error.message : String(error) }));

    async function start() {
      const Detector = detectorClass();
      decoder = Detector ? await browserDecoder(Detector) : workerDecoder();
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      if (stopped || !video.current) return;
      video.current.srcObject = stream;
      await video.current.play();
      const look = async () => {
        if (stopped || !video.current || !decoder) return;
        const code = await decoder.decode(video.current);
        if (stopped) return;
        if (code) return onCode(code);
        timer = setTimeout(() => void look().catch(fail), SCAN_EVERY_MS);
      };
      await look();
    }

    start().catch(fail);
    return () => {
      stopped = true;
      clearTimeout(timer);
      decoder?.stop();
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <div class="courier-scanner">
      <p class="hint">{t('courier.scanHint')}</p>
      <video ref={video} class="courier-scanner__video" muted playsInline aria-label={t('courier.scan')} />
      {problem && <p class="status status--error" role="alert">{problem}</p>}
      <button type="button" class="button button--secondary" onClick={onClose}>
        {t('courier.scanStop')}
      </button>
    </div>
  );
}
