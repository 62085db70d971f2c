// Device approvals: students' new phones waiting for a teacher.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad } from '../../ui.js';
import { api } from '../../api.js';
import { refusal } from '../../messages.js';
import { time, day } from '../../dates.js';

/** What the phone holds to prove itself, in words. */
function keyWords(key) {
  if (key === 'PASSKEY') return 'Proves itself with a passkey (the student’s fingerprint, face or PIN on the phone)';
  if (key === 'INSTALL_KEY') return 'Proves itself with a key of this app install (the phone has no passkey)';
  return 'Holds no key (an old version of the app)';
}

export function Devices() {
  const pending = useLoad(() => api('/api/v1/devices?status=PENDING'), []);
  const [message, setMessage] = useState(null);
  const decide = async (d, verb) => {
    try {
      await api(`/api/v1/devices/${d.deviceId}/${verb}`, { method: 'POST' });
      setMessage({ kind: 'ok', text: `${d.studentName || d.studentEmail}: ${verb === 'approve' ? 'this phone can mark attendance now' : 'request turned down'}.` });
      pending.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const list = pending.data || [];
  return html`<${Page} title="Phones waiting for approval">
    <p>A student who signs in on a new phone needs your approval before it can mark attendance. Approving makes it
      their one phone; the old one stops working. Approve only when you know it is the student's own phone (ask them to
      show it): someone else signed in as the student on their own phone looks exactly like this.</p>
    ${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}
    ${list.length === 0 && !pending.loading && html`<${Empty}>No phones are waiting.</${Empty}>`}
    <ul class="cards">${list.map((d) => html`<li class="card" key=${d.deviceId} data-test="pending-device">
      <strong>${d.studentName || d.studentEmail}${d.rollNo ? html` <span class="muted">· roll ${d.rollNo}</span>` : ''}</strong>
      <span class="muted">${d.studentEmail}</span><span>${d.platform} · asked ${day(d.requestedAt)}, ${time(d.requestedAt)}</span>
      <span data-test="device-key">${keyWords(d.key)}${d.looksLikeActive
        ? ' · the same model and settings as their current phone (a reinstall, or another phone of that model)' : ''}</span>
      <div class="row"><button type="button" class="primary" onClick=${() => decide(d, 'approve')}>Approve</button>
        <button type="button" class="secondary" onClick=${() => decide(d, 'reject')}>Turn down</button></div></li>`)}</ul>
  </${Page}>`;
}
