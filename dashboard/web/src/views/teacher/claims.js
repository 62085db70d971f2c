// Claims waiting for a decision: a teacher's "I was there" claims for their sessions, and for the college office
// (admins) every claim — the student's words, the classes, the documents, and Approve / Reject with a note.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, Badge, useLoad } from '../../ui.js';
import { api, download } from '../../api.js';
import { refusal, CLAIM_STATUS, claimKindWord, statusWord, methodWord, flagWords } from '../../messages.js';
import { day, dayTime, time } from '../../dates.js';

function Evidence({ claim }) {
  const s = claim.sessions[0];
  const seen = useLoad(() => api(`/api/v1/reports/evidence?sessionId=${s.sessionId}&studentEmail=${encodeURIComponent(claim.studentEmail)}`),
    [s.sessionId, claim.studentEmail]);
  const e = seen.data;
  if (seen.error) return html`<p class="small muted">What the app recorded could not be read (${refusal(seen.error.code)}).</p>`;
  if (!e) return html`<p class="small muted">Reading what the app recorded…</p>`;
  return html`<div class="evidence" data-test="claim-evidence">
    <strong>What the app recorded</strong>
    <span>Now marked: ${e.status ? statusWord(e.status) : 'nothing yet'}${e.flags?.length ? ` — ${flagWords(e.flags).join('; ')}` : ''}</span>
    ${e.attempts.length === 0 ? html`<span>No scan or code from this student reached the server during the class.</span>`
      : html`<ul class="small">${e.attempts.map((a, i) => html`<li key=${i}>${time(a.at)} · ${a.outcome === 'ACCEPTED' ? 'accepted' : `refused (${a.outcome.toLowerCase().replaceAll('_', ' ')})`}
        · ${methodWord(a.method)}${a.offline ? ', sent later (offline)' : ''}${a.device ? ` · phone ${a.device.slice(0, 8)}` : ''}
        ${a.flags?.length ? ` · ${flagWords(a.flags).join('; ')}` : ''}</li>`)}</ul>`}
  </div>`;
}

/** The covered classes with the student's mark in each as it stands (the history the reviewer may read). */
function Covered({ c }) {
  const marks = useLoad(() => api(`/api/v1/reports/student-history?studentEmail=${encodeURIComponent(c.studentEmail)}&from=${c.from}&to=${c.to}`)
    .then((rows) => Object.fromEntries(rows.map((h) => [h.sessionId, h.status]))), [c.claimId]);
  return html`<ul class="covered">${c.sessions.map((s) => html`<li key=${s.sessionId}>
    ${marks.data?.[s.sessionId] ? html`<${Badge} status=${marks.data[s.sessionId]} />` : ''} ${day(s.date)}, ${time(s.startedAt)} · ${s.subjectName}</li>`)}</ul>`;
}

function ClaimToDecide({ c, onDecided }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const decide = async (approve) => {
    setBusy(true);
    try {
      const done = await api(`/api/v1/claims/${c.claimId}/decision`, { method: 'POST', body: { approve, note } });
      onDecided(done);
    } catch (e) {
      setError(refusal(e.code) + (e.problem?.detail ? ` (${e.problem.detail})` : ''));
    } finally {
      setBusy(false);
    }
  };
  const open = c.status === 'OPEN';
  return html`<li class="card claim-review" data-test="claim-to-decide">
    <div class="claim-head"><strong>${c.studentName}</strong> <span class="muted">${c.rollNo ? `roll ${c.rollNo} · ` : ''}${c.classId || ''}</span></div>
    <span><strong>${claimKindWord(c.kind)}</strong> · ${c.from === c.to ? day(c.from) : `${day(c.from)} – ${day(c.to)}`} · filed ${dayTime(c.filedAt)}</span>
    ${c.comment && html`<blockquote>${c.comment}</blockquote>`}
    <${Covered} c=${c} />
    ${c.documents.length > 0 && html`<div class="row">${c.documents.map((d) => html`<button type="button" class="secondary" key=${d.documentId}
        data-test="claim-document" onClick=${() => download(`/api/v1/claims/${c.claimId}/documents/${d.documentId}`, d.fileName)
          .catch((e) => setError(refusal(e.code)))}>⤓ ${d.fileName} (${Math.ceil(d.sizeBytes / 1024)} KB)</button>`)}</div>`}
    ${c.kind === 'WAS_THERE' && c.sessions.length === 1 && html`<${Evidence} claim=${c} />`}
    ${open ? html`<label>Note to the student (needed to reject)
        <textarea rows="2" maxlength="1000" value=${note} onInput=${(e) => setNote(e.target.value)} data-test="claim-decision-note"></textarea></label>
      <div class="row">
        <button type="button" class="primary" disabled=${busy} onClick=${() => decide(true)} data-test="claim-approve">
          ${c.kind === 'WAS_THERE' ? 'Approve — mark present' : `Approve — excuse the absence${c.sessions.length > 1 ? 's' : ''}`}</button>
        <button type="button" class="secondary" disabled=${busy} onClick=${() => decide(false)} data-test="claim-reject">Reject</button>
      </div>`
      : html`<span>${CLAIM_STATUS[c.status]}${c.decidedBy ? ` by ${c.decidedBy}` : ''}${c.decisionNote ? ` — “${c.decisionNote}”` : ''}</span>`}
    ${error && html`<${Notice} kind="error">${error}</${Notice}>`}
  </li>`;
}

export function ReviewClaims({ me }) {
  const [status, setStatus] = useState('OPEN');
  const claims = useLoad(() => api(`/api/v1/claims?status=${status}`), [status]);
  const [message, setMessage] = useState(null);
  const list = claims.data || [];
  return html`<${Page} title="Claims" wide>
    <p>${me.role === 'ADMIN'
      ? 'Absence claims with their reasons and documents — the college office decides these — and the “I was there” claims teachers have not decided. Approving an absence claim excuses each class the student missed (a class they attended keeps its mark); approving “I was there” marks them present; rejecting keeps the marks and tells the student your note.'
      : 'Students who say they were in your class though their scan did not count. Check what the app recorded, then decide: approving marks them present; rejecting keeps the mark and tells the student your note.'}</p>
    <div class="row" role="group" aria-label="Which claims">
      ${['OPEN', 'APPROVED', 'REJECTED', 'WITHDRAWN'].map((s) => html`<button type="button" key=${s} class=${status === s ? 'primary' : 'secondary'}
        aria-pressed=${status === s} onClick=${() => setStatus(s)}>${s === 'OPEN' ? 'Waiting' : CLAIM_STATUS[s]}</button>`)}
    </div>
    ${message && html`<${Notice} kind="ok" testId="claim-decided">${message}</${Notice}>`}
    ${list.length === 0 && !claims.loading && html`<${Empty}>${status === 'OPEN' ? 'No claims are waiting.' : 'None.'}</${Empty}>`}
    <ul class="cards">${list.map((c) => html`<${ClaimToDecide} key=${c.claimId} c=${c}
      onDecided=${(d) => { setMessage(`${d.studentName}: claim ${d.status === 'APPROVED' ? 'approved' : 'rejected'}.`); claims.reload(); }} />`)}</ul>
  </${Page}>`;
}
