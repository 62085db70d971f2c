// The camera and the QR decoder. The native BarcodeDetector where it reads QR codes (Chrome on
// Android); otherwise ZXing compiled to WebAssembly, served by the platform itself and loaded only
// when the camera opens. Decodes continuously until the caller says a code was accepted.

let detectorPromise;

async function detector() {
  detectorPromise ??= (async () => {
    if ('BarcodeDetector' in globalThis) {
      try {
        const formats = await globalThis.BarcodeDetector.getSupportedFormats();
        if (formats.includes('qr_code')) return new globalThis.BarcodeDetector({ formats: ['qr_code'] });
      } catch {
        // fall through to the WebAssembly build
      }
    }
    const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
      import('barcode-detector/ponyfill'),
      import('zxing-wasm/reader/zxing_reader.wasm?url'),
    ]);
    prepareZXingModule({ overrides: { locateFile: (path, prefix) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
      fireImmediately: true });
    return new BarcodeDetector({ formats: ['qr_code'] });
  })();
  return detectorPromise;
}

export class CameraError extends Error {
  constructor(kind, cause) {
    super(kind);
    this.kind = kind; // 'denied' | 'none' | 'busy' | 'insecure' | 'other'
    this.cause = cause;
  }
}

function kindOf(err) {
  switch (err?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'none';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'other';
  }
}

/**
 * Opens the rear camera into `video` and calls `onCode(text)` for each distinct code read (awaiting it:
 * it returns true when the code was accepted and scanning should stop). Returns a stop function.
 */
export async function startScanning(video, onCode, { onReady = () => {} } = {}) {
  if (!globalThis.isSecureContext || !navigator.mediaDevices?.getUserMedia) throw new CameraError('insecure');
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } } });
  } catch (e) {
    throw new CameraError(kindOf(e), e);
  }
  video.setAttribute('playsinline', '');
  video.muted = true;
  video.srcObject = stream;
  await video.play().catch(() => {});
  const d = await detector();
  onReady();
  let stopped = false;
  let last = '';
  let lastAt = 0;
  const stop = () => {
    stopped = true;
    stream.getTracks().forEach((t) => t.stop());
    video.srcObject = null;
  };
  (async () => {
    while (!stopped) {
      try {
        if (video.readyState >= 2) {
          const codes = await d.detect(video);
          const text = codes[0]?.rawValue;
          // the same code again only after a pause, so a refused code is not sent in a loop
          if (text && (text !== last || Date.now() - lastAt > 4000)) {
            last = text;
            lastAt = Date.now();
            if (await onCode(text)) {
              stop();
              return;
            }
          }
        }
      } catch {
        // a frame that could not be read: take the next one
      }
      await new Promise((r) => setTimeout(r, 120));
    }
  })();
  return stop;
}

/** Loads the decoder ahead of time (kept by the service worker), so a scan without network still decodes. */
export function warmUp() {
  return detector().catch(() => {});
}
