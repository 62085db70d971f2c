// The student's "Claims": say you were there when a scan did not count, or why you were away (with a certificate),
// and follow each claim to its decision.
import { useEffect, useState } from 'preact/hooks';
import { connectNotices } from '../../ws.js';
import { html, Page, Notice, Empty, useLoad } from '../../ui.js';
import { api, authFetch, ApiError } from '../../api.js';
import { refusal, CLAIM_KINDS, CLAIM_STATUS, claimKindWord, reviewerWord, statusWord } from '../../messages.js';
import { day, dayTime, time, today } from '../../dates.js';

const MAX_FILES = 3;
const MAX_BYTES = 5 * 1024 * 1024;
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/** The day `n` days before `iso` (a yyyy-mm-dd date). */
function daysBefore(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

/** Uploads one file as it is (the server reads what it is from its bytes); its document id. */
async function upload(file) {
  const res = await authFetch(`/api/v1/me/claim-documents?name=${encodeURIComponent(file.name)}`, {
    method: 'POST', headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body);
  return body.documentId;
}

function ClaimForm({ sessions, names, preselected, onFiled }) {
  const [kind, setKind] = useState(preselected ? 'WAS_THERE' : 'MEDICAL');
  const [sessionId, setSessionId] = useState(preselected || '');
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(today());
  const [comment, setComment] = useState('');
  const [files, setFiles] = useState([]);
  const [picker, setPicker] = useState(0); // a new file input after each claim: the old one would still show its files
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const forSession = kind === 'WAS_THERE' || preselected;
  const earliest = daysBefore(today(), 7);
  const pick = (list) => {
    const chosen = [...list];
    const wrong = chosen.find((f) => !TYPES.includes(f.type));
    const big = chosen.find((f) => f.size > MAX_BYTES);
    if (chosen.length > MAX_FILES) setError(`Attach at most ${MAX_FILES} files.`);
    else if (wrong) setError(`${wrong.name}: ${refusal('UNSUPPORTED_DOCUMENT')}`);
    else if (big) setError(`${big.name} is larger than 5 MB. Take a smaller photo or scan it as a PDF.`);
    else setError(null);
    setFiles(chosen.length <= MAX_FILES && !wrong && !big ? chosen : []);
  };
  const submit = async (e) => {
    e.preventDefault();
    if (forSession && !sessionId) {
      setError('Choose the class.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const documentIds = [];
      for (const f of files) documentIds.push(await upload(f));
      const claim = await api('/api/v1/me/claims', { method: 'POST', body: { kind, comment,
        ...(forSession ? { sessionId } : { from, to }), documentIds } });
      setComment('');
      setFiles([]);
      setPicker((n) => n + 1);
      onFiled(claim);
    } catch (err) {
      setError(refusal(err.code) + (err.problem?.detail && ['CLAIM_TOO_LATE', 'CONFLICT', 'NOT_FOUND', 'VALIDATION_FAILED'].includes(err.code)
        ? ` (${err.problem.detail})` : ''));
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card claim-form" onSubmit=${submit} data-test="claim-form">
    <fieldset><legend>What happened?</legend>
      ${Object.entries(CLAIM_KINDS).map(([k, v]) => html`<label class="choice" key=${k}>
        <input type="radio" name="kind" value=${k} checked=${kind === k} onChange=${() => setKind(k)} data-test=${`kind-${k}`} />
        <span><strong>${v.word}</strong><br /><span class="muted small">${v.hint}</span></span></label>`)}
    </fieldset>
    ${forSession ? html`<label>Which class
        <select value=${sessionId} onChange=${(e) => setSessionId(e.target.value)} data-test="claim-session" required>
          <option value="">Choose…</option>
          ${sessions.map((s) => html`<option value=${s.sessionId} key=${s.sessionId}>${day(s.date)} · ${names[s.subjectId] || s.subjectId} · ${statusWord(s.status)}</option>`)}
        </select></label>`
      : html`<div class="row">
        <label>From <input type="date" value=${from} min=${earliest} max=${today()} onInput=${(e) => setFrom(e.target.value)} data-test="claim-from" required /></label>
        <label>To <input type="date" value=${to} min=${from} max=${today()} onInput=${(e) => setTo(e.target.value)} data-test="claim-to" required /></label>
      </div>
      <p class="muted small">Every class of yours held on these days is covered. Claims are filed within a week.</p>`}
    <label>${kind === 'WAS_THERE' ? 'Anything your teacher should know (optional)' : 'What happened'}
      <textarea rows="3" maxlength="2000" value=${comment} onInput=${(e) => setComment(e.target.value)} data-test="claim-comment"
        required=${kind !== 'WAS_THERE'}></textarea></label>
    <label>Documents (PDF, JPEG or PNG; up to ${MAX_FILES}, 5 MB each)
      <input type="file" multiple accept="application/pdf,image/jpeg,image/png" data-test="claim-files" key=${picker}
        onChange=${(e) => pick(e.target.files)} /></label>
    ${files.length > 0 && html`<ul class="small">${files.map((f) => html`<li key=${f.name}>${f.name} · ${Math.ceil(f.size / 1024)} KB</li>`)}</ul>`}
    ${error && html`<${Notice} kind="error" testId="claim-error">${error}</${Notice}>`}
    <button type="submit" class="primary" disabled=${busy} data-test="claim-send">${busy ? 'Sending…' : 'Send the claim'}</button>
  </form>`;
}

function ClaimCard({ c, onWithdraw }) {
  return html`<li class=${`card claim s-${c.status.toLowerCase()}`} data-test="my-claim">
    <strong>${claimKindWord(c.kind)} · ${c.from === c.to ? day(c.from) : `${day(c.from)} – ${day(c.to)}`}</strong>
    <span class="claim-status" data-test="claim-status">${CLAIM_STATUS[c.status] || c.status}${c.status === 'OPEN' ? ` (${reviewerWord(c.reviewer)})` : ''}</span>
    <span class="small">${c.sessions.map((s) => `${s.subjectName}, ${day(s.date)} ${time(s.startedAt)}`).join(' · ')}</span>
    ${c.documents.length > 0 && html`<span class="small muted">Attached: ${c.documents.map((d) => d.fileName).join(', ')}</span>`}
    ${c.decisionNote && html`<span data-test="claim-note">“${c.decisionNote}”</span>`}
    ${c.decidedAt && c.status !== 'OPEN' && html`<span class="small muted">${dayTime(c.decidedAt)}</span>`}
    ${c.status === 'OPEN' && html`<div class="row"><button type="button" class="secondary" onClick=${() => onWithdraw(c)}>Withdraw</button></div>`}
  </li>`;
}

export function StudentClaims({ query }) {
  const mine = useLoad(() => api('/api/v1/me/claims'), []);
  const summary = useLoad(() => api('/api/v1/me/summary'), []);
  const recent = useLoad(() => api(`/api/v1/me/attendance?from=${daysBefore(today(), 7)}&to=${today()}`), []);
  const [message, setMessage] = useState(null);
  // a claim decided while the screen is open: the list shows it at once
  useEffect(() => connectNotices((m) => {
    if (m.type === 'claim') mine.reload();
  }), []);
  const names = Object.fromEntries((summary.data || []).map((r) => [r.subjectId, r.subjectName || r.subjectId]));
  const claimable = (recent.data || []).filter((s) => s.status !== 'PRESENT' && s.status !== 'EXCUSED')
    .sort((a, b) => (a.date < b.date ? 1 : -1));
  const withdraw = async (c) => {
    try {
      await api(`/api/v1/me/claims/${c.claimId}/withdraw`, { method: 'POST' });
      setMessage({ kind: 'ok', text: 'Claim withdrawn.' });
      mine.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const list = mine.data || [];
  return html`<${Page} title="Claims">
    <section aria-labelledby="new-h">
      <h2 id="new-h">New claim</h2>
      <p>Marked absent when you were there, or away for a reason? Tell us here — not by e-mail. Approved claims change
        your record and your percentage.</p>
      <${ClaimForm} sessions=${claimable} names=${names} preselected=${query?.get('session') || ''}
        onFiled=${(c) => { setMessage({ kind: 'ok', text: `Sent to ${reviewerWord(c.reviewer)}. The decision will show here.` }); mine.reload(); }} />
      ${message && html`<${Notice} kind=${message.kind} testId="claim-message">${message.text}</${Notice}>`}
    </section>
    <section aria-labelledby="mine-h">
      <h2 id="mine-h">Your claims</h2>
      ${list.length === 0 && !mine.loading && html`<${Empty}>No claims yet.</${Empty}>`}
      <ul class="cards">${list.map((c) => html`<${ClaimCard} key=${c.claimId} c=${c} onWithdraw=${withdraw} />`)}</ul>
    </section>
  </${Page}>`;
}
