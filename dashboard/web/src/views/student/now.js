// The student's "Now": scan or type the code, the classes open now, what the phone keeps while offline.
import { useEffect, useState } from 'preact/hooks';
import { html, Page, Badge, Notice, Empty, useLoad, useOnline } from '../../ui.js';
import { api } from '../../api.js';
import { registerDevice } from '../../device.js';
import { connectNotices } from '../../ws.js';
import { pushState, enablePush } from '../../push.js';
import { locationState, onLocationState } from '../../location.js';
import { refusal, DEVICE, T, claimDecidedWords } from '../../messages.js';
import { time, dayTime, today } from '../../dates.js';
import { useCapture } from './capture.js';
import { OtpForm } from './otp-form.js';
import { CheckInForm } from './check-in-form.js';

const CAMERA_HELP = {
  denied: 'The camera is blocked for this site. Allow it in the browser’s site settings, then tap Try again — or type the 4-digit code.',
  none: 'No camera was found. Type the 4-digit code instead.',
  busy: 'Another app is using the camera. Close it, then tap Try again.',
  insecure: 'The camera only works over a secure (https) address. Ask the college for the https link, or type the 4-digit code.',
  other: 'The camera did not start. Tap Try again, or type the 4-digit code.',
};

export function StudentNow({ me }) {
  const online = useOnline();
  const [device, setDevice] = useState('ACTIVE');
  const sessions = useLoad(() => api('/api/v1/me/open-sessions'), []);
  const classes = useLoad(() => api('/api/v1/me/timetable'), []);
  const special = useLoad(() => api(`/api/v1/calendar?from=${today()}&to=${today()}`), []);
  const { scanning, cameraError, result, setResult, items, synced, video, openCamera, closeCamera, flush, answered } =
    useCapture({ online, onChange: () => sessions.reload() });

  // this phone, each time the app starts: bound on first sign-in (first device ACTIVE; another PENDING until a
  // teacher approves); the same phone again gets its current state (the call is idempotent)
  useEffect(() => {
    registerDevice(me.email).then(setDevice, (e) => (e.code === 'DEVICE_BLOCKED' ? setDevice('BLOCKED')
      : setResult({ kind: 'error', text: refusal(e.code) })));
  }, []);

  const [decisions, setDecisions] = useState({}); // sessionId -> status
  const [claim, setClaim] = useState(null); // a claim decided while the app is open
  useEffect(() => connectNotices((m) => {
    if (m.type === 'session-opened') sessions.reload();
    if (m.type === 'decision') setDecisions((d) => ({ ...d, [m.sessionId]: m.status }));
    if (m.type === 'claim') setClaim(m);
  }), []);

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

  return html`<${Page} title="Mark attendance">
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

    ${claim && html`<${Notice} kind=${claim.status === 'APPROVED' ? 'ok' : 'warn'} testId="claim-decided">${claimDecidedWords(claim)}${' '}
      <a href="#/claims">See your claims</a></${Notice}>`}

    <div aria-live="polite" data-test="result">
      ${result && html`<${Notice} kind=${result.kind}>${result.text}
        ${decided && html`<span class="decision" data-test="decision"> Decision: <${Badge} status=${decided} /></span>`}</${Notice}>`}
    </div>

    <${OtpForm} sessions=${otpSessions} onAccepted=${answered} />
    <${CheckInForm} sessions=${open.filter((s) => s.delivery && s.delivery !== 'IN_ROOM')} />

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
          <span>until ${time(s.closesAt)} · late after ${time(s.lateAt)}${s.delivery === 'ONLINE' ? ' · online' : s.delivery === 'HYBRID' ? ' · in the room or online' : ''}</span>
          ${s.marked || decisions[s.sessionId]
            ? html`<span class="ok-text">${decisions[s.sessionId] ? html`<${Badge} status=${decisions[s.sessionId]} />` : '✓ Marked'}</span>`
            : html`<span>${s.mode === 'QR' ? 'Scan the code' : s.mode === 'OTP' ? 'Type the code' : 'Scan or type the code'}</span>`}
        </li>`)}
      </ul>
    </section>

    <section aria-labelledby="classes-h">
      <h2 id="classes-h">Today’s classes</h2>
      ${special.data?.[0]?.kind === 'HOLIDAY' && html`<${Notice} kind="info" testId="holiday">${T.holiday(special.data[0].name)}</${Notice}>`}
      ${special.data?.[0]?.kind === 'TEACHING' && html`<p class="small">${special.data[0].name}</p>`}
      ${(classes.data || []).length === 0 && !classes.loading && special.data?.[0]?.kind !== 'HOLIDAY' && html`<${Empty}>No classes on your timetable today.</${Empty}>`}
      <ul class="cards compact">
        ${(classes.data || []).map((p) => html`<li class=${`card ${p.cancelled ? 'cancelled' : ''}`} key=${p.periodId} data-test="my-class">
          <strong>${p.startTime.slice(0, 5)} · ${p.subjectName}</strong>
          ${p.cancelled ? html`<span class="warn-text" data-test="cancelled">Cancelled — ${p.cancelled}. Nobody is marked absent.</span>`
            : p.session?.status === 'OPEN' ? html`<span class="ok-text">Open now</span>` : ''}
        </li>`)}
      </ul>
    </section>

  </${Page}>`;
}
