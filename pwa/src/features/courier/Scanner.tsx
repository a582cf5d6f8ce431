// Scanning a slip's QR code or barcode with the camera, through the browser's own BarcodeDetector (the
// decoding runs inside the browser, off our main thread). Phones without it type the code instead.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { findTrackingCode } from '../delivery/tracking';

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

const WANTED_FORMATS = ['qr_code', 'code_128', 'code_39', 'data_matrix'];
const SCAN_EVERY_MS = 250;

function detectorClass(): BarcodeDetectorClass | null {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector ?? null;
}

export function canScan(): boolean {
  return detectorClass() !== null && !!navigator.mediaDevices?.getUserMedia;
}

export function Scanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function start() {
      const Detector = detectorClass();
      if (!Detector) return setProblem(t('courier.scanUnsupported'));
      const supported = (await Detector.getSupportedFormats?.()) ?? WANTED_FORMATS;
      const detector = new Detector({ formats: WANTED_FORMATS.filter((f) => supported.includes(f)) });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      if (stopped || !video.current) return;
      video.current.srcObject = stream;
      await video.current.play();
      const look = async () => {
        if (stopped || !video.current) return;
        const found = await detector.detect(video.current).catch(() => []);
        for (const barcode of found) {
          const code = findTrackingCode(barcode.rawValue);
          if (code) return onCode(code);
        }
        timer = setTimeout(() => void look(), SCAN_EVERY_MS);
      };
      void look();
    }

    start().catch((error: unknown) => setProblem(t('courier.scanFailed', { reason: error instanceof Error ? error.message : String(error) })));
    return () => {
      stopped = true;
      clearTimeout(timer);
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
