// Rings: classmates whose marks keep coming together (docs/rules.md, "Rings"), for the department and the classes'
// teachers — a question to ask in the room, never a penalty.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad } from '../ui.js';
import { api } from '../api.js';
import { refusal, ringEvidence, RING_STATUS } from '../messages.js';
import { day } from '../dates.js';

function who(m) {
  return m.name ? `${m.name}${m.rollNo ? ` (${m.rollNo})` : ''}` : m.email;
}

export function Rings({ me }) {
  const rings = useLoad(() => api('/api/v1/rings'), []);
  const [message, setMessage] = useState(null);
  const check = async (r) => {
    try {
      await api(`/api/v1/rings/${r.ringId}/spot-checks`, { method: 'POST' });
      setMessage({ kind: 'ok', text: `Spot check asked: the teacher of ${r.classId} sees it in the class’s next session.` });
      rings.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const run = async () => {
    try {
      const p = await api('/api/v1/rings/run', { method: 'POST' });
      setMessage({ kind: 'ok', text: `Looked through ${p.marks} marks of ${p.classes} classes: ${p.found} rings, ${p.listedNew} new.` });
      rings.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const list = rings.data || [];
  return html`<${Page} title="Students whose marks keep coming together">
    <p>Each mark of these students passed on its own. Together they are unlikely by chance: marks that arrive within
      seconds of each other class after class with the same one first (one person with two phones looks like this), or
      flagged in the same classes. A friend who always walks in just ahead can look the same — so this is a question to
      ask, not a verdict: ask for a${' '}
      <strong>spot check</strong> and the class’s teacher is asked, in the next session, to see these students raise a hand.</p>
    ${me?.role === 'ADMIN' && html`<p><button type="button" class="secondary" onClick=${run} data-test="rings-run">Look again now</button>
      <span class="muted small"> (the platform looks every night)</span></p>`}
    ${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}
    ${rings.error && html`<${Notice} kind="error">${refusal(rings.error.code)}</${Notice}>`}
    ${list.length === 0 && !rings.loading && html`<${Empty}>No rings found in the last eight weeks.</${Empty}>`}
    <ul class="cards">${list.map((r) => html`<li class="card" key=${r.ringId} data-test="ring">
      <strong>${r.members.map(who).join(' · ')}</strong>
      <span>${r.classId} · ${RING_STATUS[r.status]} · found ${day(r.firstFoundAt)}</span>
      <span data-test="ring-evidence">${ringEvidence(r)}</span>
      ${r.lastCheck?.answeredAt && html`<span class="small" data-test="ring-answer">Spot check ${day(r.lastCheck.answeredAt)}: ${
        r.members.map((m) => `${who(m)} ${({ IN_ROOM: 'in the room', NOT_IN_ROOM: 'marked but not in the room', NOT_MARKED: 'not marked' })[r.lastCheck.answers[m.email]] || '—'}`).join('; ')}</span>`}
      ${r.status !== 'CHECK_REQUESTED' && html`<div class="row"><button type="button" class="primary" onClick=${() => check(r)}
        data-test="ring-check">Spot check in their next class</button></div>`}
    </li>`)}</ul>
  </${Page}>`;
}
