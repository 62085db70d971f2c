// The student's phone: "Now" (scan or type the code, the offline queue) and "History".
import { useEffect, useRef, useState } from 'preact/hooks';
import { html, Page, Badge, Notice, Empty, useLoad, useOnline } from '../ui.js';
import { api, download, uuid, ApiError, networkRtt } from '../api.js';
import { deviceHeaders, registerDevice } from '../device.js';
import { createQueue, retryDelayMs } from '../offline-queue.js';
import { idbStore, memoryStore } from '../idb.js';
import { startScanning, CameraError, warmUp } from '../scanner.js';
import { connectNotices } from '../ws.js';
import { pushState, enablePush } from '../push.js';
import { watchLocation, currentLocation, locationState, onLocationState } from '../location.js';
import { refusal, DEVICE, T, statusWord, flagWords } from '../messages.js';
import { time, day, dayTime, percent, today } from '../dates.js';

export const STUDENT_TABS = [{ href: '#/now', label: 'Now' }, { href: '#/history', label: 'History' }];

const queue = createQueue(typeof indexedDB === 'undefined' ? memoryStore() : idbStore('queue'));

/** Sends what the phone kept while offline; returns the finished items (also when called at start). */
export async function syncQueue() {
  const headers = await deviceHeaders();
  return queue.flush((body) => api('/api/v1/scans/batch', { method: 'POST', body, headers }));
}

const CAMERA_HELP = {
  denied: 'The camera is blocked for this site. Allow it in the browser’s site settings, then tap Try again — or type the 4-digit code.',
  none: 'No camera was found. Type the 4-digit code instead.',
  busy: 'Another app is using the camera. Close it, then tap Try again.',
  insecure: 'The camera only works over a secure (https) address. Ask the college for the https link, or type the 4-digit code.',
  other: 'The camera did not start. Tap Try again, or type the 4-digit code.',
};

function tokenSession(qrToken) {
  const parts = qrToken.split('.');
  return parts[0] === 'v1' && parts.length === 5 ? parts[1] : null;
}

