// One session, live: who is in, flags and refusals, manual marks, close.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html, Page, Badge, Notice, Empty, useLoad } from '../../ui.js';
import { api } from '../../api.js';
import { refusal, T, flagWords, alertWords, STATUS, methodWord } from '../../messages.js';
import { time, day } from '../../dates.js';
import { subjectsById, useLive } from './shared.js';
import { OnlinePanel } from './online.js';
import { SpotChecks } from './spot-checks.js';

function SessionHeader({ session, subject }) {
  return html`<p class="lead">${subject ? `${subject.subjectName} · ${subject.classId}` : session?.subjectId}
    ${session && html` · ${day(session.startedAt)}, ${time(session.startedAt)}–${time(session.closesAt)}`}</p>`;
}

export function TeacherSession({ id }) {
  const session = useLoad(() => api(`/api/v1/sessions/${id}`), [id]);
  const subjects = useLoad(() => api('/api/v1/me/subjects'), []);
  const [view, state] = useLive(id);
  const [message, setMessage] = useState(null);
  const [marking, setMarking] = useState(null); // email
  const subject = session.data && subjectsById(subjects.data)[session.data.subjectId];
  const open = (view?.status || session.data?.status) === 'OPEN';

  const mark = async (studentEmail, status, reason) => {
    try {
      await api(`/api/v1/sessions/${id}/marks`, { method: 'POST', body: { studentEmail, status, reason } });
      setMessage({ kind: 'ok', text: `${studentEmail}: ${STATUS[status].word}.` });
      setMarking(null);
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const close = async () => {
    if (!confirm(T.closeConfirm)) return;
    try {
      await api(`/api/v1/sessions/${id}/close`, { method: 'POST' });
      session.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const c = view?.counts || {};
  const flagged = new Set((view?.alerts || []).flatMap((a) => a.students));
  const names = Object.fromEntries((view?.students || []).map((s) => [s.email, s.name]));
  const statusOf = Object.fromEntries((view?.students || []).map((s) => [s.email, s.status]));

  return html`<${Page} title="Live roster" wide>
    <${SessionHeader} session=${session.data} subject=${subject} />
    ${session.error && html`<${Notice} kind="error">${refusal(session.error.code)}</${Notice}>`}
    ${state === 'reconnecting' && html`<p class="reconnecting" role="status">${T.reconnecting}</p>`}
    <div class="toolbar">
      ${open && html`<a class="button primary" href=${`#/project/${id}`} target="_blank" rel="noopener" data-test="project">Show the code on the projector</a>`}
      ${open && html`<button type="button" class="danger" onClick=${close} data-test="close">Close attendance</button>`}
      ${!open && session.data && html`<span class="muted">Closed ${session.data.closedAt ? time(session.data.closedAt) : ''}</span>`}
    </div>
    <dl class="counts" data-test="counts">
      ${['present', 'late', 'flagged', 'absent', 'excused', 'pending'].map((k) => html`<div class=${`count s-${k}`}>
        <dt>${STATUS[k.toUpperCase()].word}</dt><dd data-test=${`count-${k}`}>${c[k] ?? 0}</dd></div>`)}
    </dl>
    ${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}
    ${session.data && session.data.delivery && session.data.delivery !== 'IN_ROOM' && html`<${OnlinePanel} id=${id} open=${open} />`}
    ${open && subject && view && html`<${SpotChecks} classId=${subject.classId} sessionId=${id} statusOf=${statusOf} mark=${mark} />`}
    ${(view?.alerts || []).length > 0 && html`<section aria-labelledby="alerts-h" class="alerts">
      <h2 id="alerts-h">Spotted by the system</h2>
      <ul>${view.alerts.map((a) => {
        const w = alertWords(a);
        // a doubtful mark is decided where it is reported: one action, without finding the row
        const waiting = a.type === 'FLAGGED' ? a.students.filter((e) => statusOf[e] === 'FLAGGED') : [];
        return html`<li key=${`${a.type}${a.at}${a.students.join()}`} data-test="alert"><strong>${w.title}</strong>
          ${' '}${a.students.map((e) => names[e] || e).join(', ')} · ${time(a.at)}${w.detail ? html` · <span>${w.detail}</span>` : ''}
          ${waiting.map((e) => html`<span class="actions inline">
            <button type="button" class="primary small" onClick=${() => mark(e, 'PRESENT', 'accepted after review')}>Accept<span class="visually-hidden"> ${names[e] || e}</span></button>
            <button type="button" class="secondary small" onClick=${() => mark(e, 'ABSENT', 'rejected after review')}>Reject<span class="visually-hidden"> ${names[e] || e}</span></button></span>`)}</li>`;
      })}</ul>
    </section>`}
    ${!view && state !== 'ended' && html`<p class="muted">Loading the roster…</p>`}
    ${view && view.students.length === 0 && html`<${Empty}>Nobody is enrolled in this class.</${Empty}>`}
    ${view && view.students.length > 0 && html`<table class="roster" data-test="roster">
      <caption class="visually-hidden">Students and their marks</caption>
      <thead><tr><th scope="col">Student</th><th scope="col">Mark</th><th scope="col">How</th><th scope="col">When</th><th scope="col">Actions</th></tr></thead>
      <tbody>${view.students.map((s) => html`<tr key=${s.email} data-email=${s.email} class=${s.status === 'FLAGGED' || flagged.has(s.email) ? 'flagged' : ''}>
        <th scope="row">${s.name}<br /><span class="muted small">${s.email}</span></th>
        <td data-test="status"><${Badge} status=${s.status} />${s.offline ? html` <span class="tag" data-test="offline">offline</span>` : ''}
          ${s.flags?.length ? html`<br /><span class="small warn-text">${flagWords(s.flags).join('; ')}</span>` : ''}</td>
        <td>${methodWord(s.method)}</td>
        <td>${s.at ? time(s.at) : ''}</td>
        <td><div class="actions">
          ${s.status === 'FLAGGED' && html`<button type="button" class="primary small" onClick=${() => mark(s.email, 'PRESENT', 'accepted after review')}>Accept</button>
            <button type="button" class="secondary small" onClick=${() => mark(s.email, 'ABSENT', 'rejected after review')}>Reject</button>`}
          ${marking === s.email
            ? html`<${MarkForm} onMark=${(st, reason) => mark(s.email, st, reason)} onCancel=${() => setMarking(null)} />`
            : html`<button type="button" class="link" onClick=${() => setMarking(s.email)}>Mark…<span class="visually-hidden"> ${s.name}</span></button>`}
        </div></td></tr>`)}</tbody>
    </table>`}
  </${Page}>`;
}

function MarkForm({ onMark, onCancel }) {
  const [status, setStatus] = useState('PRESENT');
  const [reason, setReason] = useState('');
  const input = useRef(null);
  useEffect(() => input.current?.focus(), []);
  return html`<form class="mark" onSubmit=${(e) => { e.preventDefault(); onMark(status, reason || 'marked by the teacher'); }}>
    <label>Mark<select ref=${input} value=${status} onChange=${(e) => setStatus(e.target.value)}>
      ${['PRESENT', 'LATE', 'ABSENT', 'EXCUSED'].map((s) => html`<option value=${s}>${STATUS[s].word}</option>`)}</select></label>
    <label>Reason<input value=${reason} maxlength="500" onInput=${(e) => setReason(e.target.value)} placeholder="e.g. medical note" /></label>
    <button type="submit" class="primary small">Save</button>
    <button type="button" class="link" onClick=${onCancel}>Cancel</button>
  </form>`;
}
