// The 4-digit code, typed: one submission id until it gets an answer, never kept for later (it changes every few seconds).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html, Notice } from '../../ui.js';
import { api, uuid } from '../../api.js';
import { deviceHeaders, deviceProof, otpCode } from '../../device.js';
import { watchLocation, currentLocation } from '../../location.js';
import { refusal, T } from '../../messages.js';
import { leaveWatch } from '../../left-app.js';

export function OtpForm({ sessions, onAccepted }) {
  const [otp, setOtp] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const submissionRef = useRef(null);
  // from the moment the student starts on a code until it is sent: did they leave the app (to ask someone for it)?
  const leaving = useRef(null);
  leaving.current ??= leaveWatch();
  useEffect(() => () => leaving.current.stop(), []);
  const chosen = sessionId || sessions[0]?.sessionId || '';
  if (sessions.length === 0) return null;
  const started = () => {
    watchLocation();
    leaving.current.start();
  };

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
    const leftApp = leaving.current.take();
    try {
      let proof;
      try {
        proof = await deviceProof(otpCode(chosen, otp));
      } catch {
        setMessage({ kind: 'error', text: T.unlockCancelled });
        return;
      }
      const r = await api(`/api/v1/sessions/${chosen}/otp-attempts`, { method: 'POST',
        body: { submissionId: submissionRef.current, otp, ...(location && { location }), ...(leftApp && { leftApp }),
          ...(proof && { proof }) },
        headers: await deviceHeaders() });
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
        placeholder="0000" value=${otp} onFocus=${started} onInput=${(e) => setOtp(e.target.value.replace(/\D/g, '').slice(0, 4))} data-test="otp" />
      <button type="submit" class="primary" disabled=${busy}>${T.send}</button>
    </div>
    <div aria-live="polite" data-test="otp-message">${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}</div>
  </form>`;
}
