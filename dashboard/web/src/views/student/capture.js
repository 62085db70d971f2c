// The student's capture: the camera and what it read, a typed code's answer, and the scans kept on the phone while
// offline. One hook holds all of it, so the "Now" screen only draws.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, uuid, ApiError, networkRtt } from '../../api.js';
import { deviceHeaders, deviceProof, qrCode, registerDevice } from '../../device.js';
import { createQueue, retryDelayMs } from '../../offline-queue.js';
import { idbStore, memoryStore } from '../../idb.js';
import { startScanning, CameraError, warmUp } from '../../scanner.js';
import { watchLocation, currentLocation } from '../../location.js';
import { refusal, T, statusWord } from '../../messages.js';
import { leaveWatch } from '../../left-app.js';

const queue = createQueue(typeof indexedDB === 'undefined' ? memoryStore() : idbStore('queue'));

/** Sends what the phone kept while offline; returns the finished items (also when called at start). */
export async function syncQueue() {
  const headers = await deviceHeaders();
  let registered = false;
  // a scan kept before this phone had its key (signed in and lost the network at once): bind the phone, then sign
  const prove = async (item) => {
    if (!registered) {
      registered = true;
      await registerDevice().catch(() => undefined);
    }
    return deviceProof(qrCode(item.qrToken));
  };
  return queue.flush((body) => api('/api/v1/scans/batch', { method: 'POST', body, headers }), { prove });
}

function tokenSession(qrToken) {
  const parts = qrToken.split('.');
  return parts[0] === 'v1' && parts.length === 5 ? parts[1] : null;
}

/**
 * The capture state of the "Now" screen: `scanning`, `cameraError`, `result` (the last answer, with
 * `sessionId` when it was accepted), the queued `items` and the recently `synced` ones, and the
 * actions. `onChange` runs when something was marked (the open sessions are read again).
 */
export function useCapture({ online, onChange }) {
  const [scanning, setScanning] = useState(false);
  const [cameraError, setCameraError] = useState(null);
  const [result, setResult] = useState(null); // {kind, text, sessionId}
  const [items, setItems] = useState([]);
  const [synced, setSynced] = useState([]);
  const video = useRef(null);
  const stopRef = useRef(null);
  // while the camera is open: did the student leave the app (to look at a code someone sent)?
  const leaving = useRef(null);
  leaving.current ??= leaveWatch();
  // codes the platform called expired: skipped until the projector shows the next one, which is sent by itself
  const expired = useRef(new Set());

  useEffect(() => {
    const off = queue.subscribe(setItems);
    queue.list().then(setItems);
    return off;
  }, []);

  const flush = () => {
    if (!navigator.onLine) return;
    syncQueue().then((done) => {
      if (done.length) {
        setSynced((s) => [...done, ...s].slice(0, 10));
        onChange();
      }
    }, () => {});
  };
  useEffect(flush, [online]);

  // warm the decoder once the page is idle and online, so a scan without network still decodes
  useEffect(() => {
    if (!online || navigator.connection?.saveData) return undefined;
    const t = setTimeout(warmUp, 4000);
    return () => clearTimeout(t);
  }, [online]);

  const answered = (r, sessionId) => {
    setResult({ kind: 'ok', sessionId, text: r.provisional === 'FLAGGED'
      ? 'Received — your teacher will check this one and confirm it.'
      : `Marked ${statusWord(r.provisional).toUpperCase()} (provisional) — your teacher sees you now.` });
    onChange();
  };

  const submitScan = async (qrToken) => {
    if (expired.current.has(qrToken)) return false;
    const sessionId = tokenSession(qrToken);
    const location = currentLocation();
    const capturedAt = new Date().toISOString();
    // the phone's key signs this very code (a passkey asks for the owner's unlock first), online or kept for later
    let proof;
    try {
      proof = await deviceProof(qrCode(qrToken));
    } catch {
      setResult({ kind: 'error', text: T.unlockCancelled, code: 'DEVICE_PROOF_INVALID' });
      return true;
    }
    const leftApp = leaving.current.take();
    const submission = { submissionId: uuid(), qrToken, capturedAt, ...(location && { location }),
      ...(leftApp && { leftApp }), ...(proof && { proof }) };
    // without network the scan is kept on the phone with its capture time, and sent later
    const keep = async () => {
      await queue.add({ ...submission, label: 'QR scan' });
      setResult({ kind: 'info', text: T.offlineSaved });
      return true;
    };
    if (!navigator.onLine) return keep();
    try {
      performance.mark('qr-decoded');
      const rtt = networkRtt();
      const r = await api('/api/v1/scans', { method: 'POST', body: { ...submission, offline: false,
        ...(rtt !== undefined && { networkRttMs: rtt }) },
        headers: await deviceHeaders() });
      performance.mark('scan-accepted');
      answered(r, sessionId);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NETWORK') return keep();
      if (e.code === 'UNAVAILABLE' || e.code === 'RATE_LIMITED') {
        // busy: say so, and let the camera send the code it reads again only after the server's Retry-After
        setResult({ kind: 'info', text: refusal(e.code, e.problem), code: e.code });
        await new Promise((r) => setTimeout(r, retryDelayMs(e.problem?.retryAfter)));
        return false;
      }
      if (e.code === 'QR_EXPIRED') {
        // the code rotated on its way: the camera is still on the screen and reads the next one
        expired.current.add(qrToken);
        setResult({ kind: 'info', text: T.codeChanged, code: e.code });
        return false;
      }
      setResult({ kind: e.code === 'ALREADY_MARKED' ? 'ok' : 'error', text: refusal(e.code, e.problem), code: e.code });
      return e.code === 'ALREADY_MARKED' || e.code === 'SESSION_NOT_OPEN' || e.code?.startsWith('DEVICE_');
    }
  };

  const openCamera = async () => {
    watchLocation();
    leaving.current.start();
    setCameraError(null);
    setResult(null);
    setScanning(true);
    try {
      stopRef.current = await startScanning(video.current, async (text) => {
        const done = await submitScan(text);
        if (done) setScanning(false);
        return done;
      }, { onReady: () => performance.mark('camera-ready') });
    } catch (e) {
      setScanning(false);
      setCameraError(e instanceof CameraError ? e.kind : 'other');
    }
  };
  const closeCamera = () => {
    leaving.current.stop();
    stopRef.current?.();
    setScanning(false);
  };
  useEffect(() => () => {
    stopRef.current?.();
    leaving.current.stop();
  }, []);

  return { scanning, cameraError, result, setResult, items, synced, video, openCamera, closeCamera, flush, answered };
}
