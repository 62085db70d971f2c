// The student's "History": rates by subject with what it takes to reach the threshold, the statement, day by day.
import { useState } from 'preact/hooks';
import { html, Page, Badge, Notice, Empty, useLoad } from '../../ui.js';
import { api, download, saveFile } from '../../api.js';
import { refusal, flagWords, forecastWords } from '../../messages.js';
import { time, day, percent, today } from '../../dates.js';

export function StudentHistory({ settings }) {
  const summary = useLoad(() => api('/api/v1/me/summary'), []);
  const forecast = useLoad(() => api('/api/v1/me/forecast').then((rows) => Object.fromEntries(rows.map((f) => [f.subjectId, f]))), []);
  const from = settings.termStart || `${today().slice(0, 4)}-01-01`;
  const history = useLoad(() => api(`/api/v1/me/attendance?from=${from}&to=${today()}`), []);
  const [error, setError] = useState(null);
  const threshold = settings.atRiskThreshold ?? 0.75;
  const rows = summary.data || [];
  const byDay = new Map();
  for (const h of history.data || []) {
    if (!byDay.has(h.date)) byDay.set(h.date, []);
    byDay.get(h.date).push(h);
  }
  const days = [...byDay.keys()].sort().reverse();
  const names = Object.fromEntries(rows.map((r) => [r.subjectId, r.subjectName || r.subjectId]));
  const get = (format) => download(`/api/v1/exports/statement?format=${format}`, `statement.${format}`)
    .then(() => setError(null), (e) => setError(refusal(e.code)));
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState(null);
  const exportAll = () => {
    setExporting(true);
    myData().then((name) => { setExported(name); setError(null); }, (e) => setError(refusal(e.code)))
      .finally(() => setExporting(false));
  };

  return html`<${Page} title="My attendance">
    <section aria-labelledby="rates-h">
      <h2 id="rates-h">This term, by subject</h2>
      ${rows.length === 0 && !summary.loading && html`<${Empty}>No classes recorded yet this term.</${Empty}>`}
      <ul class="cards rates">
        ${rows.map((r) => html`<li class=${`card ${r.rate != null && r.rate < threshold ? 'at-risk' : ''}`} key=${r.subjectId}>
          <strong>${r.subjectName || r.subjectId}</strong>
          <span class="big-number">${percent(r.rate)}</span>
          <span>${r.attended} of ${r.held - (r.excused || 0)} ${r.held - (r.excused || 0) === 1 ? 'class' : 'classes'} attended${r.excused
            ? ` · ${r.excused} excused` : ''}</span>
          ${r.toReachThreshold > 0 && html`<span>Attend the next ${r.toReachThreshold} in a row to reach ${percent(threshold)}.</span>`}
          <span data-test="forecast">${forecastWords(forecast.data?.[r.subjectId], Math.round(threshold * 100), day)
            ?? (r.toReachThreshold == null ? `You can no longer reach ${percent(threshold)} this term — talk to your teacher.`
              : r.toReachThreshold === 0 ? `At or above ${percent(threshold)}.` : '')}</span>
        </li>`)}
      </ul>
    </section>
    <section aria-labelledby="stmt-h">
      <h2 id="stmt-h">Statement</h2>
      <p>Every class of this term with its mark, for the college office or a scholarship.</p>
      <div class="row"><button type="button" class="secondary" onClick=${() => get('pdf')}>Download PDF</button>
        <button type="button" class="secondary" onClick=${() => get('xlsx')}>Download Excel</button></div>
      ${error && html`<${Notice} kind="error">${error}</${Notice}>`}
    </section>
    <section aria-labelledby="data-h">
      <h2 id="data-h">Your data</h2>
      <p>Everything the college holds about you — account, class, phones, sign-ins, flags, who changed what, and every
        mark of the last five years — in one file a program can read (JSON).</p>
      <div class="row"><button type="button" class="secondary" data-test="my-data" disabled=${exporting} onClick=${exportAll}>
        ${exporting ? 'Preparing…' : 'Download my data'}</button></div>
      ${exported && html`<${Notice} kind="ok" testId="my-data-message">Downloaded ${exported}.</${Notice}>`}
    </section>
    <section aria-labelledby="days-h">
      <h2 id="days-h">Day by day</h2>
      ${days.length === 0 && !history.loading && html`<${Empty}>Nothing yet.</${Empty}>`}
      <ol class="days">
        ${days.map((d) => html`<li key=${d}><h3>${day(d)}</h3><ul>
          ${byDay.get(d).map((h) => html`<li key=${h.sessionId}><${Badge} status=${h.status} /> ${names[h.subjectId] || h.subjectId}
            ${h.at && html`<span class="muted"> · ${time(h.at)}</span>`}
            ${claimable(h) && html` · <a href=${`#/claims?session=${h.sessionId}`} data-test="claim-link">Claim</a>`}
            ${h.status === 'FLAGGED' && h.flags?.length ? html`<br /><span class="small">Your teacher checks this one: ${flagWords(h.flags).join('; ')}</span>` : ''}</li>`)}
        </ul></li>`)}
      </ol>
    </section>
  </${Page}>`;
}

/** A mark a claim can still change: not present or excused, and within the week claims are filed in. */
function claimable(h) {
  if (h.status === 'PRESENT' || h.status === 'EXCUSED') return false;
  const weekAgo = new Date(`${today()}T00:00:00Z`);
  weekAgo.setUTCDate(weekAgo.getUTCDate() - 7);
  return h.date >= weekAgo.toISOString().slice(0, 10);
}

/** What /me/data holds, with every mark the history keeps (five years, read 400 days at a time), as one JSON file. */
async function myData() {
  const data = await api('/api/v1/me/data');
  const attendance = [];
  let to = today();
  for (let i = 0; i < 5; i++) {
    const end = new Date(`${to}T00:00:00Z`);
    const start = new Date(end.getTime() - 365 * 86400000);
    const from = start.toISOString().slice(0, 10);
    attendance.unshift(...await api(`/api/v1/me/attendance?from=${from}&to=${to}`));
    to = new Date(start.getTime() - 86400000).toISOString().slice(0, 10);
  }
  const { attendanceHistory, ...rest } = data;
  const name = `my-attendance-data-${today()}.json`;
  saveFile(new Blob([JSON.stringify({ ...rest, attendance }, null, 2)], { type: 'application/json' }), name);
  return name;
}