export function StudentNow({ me }) {
  const online = useOnline();
  const [device, setDevice] = useState('ACTIVE');
  const sessions = useLoad(() => api('/api/v1/me/open-sessions'), []);
  const [scanning, setScanning] = useState(false);
  const [cameraError, setCameraError] = useState(null);
  const [result, setResult] = useState(null); // {kind, text, sessionId}
  const [decisions, setDecisions] = useState({}); // sessionId -> status
  const [items, setItems] = useState([]);
  const [synced, setSynced] = useState([]);
  const video = useRef(null);
  const stopRef = useRef(null);
  // codes the platform called expired: skipped until the projector shows the next one, which is sent by itself
  const expired = useRef(new Set());

  // this phone, each time the app starts: bound on first sign-in (first device ACTIVE; another PENDING until a
  // teacher approves); the same phone again gets its current state (the call is idempotent)
  useEffect(() => {
    registerDevice().then(setDevice, (e) => (e.code === 'DEVICE_BLOCKED' ? setDevice('BLOCKED')
      : setResult({ kind: 'error', text: refusal(e.code) })));
  }, []);

  useEffect(() => connectNotices((m) => {
    if (m.type === 'session-opened') sessions.reload();
    if (m.type === 'decision') setDecisions((d) => ({ ...d, [m.sessionId]: m.status }));
  }), []);

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
        sessions.reload();
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
    sessions.reload();
  };

  const submitScan = async (qrToken) => {
    if (expired.current.has(qrToken)) return false;
    const sessionId = tokenSession(qrToken);
    const location = currentLocation();
    const submission = { submissionId: uuid(), qrToken, capturedAt: new Date().toISOString(), ...(location && { location }) };
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
    stopRef.current?.();
    setScanning(false);
  };
  useEffect(() => () => stopRef.current?.(), []);

  const [where, setWhere] = useState(locationState());
  useEffect(() => onLocationState(setWhere), []);

  const [push, setPush] = useState('unsupported');
  useEffect(() => {
    pushState().then(setPush, () => setPush('unsupported'));
  }, []);
  const turnOnPush = () => enablePush().then(setPush, () => setResult({ kind: 'error', text: 'Notifications could not be turned on in this browser.' }));

  const open = sessions.data || [];
  const otpSessions = open.filter((s) => s.mode !== 'QR' && !s.marked);
  const decided = result?.sessionId && decisions[result.sessionId];

  return html`<${Page} title="Mark attendance" tabs=${STUDENT_TABS}>
    ${!online && html`<${Notice} kind="warn" testId="offline">You are offline. Scans are kept on this phone and sent when you are back online.</${Notice}>`}
    ${device !== 'ACTIVE' && html`<${Notice} kind=${device === 'BLOCKED' ? 'error' : 'warn'} testId="device">${DEVICE[device] || DEVICE.NONE}</${Notice}>`}

    <section class="scan" aria-labelledby="scan-h">
      <h2 id="scan-h" class="visually-hidden">Scan</h2>
      <div class=${`camera ${scanning ? 'on' : ''}`}>
        <video ref=${video} playsinline muted aria-label="Camera view"></video>
        ${scanning && html`<div class="aim" aria-hidden="true"></div><p class="hint">Point the camera at the code on the projector</p>`}
      </div>
      ${scanning
        ? html`<button type="button" class="secondary big" onClick=${closeCamera}>${T.stopCamera}</button>`
        : html`<button type="button" class="primary huge" data-test="scan" onClick=${openCamera}>${T.scan}</button>`}
      ${where === 'off' && html`<p class="small" data-test="location-off">${T.locationOff}</p>`}
      ${cameraError && html`<${Notice} kind="error">${CAMERA_HELP[cameraError]}
        <button type="button" class="link" onClick=${openCamera}>Try again</button></${Notice}>`}
    </section>

    <div aria-live="polite" data-test="result">
      ${result && html`<${Notice} kind=${result.kind}>${result.text}
        ${decided && html`<span class="decision" data-test="decision"> Decision: <${Badge} status=${decided} /></span>`}</${Notice}>`}
    </div>

    <${OtpForm} sessions=${otpSessions} onAccepted=${answered} />

    ${push === 'off' && html`<p class="row push"><span>Get a notification when a class starts, even with the app closed.</span>
      <button type="button" class="secondary" onClick=${turnOnPush}>Turn on</button></p>`}

    ${(items.length > 0 || synced.length > 0) && html`<section aria-labelledby="queue-h" data-test="queue">
      <h2 id="queue-h">Saved on this phone</h2>
      <ul class="cards">
        ${items.map((i) => html`<li class="card" key=${i.submissionId} data-test="queued-item">
          <strong>${i.label || 'Scan'}</strong><span>captured ${dayTime(i.capturedAt)}</span><span class="warn-text">${T.queued}</span></li>`)}
        ${synced.map((i) => html`<li class="card" key=${`done-${i.submissionId}`} data-test="synced-item">
          <strong>${i.label || 'Scan'}</strong><span>captured ${dayTime(i.capturedAt)}</span>
          <span class=${i.state === 'refused' ? 'error-text' : 'ok-text'}>${i.state === 'refused'
            ? refusal(i.result.code) : i.state === 'already' ? 'Already marked' : 'Sent — counted as offline'}</span></li>`)}
      </ul>
      ${items.length > 0 && online && html`<button type="button" class="secondary" onClick=${flush}>Send now</button>`}
    </section>`}

    <section aria-labelledby="open-h">
      <h2 id="open-h">Open now</h2>
      ${sessions.error && html`<${Notice} kind="error">${refusal(sessions.error.code)}</${Notice}>`}
      ${open.length === 0 && !sessions.loading && html`<${Empty}>${T.nothingOpen}</${Empty}>`}
      <ul class="cards">
        ${open.map((s) => html`<li class="card" key=${s.sessionId} data-test="open-session">
          <strong>${s.subjectName || s.subjectId}</strong>
          <span>until ${time(s.closesAt)} · late after ${time(s.lateAt)}</span>
          ${s.marked || decisions[s.sessionId]
            ? html`<span class="ok-text">${decisions[s.sessionId] ? html`<${Badge} status=${decisions[s.sessionId]} />` : '✓ Marked'}</span>`
            : html`<span>${s.mode === 'QR' ? 'Scan the code' : s.mode === 'OTP' ? 'Type the code' : 'Scan or type the code'}</span>`}
        </li>`)}
      </ul>
    </section>

  </${Page}>`;
}

