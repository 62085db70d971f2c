// An online class's check-in: the code the teacher's shared screen shows for a minute, typed here.
import { useState } from 'preact/hooks';
import { html, Notice } from '../../ui.js';
import { api } from '../../api.js';
import { refusal } from '../../messages.js';

export function CheckInForm({ sessions }) {
  const [code, setCode] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const chosen = sessionId || sessions[0]?.sessionId || '';
  if (sessions.length === 0) return null;
  const send = async (e) => {
    e.preventDefault();
    if (!/^\d{4}$/.test(code)) {
      setMessage({ kind: 'error', text: 'The check-in code has 4 digits.' });
      return;
    }
    setBusy(true);
    try {
      await api(`/api/v1/sessions/${chosen}/check-ins/answers`, { method: 'POST', body: { code } });
      setCode('');
      setMessage({ kind: 'ok', text: 'Checked in: your teacher sees you were at the screen.' });
    } catch (err) {
      setMessage({ kind: 'error', text: err.code === 'CONFLICT' ? 'No check-in is open now — type the code when your teacher shows one.'
        : refusal(err.code, err.problem) });
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="otp" onSubmit=${send} aria-labelledby="check-in-h" novalidate data-test="check-in-form">
    <h2 id="check-in-h">Online class check-in</h2>
    <p class="small muted">Now and then your teacher shows a check-in code in the meeting for a minute. Type it here.</p>
    ${sessions.length > 1 && html`<label>Class
      <select value=${chosen} onChange=${(e) => setSessionId(e.target.value)}>
        ${sessions.map((s) => html`<option value=${s.sessionId}>${s.subjectName || s.subjectId}</option>`)}
      </select></label>`}
    <div class="row">
      <label for="check-in-code" class="visually-hidden">Check-in code</label>
      <input id="check-in-code" inputmode="numeric" autocomplete="off" maxlength="4" placeholder="0000" value=${code}
        onInput=${(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 4))} data-test="check-in-input" />
      <button type="submit" class="secondary" disabled=${busy}>Check in</button>
    </div>
    <div aria-live="polite" data-test="check-in-message">${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}</div>
  </form>`;
}
