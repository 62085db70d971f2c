// Device approvals: students' new phones waiting for a teacher.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad } from '../../ui.js';
import { api } from '../../api.js';
import { refusal } from '../../messages.js';
import { time, day } from '../../dates.js';

export function Devices() {
  const pending = useLoad(() => api('/api/v1/devices?status=PENDING'), []);
  const [message, setMessage] = useState(null);
  const decide = async (d, verb) => {
    try {
      await api(`/api/v1/devices/${d.deviceId}/${verb}`, { method: 'POST' });
      setMessage({ kind: 'ok', text: `${d.studentEmail}: ${verb === 'approve' ? 'this phone can mark attendance now' : 'request turned down'}.` });
      pending.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const list = pending.data || [];
  return html`<${Page} title="Phones waiting for approval">
    <p>A student who signs in on a new phone needs your approval before it can mark attendance. Approving makes it
      their one phone; the old one stops working.</p>
    ${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}
    ${list.length === 0 && !pending.loading && html`<${Empty}>No phones are waiting.</${Empty}>`}
    <ul class="cards">${list.map((d) => html`<li class="card" key=${d.deviceId} data-test="pending-device">
      <strong>${d.studentEmail}</strong><span>${d.platform} · asked ${day(d.requestedAt)}, ${time(d.requestedAt)}</span>
      <div class="row"><button type="button" class="primary" onClick=${() => decide(d, 'approve')}>Approve</button>
        <button type="button" class="secondary" onClick=${() => decide(d, 'reject')}>Turn down</button></div></li>`)}</ul>
  </${Page}>`;
}