function OtpForm({ sessions, onAccepted }) {
  const [otp, setOtp] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const submissionRef = useRef(null);
  const chosen = sessionId || sessions[0]?.sessionId || '';
  if (sessions.length === 0) return null;

  const send = async (e) => {
    e.preventDefault();
    if (!/^\d{4}$/.test(otp)) {
      setMessage({ kind: 'error', text: 'The code has 4 digits.' });
      return;
    }
    setBusy(true);
    // the same submission id until this code gets an answer, so a retry after a lost answer counts once
    submissionRef.current ??= uuid();
    const location = currentLocation();
    try {
      const r = await api(`/api/v1/sessions/${chosen}/otp-attempts`, { method: 'POST',
        body: { submissionId: submissionRef.current, otp, ...(location && { location }) }, headers: await deviceHeaders() });
      submissionRef.current = null;
      setOtp('');
      setMessage(null);
      onAccepted(r, chosen);
    } catch (err) {
      if (err.code === 'NETWORK') {
        setMessage({ kind: 'error', text: 'No connection — a typed code cannot be kept for later because it changes every few seconds. Scan the QR instead: scans are kept on the phone.' });
      } else {
        submissionRef.current = null;
        setMessage({ kind: 'error', text: refusal(err.code, err.problem) });
      }
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="otp" onSubmit=${send} aria-labelledby="otp-h" novalidate>
    <h2 id="otp-h">${T.typeCode}</h2>
    ${sessions.length > 1 && html`<label>Class
      <select value=${chosen} onChange=${(e) => setSessionId(e.target.value)}>
        ${sessions.map((s) => html`<option value=${s.sessionId}>${s.subjectName || s.subjectId}</option>`)}
      </select></label>`}
    <div class="row">
      <label for="otp" class="visually-hidden">4-digit code</label>
      <input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="4" pattern="[0-9]{4}"
        placeholder="0000" value=${otp} onFocus=${watchLocation} onInput=${(e) => setOtp(e.target.value.replace(/\D/g, '').slice(0, 4))} data-test="otp" />
      <button type="submit" class="primary" disabled=${busy}>${T.send}</button>
    </div>
    <div aria-live="polite" data-test="otp-message">${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}</div>
  </form>`;
}

export function StudentHistory({ settings }) {
  const summary = useLoad(() => api('/api/v1/me/summary'), []);
  const from = settings.termStart || `${today().slice(0, 4)}-01-01`;
  const history = useLoad(() => api(`/api/v1/me/attendance?from=${from}&to=${today()}`), []);
  const [error, setError] = useState(null);
  const threshold = settings.atRiskThreshold ?? 0.75;
  const rows = summary.data || [];
  const byDay = new Map();
  for (const h of history.data || []) {
    if (!byDay.has(h.date)) byDay.set(h.date, []);
    byDay.get(h.date).push(h);
  }
  const days = [...byDay.keys()].sort().reverse();
  const names = Object.fromEntries(rows.map((r) => [r.subjectId, r.subjectName || r.subjectId]));
  const get = (format) => download(`/api/v1/exports/statement?format=${format}`, `statement.${format}`)
    .then(() => setError(null), (e) => setError(refusal(e.code)));

  return html`<${Page} title="My attendance" tabs=${STUDENT_TABS}>
    <section aria-labelledby="rates-h">
      <h2 id="rates-h">This term, by subject</h2>
      ${rows.length === 0 && !summary.loading && html`<${Empty}>No classes recorded yet this term.</${Empty}>`}
      <ul class="cards rates">
        ${rows.map((r) => html`<li class=${`card ${r.rate != null && r.rate < threshold ? 'at-risk' : ''}`} key=${r.subjectId}>
          <strong>${r.subjectName || r.subjectId}</strong>
          <span class="big-number">${percent(r.rate)}</span>
          <span>${r.attended} of ${r.held} ${r.held === 1 ? 'class' : 'classes'} attended</span>
          <span>${r.toReachThreshold == null ? `You can no longer reach ${percent(threshold)} this term — talk to your teacher.`
            : r.toReachThreshold === 0 ? `At or above ${percent(threshold)}.`
            : `Attend the next ${r.toReachThreshold} in a row to reach ${percent(threshold)}.`}</span>
        </li>`)}
      </ul>
    </section>
    <section aria-labelledby="stmt-h">
      <h2 id="stmt-h">Statement</h2>
      <p>Every class of this term with its mark, for the college office or a scholarship.</p>
      <div class="row"><button type="button" class="secondary" onClick=${() => get('pdf')}>Download PDF</button>
        <button type="button" class="secondary" onClick=${() => get('xlsx')}>Download Excel</button></div>
      ${error && html`<${Notice} kind="error">${error}</${Notice}>`}
    </section>
    <section aria-labelledby="days-h">
      <h2 id="days-h">Day by day</h2>
      ${days.length === 0 && !history.loading && html`<${Empty}>Nothing yet.</${Empty}>`}
      <ol class="days">
        ${days.map((d) => html`<li key=${d}><h3>${day(d)}</h3><ul>
          ${byDay.get(d).map((h) => html`<li key=${h.sessionId}><${Badge} status=${h.status} /> ${names[h.subjectId] || h.subjectId}
            ${h.at && html`<span class="muted"> · ${time(h.at)}</span>`}
            ${h.status === 'FLAGGED' && h.flags?.length ? html`<br /><span class="small">Your teacher checks this one: ${flagWords(h.flags).join('; ')}</span>` : ''}</li>`)}
        </ul></li>`)}
      </ol>
    </section>
  </${Page}>`;
}
