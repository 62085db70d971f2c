// A spot check in the room (docs/rules.md, "Rings"): the department asked the teacher to see these students raise a
// hand. The teacher says who was there; the answer goes back to the ring. Nothing is marked by it: a student marked but
// not in the room is the teacher's to mark, with one more click.
import { useState } from 'preact/hooks';
import { html, Notice, useLoad } from '../../ui.js';
import { api } from '../../api.js';
import { refusal } from '../../messages.js';

const MARKED = new Set(['PRESENT', 'LATE', 'FLAGGED']);

export function SpotChecks({ classId, sessionId, statusOf, mark }) {
  const checks = useLoad(() => (classId ? api(`/api/v1/spot-checks?classId=${encodeURIComponent(classId)}`) : Promise.resolve([])), [classId]);
  const [answers, setAnswers] = useState({}); // checkId -> {email: IN_ROOM | NOT_IN_ROOM}
  const [done, setDone] = useState({}); // checkId -> answered check
  const [message, setMessage] = useState(null);
  const list = (checks.data || []).filter((c) => !done[c.checkId]);
  if (list.length === 0 && Object.keys(done).length === 0) return null;

  const send = async (c) => {
    const chosen = answers[c.checkId] || {};
    const body = { sessionId, answers: Object.fromEntries(c.members.map((m) => [m.email,
      MARKED.has(statusOf[m.email]) ? chosen[m.email] : 'NOT_MARKED'])) };
    if (Object.values(body.answers).some((a) => !a)) {
      setMessage({ kind: 'error', text: 'Say for each marked student whether they raised a hand.' });
      return;
    }
    try {
      setDone({ ...done, [c.checkId]: await api(`/api/v1/spot-checks/${c.checkId}/answer`, { method: 'POST', body }) });
      setMessage(null);
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const choose = (c, email, a) => setAnswers({ ...answers, [c.checkId]: { ...(answers[c.checkId] || {}), [email]: a } });
  const name = (m) => m.name || m.email;

  return html`<section aria-labelledby="spot-h" class="alerts" data-test="spot-checks">
    <h2 id="spot-h">Spot check</h2>
    ${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}
    ${list.map((c) => {
      const marked = c.members.filter((m) => MARKED.has(statusOf[m.email]));
      return html`<div key=${c.checkId} data-test="spot-check">
        <p>Asked by ${c.requestedBy}: these students’ marks keep arriving together. Ask them to raise a hand.</p>
        ${marked.length === 0 ? html`<p class="muted">None of them is marked yet — this waits until one is.</p>` : html`<ul>
          ${c.members.map((m) => html`<li key=${m.email}><strong>${name(m)}</strong>${m.rollNo ? ` (${m.rollNo})` : ''}
            ${MARKED.has(statusOf[m.email]) ? html`<span class="actions inline" role="group" aria-label=${`Was ${name(m)} here?`}>
              ${[['IN_ROOM', 'Raised a hand', 'in-room'], ['NOT_IN_ROOM', 'Not here', 'not-in-room']].map(([a, label, test]) => {
                const on = (answers[c.checkId] || {})[m.email] === a;
                return html`<button type="button" class=${on ? 'primary small' : 'secondary small'} aria-pressed=${on ? 'true' : 'false'}
                  onClick=${() => choose(c, m.email, a)} data-test=${test}>${label}</button>`;
              })}</span>`
              : html` <span class="muted">not marked in this class</span>`}</li>`)}</ul>
          <button type="button" class="primary small" onClick=${() => send(c)} data-test="spot-send">Send the answer</button>`}
      </div>`;
    })}
    ${Object.values(done).map((c) => {
      const absent = c.members.filter((m) => c.answers[m.email] === 'NOT_IN_ROOM');
      return html`<div key=${c.checkId} data-test="spot-done"><p>Thank you — the answer is with the department.</p>
        ${absent.map((m) => html`<p>${name(m)} is marked but was not here.
          <button type="button" class="secondary small" onClick=${() => mark(m.email, 'ABSENT', 'not in the room at a spot check')}>
            Mark ${name(m)} absent</button></p>`)}</div>`;
    })}
  </section>`;
}
