// Management and admins: report runs with a live progress bar, their history and files; the e-mailed
// reports one subscribes to.
import { useEffect, useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad } from '../ui.js';
import { api, download } from '../api.js';
import { refusal } from '../messages.js';
import { dayTime } from '../dates.js';

const JOBS = { 'at-risk': 'At-risk list (daily)', trends: 'Trends (weekly)' };
const STATUS = { STARTING: 'Starting', STARTED: 'Running', COMPLETED: 'Done', FAILED: 'Failed', STOPPED: 'Stopped', ABANDONED: 'Abandoned',
  UNKNOWN: 'Unknown', STOPPING: 'Stopping' };

export function Runs({ me }) {
  const runs = useLoad(() => api('/api/v1/reports/runs?limit=20'), []);
  const [message, setMessage] = useState(null);
  const running = (runs.data || []).some((r) => r.status === 'STARTING' || r.status === 'STARTED');
  // while a run is going, follow it: the bar moves without a reload
  useEffect(() => {
    if (!running) return undefined;
    const t = setTimeout(runs.reload, 700);
    return () => clearTimeout(t);
  }, [runs.data]);
  const start = async (job) => {
    try {
      await api('/api/v1/reports/runs', { method: 'POST', body: { job } });
      setMessage({ kind: 'ok', text: `${JOBS[job]} started.` });
      runs.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const list = runs.data || [];
  return html`<${Page} title="Reports" wide>
    <section aria-labelledby="start-h"><h2 id="start-h">Run a report now</h2>
      <p>The same reports that are e-mailed on schedule: every department, as PDF and Excel.</p>
      <div class="row">${Object.entries(JOBS).map(([job, label]) => html`<button type="button" class="primary" data-test=${`run-${job}`}
        onClick=${() => start(job)}>${label}</button>`)}</div>
      <div aria-live="polite">${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}</div>
    </section>
    <section aria-labelledby="runs-h"><h2 id="runs-h">Recent runs</h2>
      ${runs.error && html`<${Notice} kind="error">${refusal(runs.error.code)}</${Notice}>`}
      ${runs.data && list.length === 0 && html`<${Empty}>No report has run yet.</${Empty}>`}
      <ul class="cards" data-test="runs">${list.map((r) => html`<li class="card run" key=${r.runId} data-test="run" data-run=${r.runId}>
        <strong>${JOBS[r.job] || r.job}</strong>
        <span>${STATUS[r.status] || r.status} · started ${dayTime(r.startedAt)}${r.endedAt ? ` · finished ${dayTime(r.endedAt)}` : ''}</span>
        <progress max="100" value=${Math.round(r.progress * 100)} aria-label=${`Progress of run ${r.runId}`} data-test="progress">${Math.round(r.progress * 100)} %</progress>
        <span class="small" data-test="percent">${Math.round(r.progress * 100)} %</span>
        ${r.files.length > 0 && html`<div class="row">${r.files.map((f) => html`<button type="button" class="secondary small" data-test="run-file"
          onClick=${() => download(f.url, f.name).catch((e) => setMessage({ kind: 'error', text: refusal(e.code) }))}>${f.name}</button>`)}</div>`}
      </li>`)}</ul>
    </section>
    <${Subscriptions} />
  </${Page}>`;
}

function Subscriptions() {
  const subs = useLoad(() => api('/api/v1/me/report-subscriptions'), []);
  const scopes = useLoad(() => api('/api/v1/reports/scopes'), []);
  const [job, setJob] = useState('at-risk');
  const [dept, setDept] = useState('');
  const [message, setMessage] = useState(null);
  const names = Object.fromEntries((scopes.data || []).map((d) => [d.departmentId, d.name]));
  const change = async (method, j, d) => {
    try {
      await api(`/api/v1/me/report-subscriptions/${j}${d ? `?departmentId=${encodeURIComponent(d)}` : ''}`, { method });
      setMessage({ kind: 'ok', text: method === 'PUT' ? 'Subscribed.' : 'Unsubscribed.' });
      subs.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const list = subs.data || [];
  return html`<section aria-labelledby="subs-h"><h2 id="subs-h">E-mailed to me</h2>
    <p>The at-risk list every morning, the trends every Monday — for the whole college or one department.</p>
    ${subs.data && list.length === 0 && html`<${Empty}>You receive no reports yet.</${Empty}>`}
    <ul class="cards" data-test="subscriptions">${list.map((s) => html`<li class="card row" key=${`${s.job}${s.departmentId}`}>
      <span><strong>${JOBS[s.job] || s.job}</strong> · ${s.departmentId ? names[s.departmentId] || s.departmentId : 'whole college'}</span>
      <button type="button" class="link" onClick=${() => change('DELETE', s.job, s.departmentId)}>Unsubscribe</button></li>`)}</ul>
    <form class="row" onSubmit=${(e) => { e.preventDefault(); change('PUT', job, dept); }}>
      <label>Report<select value=${job} onChange=${(e) => setJob(e.target.value)} data-test="sub-job">
        ${Object.entries(JOBS).map(([j, l]) => html`<option value=${j}>${l}</option>`)}</select></label>
      <label>For<select value=${dept} onChange=${(e) => setDept(e.target.value)} data-test="sub-dept">
        <option value="">the whole college</option>
        ${(scopes.data || []).map((d) => html`<option value=${d.departmentId}>${d.name}</option>`)}</select></label>
      <button type="submit" class="primary" data-test="subscribe">Subscribe</button>
    </form>
    <div aria-live="polite">${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}</div>
  </section>`;
}
