// Faculty and management: "who is slipping and where" — rate over time drilled down department → class →
// subject → student, the at-risk list with its reasons, the sessions with most absences; a student's page.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad, navigate, Badge } from '../ui.js';
import { api, download } from '../api.js';
import { refusal, reasonWords, methodWord, flagWords, forecastWords } from '../messages.js';
import { day, time, percent, today } from '../dates.js';
import { RateChart, LinesChart } from '../chart.js';

const enc = encodeURIComponent;

/** The period and granularity chosen on the page, kept in the URL (#/dash/…?from=&to=&g=). */
function usePeriod(query, settings) {
  const from = query.get('from') || settings.termStart || `${today().slice(0, 4)}-01-01`;
  const to = query.get('to') || today();
  const g = query.get('g') === 'day' ? 'day' : 'week';
  const set = (next) => {
    const q = new URLSearchParams({ from, to, g, ...next });
    navigate(`${location.hash.split('?')[0]}?${q}`);
  };
  return { from, to, g, set, qs: `from=${from}&to=${to}` };
}

function PeriodPicker({ period }) {
  return html`<form class="row period" onSubmit=${(e) => e.preventDefault()} aria-label="Period">
    <label>From<input type="date" value=${period.from} onChange=${(e) => period.set({ from: e.target.value })} /></label>
    <label>To<input type="date" value=${period.to} onChange=${(e) => period.set({ to: e.target.value })} /></label>
    <fieldset class="row toggle"><legend class="visually-hidden">Per</legend>
      ${['week', 'day'].map((g) => html`<label class="check"><input type="radio" name="g" value=${g} checked=${period.g === g}
        onChange=${() => period.set({ g })} />per ${g}</label>`)}
    </fieldset>
  </form>`;
}

// the platform's rate rule: attended / (held - excused)
function totals(points = []) {
  const held = points.reduce((a, p) => a + p.held, 0);
  const attended = points.reduce((a, p) => a + p.attended, 0);
  const countable = held - points.reduce((a, p) => a + (p.excused || 0), 0);
  return { held, attended, rate: countable > 0 ? attended / countable : null };
}

function Crumbs({ items }) {
  return html`<nav aria-label="Where you are" class="crumbs"><ol>
    ${items.map((c, i) => html`<li key=${i}>${c.href && i < items.length - 1 ? html`<a href=${c.href}>${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}</li>`)}
  </ol></nav>`;
}

function find(tree, kind, id) {
  for (const d of tree) {
    if (kind === 'd' && d.departmentId === id) return { d };
    for (const c of d.classes) {
      if (kind === 'c' && c.classId === id) return { d, c };
      for (const s of c.subjects) if (kind === 's' && s.subjectId === id) return { d, c, s };
    }
  }
  return null;
}

export function Dashboard({ me, settings, path, query }) {
  const tree = useLoad(() => api('/api/v1/reports/scopes'), []);
  const period = usePeriod(query, settings);
  const [kind, id] = path;
  const t = tree.data || [];
  const at = kind ? find(t, kind, id) : null;
  const crumbs = [{ label: me.role === 'TEACHER' ? 'My subjects' : 'College', href: `#/dash?${new URLSearchParams(query)}` }];
  const q = `?${new URLSearchParams({ from: period.from, to: period.to, g: period.g })}`;
  if (at?.d) crumbs.push({ label: at.d.name, href: `#/dash/d/${enc(at.d.departmentId)}${q}` });
  if (at?.c) crumbs.push({ label: `${at.c.classId}`, href: `#/dash/c/${enc(at.c.classId)}${q}` });
  if (at?.s) crumbs.push({ label: at.s.name, href: `#/dash/s/${enc(at.s.subjectId)}${q}` });
  const title = at?.s ? `${at.s.name} · ${at.c.classId}` : at?.c ? `Class ${at.c.classId}` : at?.d ? at.d.name : 'Attendance';

  return html`<${Page} title=${title} wide>
    <${Crumbs} items=${crumbs} />
    <${PeriodPicker} period=${period} />
    ${tree.error && html`<${Notice} kind="error">${refusal(tree.error.code)}</${Notice}>`}
    ${tree.data && t.length === 0 && html`<${Empty}>${me.role === 'TEACHER' ? 'You teach no subjects yet.' : 'Import the roster to begin.'}</${Empty}>`}
    ${tree.data && !kind && html`<${College} me=${me} tree=${t} period=${period} q=${q} settings=${settings} />`}
    ${at && html`<${Scope} at=${at} kind=${kind} period=${period} q=${q} settings=${settings} />`}
    ${tree.data && kind && !at && html`<${Notice} kind="error">${refusal('NOT_FOUND')}</${Notice}>`}
  </${Page}>`;
}

function College({ me, tree, period, q, settings }) {
  // one answer: the college's line and each department's, their last two weeks, who is under the threshold, what fell
  const o = useLoad(() => api(`/api/v1/reports/overview?${period.qs}`), [tree, period.from, period.to]);
  const waiting = useLoad(() => (me.role === 'ADMIN' ? api('/api/v1/claims/waiting') : Promise.resolve(null)), []);
  const t = settings.atRiskThreshold ?? 0.75;
  const data = o.data;
  const change = (d) => (d.thisWeek == null || d.lastWeek == null ? null : Math.round((d.thisWeek - d.lastWeek) * 100));
  const names = Object.fromEntries(tree.map((d) => [d.departmentId, d.name]));
  return html`
    ${o.error && html`<${Notice} kind="error">${refusal(o.error.code)}</${Notice}>`}
    ${o.loading && html`<p class="muted" role="status">Loading…</p>`}
    ${waiting.data?.open > 0 && html`<p class="notice info" data-test="claims-waiting"><a href="#/review">${waiting.data.open === 1
      ? '1 absence claim waits' : `${waiting.data.open} absence claims wait`} for the office’s decision</a></p>`}
    ${data && html`<${LinesChart} college=${data.college} lines=${data.departments.map((d) => ({ label: d.name, points: d.points }))}
      threshold=${t} label="Attendance this term" />`}
    <section aria-labelledby="depts-h"><h2 id="depts-h">Departments</h2>
      ${data && html`<div class="scroll" tabindex="0"><table class="data" data-test="departments">
        <thead><tr><th scope="col">Department</th><th scope="col">This period</th><th scope="col">Last week</th><th scope="col">Change</th>
          <th scope="col">Students under ${percent(t)}</th></tr></thead>
        <tbody>${data.departments.map((d) => html`<tr key=${d.departmentId} class=${d.rate != null && d.rate < t ? 'at-risk' : ''}>
          <th scope="row"><a href=${`#/dash/d/${enc(d.departmentId)}${q}`}>${d.name}</a></th>
          <td data-test="rate">${percent(d.rate)}</td><td>${percent(d.thisWeek)}</td>
          <td>${change(d) == null ? '–' : change(d) < 0 ? html`<span class="error-text">▼ ${-change(d)} points</span>`
            : change(d) > 0 ? html`<span class="ok-text">▲ ${change(d)} points</span>` : 'no change'}</td>
          <td><a href=${`#/dash/d/${enc(d.departmentId)}${q}`}>${d.studentsBelow}</a></td></tr>`)}</tbody></table></div>`}
    </section>
    ${data && (data.classesFell.length > 0 || data.subjectsFell.length > 0) && html`<section aria-labelledby="fell-h">
      <h2 id="fell-h">Where to look: fell most since ${day(data.recentFrom)}</h2>
      <div class="columns">
        ${[['Classes', data.classesFell, 'c'], ['Subjects', data.subjectsFell, 's']].map(([label, list, kind]) => html`<div key=${label}>
          <h3>${label}</h3>
          ${list.length === 0 ? html`<p class="muted">None fell.</p>` : html`<ul class="cards compact" data-test=${`fell-${kind}`}>${list.map((m) => html`<li class="card" key=${m.id}>
            <a class="stretch" href=${`#/dash/${kind}/${enc(m.id)}${q}`}><strong>${m.name}</strong></a>
            <span>${percent(m.before)} → <strong>${percent(m.recent)}</strong> <span class="error-text">▼ ${Math.round((m.before - m.recent) * 100)} points</span></span>
            <span class="small muted">${names[m.departmentId] || ''}</span></li>`)}</ul>`}
        </div>`)}
      </div></section>`}`;
}

function Scope({ at, kind, period, q, settings }) {
  const scope = kind === 'd' ? 'department' : kind === 'c' ? 'class' : 'subject';
  const id = kind === 'd' ? at.d.departmentId : kind === 'c' ? at.c.classId : at.s.subjectId;
  const trend = useLoad(() => api(`/api/v1/reports/trends?scope=${scope}&id=${enc(id)}&granularity=${period.g}&${period.qs}`),
    [scope, id, period.g, period.from, period.to]);
  const sessions = useLoad(() => api(`/api/v1/reports/sessions?scope=${scope}&id=${enc(id)}&${period.qs}&limit=10`),
    [scope, id, period.from, period.to]);
  const all = totals(trend.data);
  return html`
    <p class="lead" data-test="scope-rate">${percent(all.rate)} attended · ${all.attended} of ${all.held} marks in this period</p>
    ${trend.error && html`<${Notice} kind="error">${refusal(trend.error.code)}</${Notice}>`}
    ${trend.data && html`<${RateChart} points=${trend.data} threshold=${settings.atRiskThreshold} label=${`Attendance, per ${period.g}`} />`}
    ${kind === 'd' && html`<${Children} title="Classes" scope="department" id=${id} items=${at.d.classes.map((c) => ({ key: c.classId, label: `${c.classId}`, sub: c.name,
      href: `#/dash/c/${enc(c.classId)}${q}` }))} period=${period} settings=${settings} />`}
    ${kind === 'c' && html`<${Children} title="Subjects" scope="class" id=${id} items=${at.c.subjects.map((s) => ({ key: s.subjectId, label: s.name, sub: s.teacherEmail,
      href: `#/dash/s/${enc(s.subjectId)}${q}` }))} period=${period} settings=${settings} />`}
    ${kind !== 'd' && html`<${Students} classId=${at.c.classId} subjectId=${at.s?.subjectId} period=${period} settings=${settings} />`}
    ${kind === 'd' && html`<${AtRisk} departmentId=${at.d.departmentId} tree=${at.d} settings=${settings} />`}
    <${WorstSessions} sessions=${sessions} tree=${at.d} />`;
}

function Children({ title, scope, id, items, period, settings }) {
  // every child's rate in one answer (a department's classes, a class's subjects)
  const rates = useLoad(() => api(`/api/v1/reports/rates?scope=${scope}&id=${enc(id)}&${period.qs}`), [scope, id, period.from, period.to]);
  const by = new Map((rates.data || []).map((r) => [r.id, r]));
  return html`<section aria-labelledby=${`h-${title}`}><h2 id=${`h-${title}`}>${title}</h2>
    ${rates.error && html`<${Notice} kind="error">${refusal(rates.error.code)}</${Notice}>`}
    <ul class="cards grid">${items.map((it) => {
      const r = rates.data ? (by.get(it.key) || { rate: null }) : null;
      return html`<li class=${`card ${r?.rate != null && r.rate < settings.atRiskThreshold ? 'at-risk' : ''}`} key=${it.key} data-test="child">
        <a class="stretch" href=${it.href}><strong>${it.label}</strong></a><span class="muted small">${it.sub}</span>
        <span class="big-number" data-test="rate">${r ? percent(r.rate) : '…'}</span></li>`;
    })}</ul></section>`;
}

function Students({ classId, subjectId, period, settings }) {
  const rows = useLoad(() => api(`/api/v1/reports/class-summary?classId=${enc(classId)}&${period.qs}`), [classId, period.from, period.to]);
  const [filter, setFilter] = useState('');
  const by = new Map();
  for (const r of rows.data || []) {
    if (subjectId && r.subjectId !== subjectId) continue;
    const s = by.get(r.studentEmail) || { email: r.studentEmail, name: r.name, held: 0, attended: 0, excused: 0, absent: 0 };
    s.held += r.held; s.attended += r.present + r.late; s.excused += r.excused; s.absent += r.absent;
    by.set(r.studentEmail, s);
  }
  const list = [...by.values()].map((s) => ({ ...s, rate: s.held - s.excused > 0 ? s.attended / (s.held - s.excused) : null }))
    .filter((s) => !filter || `${s.name} ${s.email}`.toLowerCase().includes(filter.toLowerCase()))
    .sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2));
  return html`<section aria-labelledby="students-h"><h2 id="students-h">Students, lowest rate first</h2>
    <label class="filter">Find a student<input type="search" value=${filter} onInput=${(e) => setFilter(e.target.value)} /></label>
    ${rows.error && html`<${Notice} kind="error">${refusal(rows.error.code)}</${Notice}>`}
    <table class="data" data-test="students"><thead><tr><th scope="col">Student</th><th scope="col">Rate</th><th scope="col">Attended</th><th scope="col">Absent</th></tr></thead>
      <tbody>${list.map((s) => html`<tr key=${s.email} class=${s.rate != null && s.rate < settings.atRiskThreshold ? 'at-risk' : ''}>
        <th scope="row"><a href=${`#/student/${enc(s.email)}`}>${s.name}</a><br /><span class="muted small">${s.email}</span></th>
        <td>${percent(s.rate)}</td><td>${s.attended} of ${s.held}</td><td>${s.absent}</td></tr>`)}</tbody></table>
    ${rows.data && list.length === 0 && html`<${Empty}>Nobody matches.</${Empty}>`}
  </section>`;
}

const COLUMNS = [['name', 'Student'], ['classId', 'Class'], ['subjectId', 'Subject'], ['rate', 'Rate'], ['consecutiveAbsences', 'In a row']];

function AtRisk({ departmentId, tree, settings }) {
  const [threshold, setThreshold] = useState(Math.round((settings.atRiskThreshold ?? 0.75) * 100));
  const [sort, setSort] = useState({ key: 'rate', up: true });
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState(null);
  const rows = useLoad(() => api(`/api/v1/reports/at-risk?departmentId=${enc(departmentId)}&threshold=${threshold}`), [departmentId, threshold]);
  const names = Object.fromEntries(tree.classes.flatMap((c) => c.subjects.map((s) => [s.subjectId, s.name])));
  const list = (rows.data || [])
    .filter((r) => !filter || `${r.name} ${r.studentEmail} ${r.classId} ${names[r.subjectId] || ''}`.toLowerCase().includes(filter.toLowerCase()))
    .sort((a, b) => {
      const x = a[sort.key] ?? ''; const y = b[sort.key] ?? '';
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.up ? c : -c;
    });
  const get = (format) => download(`/api/v1/exports/at-risk?departmentId=${enc(departmentId)}&threshold=${threshold}&format=${format}`,
    `at-risk-${departmentId}.${format}`).then((n) => setMessage({ kind: 'ok', text: `Downloaded ${n}.` }), (e) => setMessage({ kind: 'error', text: refusal(e.code) }));
  return html`<section aria-labelledby="risk-h"><h2 id="risk-h">At risk</h2>
    <div class="row">
      <label>Threshold (%)<input type="number" min="1" max="100" value=${threshold} data-test="threshold"
        onChange=${(e) => setThreshold(Math.max(1, Math.min(100, Number(e.target.value) || 75)))} /></label>
      <label class="filter">Filter<input type="search" value=${filter} onInput=${(e) => setFilter(e.target.value)} data-test="risk-filter" /></label>
      <button type="button" class="secondary" onClick=${() => get('pdf')} data-test="risk-pdf">At-risk list as PDF</button>
      <button type="button" class="secondary" onClick=${() => get('xlsx')}>as Excel</button>
    </div>
    <div aria-live="polite">${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}</div>
    ${rows.error && html`<${Notice} kind="error">${refusal(rows.error.code)}</${Notice}>`}
    <p class="muted" data-test="risk-count">${list.length} ${list.length === 1 ? 'student-subject' : 'student-subjects'} below ${threshold} %, with 3+ absences in a row, or dropping.</p>
    <div class="scroll" tabindex="0"><table class="data" data-test="at-risk"><thead><tr>
      ${COLUMNS.map(([k, label]) => html`<th scope="col" aria-sort=${sort.key === k ? (sort.up ? 'ascending' : 'descending') : 'none'}>
        <button type="button" class="link" onClick=${() => setSort({ key: k, up: sort.key === k ? !sort.up : true })}>${label}${sort.key === k ? (sort.up ? ' ▲' : ' ▼') : ''}</button></th>`)}
      <th scope="col">Why</th></tr></thead>
      <tbody>${list.map((r) => html`<tr key=${`${r.studentEmail}${r.subjectId}`} data-test="risk-row">
        <th scope="row"><a href=${`#/student/${enc(r.studentEmail)}`}>${r.name}</a></th><td>${r.classId}</td><td>${names[r.subjectId] || r.subjectId}</td>
        <td>${percent(r.rate)}</td><td>${r.consecutiveAbsences}</td><td>${reasonWords(r, threshold).join('; ')}</td></tr>`)}</tbody></table></div>
  </section>`;
}

function WorstSessions({ sessions, tree }) {
  const names = Object.fromEntries(tree.classes.flatMap((c) => c.subjects.map((s) => [s.subjectId, s.name])));
  const list = sessions.data || [];
  return html`<section aria-labelledby="worst-h"><h2 id="worst-h">Sessions with the most absences</h2>
    ${sessions.data && list.length === 0 && html`<${Empty}>No sessions in this period.</${Empty}>`}
    ${list.length > 0 && html`<div class="scroll" tabindex="0"><table class="data" data-test="worst"><thead><tr><th scope="col">Day</th><th scope="col">Subject</th><th scope="col">Class</th>
      <th scope="col">Absent</th><th scope="col">Rate</th><th scope="col">Alerts</th></tr></thead>
      <tbody>${list.map((s) => html`<tr key=${s.sessionId}><th scope="row">${day(s.date)}</th><td>${names[s.subjectId] || s.subjectId}</td>
        <td>${s.classId}</td><td>${s.absent} of ${s.held}</td><td>${percent(s.rate)}</td><td>${s.alerts}</td></tr>`)}</tbody></table></div>`}
  </section>`;
}

export function StudentPage({ me, email, settings }) {
  const summary = useLoad(() => api(`/api/v1/reports/student-summary?studentEmail=${enc(email)}`), [email]);
  const forecast = useLoad(() => api(`/api/v1/reports/student-forecast?studentEmail=${enc(email)}`)
    .then((rows) => Object.fromEntries(rows.map((f) => [f.subjectId, f]))), [email]);
  const decisions = useLoad(() => api(`/api/v1/reports/student-history?studentEmail=${enc(email)}`), [email]);
  const tree = useLoad(() => api('/api/v1/reports/scopes'), []);
  const [message, setMessage] = useState(null);
  const names = Object.fromEntries((tree.data || []).flatMap((d) => d.classes.flatMap((c) => c.subjects.map((s) => [s.subjectId, s.name]))));
  const get = (format) => download(`/api/v1/exports/statement?studentEmail=${enc(email)}&format=${format}`, `statement.${format}`)
    .then((n) => setMessage({ kind: 'ok', text: `Downloaded ${n}.` }), (e) => setMessage({ kind: 'error', text: refusal(e.code) }));
  const threshold = settings.atRiskThreshold ?? 0.75;
  return html`<${Page} title=${email} wide>
    <p><a href="#/dash" onClick=${(e) => { e.preventDefault(); history.back(); }}>← Back</a></p>
    ${summary.error && html`<${Notice} kind="error">${refusal(summary.error.code)}</${Notice}>`}
    <section aria-labelledby="subj-h"><h2 id="subj-h">Per subject, this term</h2>
      <div class="scroll" tabindex="0"><table class="data" data-test="student-subjects"><thead><tr><th scope="col">Subject</th><th scope="col">Rate</th><th scope="col">Present</th>
        <th scope="col">Late</th><th scope="col">Absent</th><th scope="col">Excused</th><th scope="col">Held</th><th scope="col">This term’s outlook</th></tr></thead>
        <tbody>${(summary.data || []).map((s) => html`<tr key=${s.subjectId} class=${s.rate != null && s.rate < threshold ? 'at-risk' : ''}>
          <th scope="row">${names[s.subjectId] || s.subjectId}</th><td>${percent(s.rate)}</td><td>${s.present}</td><td>${s.late}</td>
          <td>${s.absent}</td><td>${s.excused}</td><td>${s.held}</td>
          <td class="small" data-test="forecast">${forecastWords(forecast.data?.[s.subjectId], Math.round(threshold * 100), day, false) ?? ''}</td></tr>`)}</tbody></table></div>
    </section>
    <div class="row"><button type="button" class="secondary" onClick=${() => get('pdf')}>Statement as PDF</button>
      <button type="button" class="secondary" onClick=${() => get('xlsx')}>as Excel</button></div>
    <div aria-live="polite">${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}</div>
    <section aria-labelledby="hist-h"><h2 id="hist-h">Day by day</h2>
      ${decisions.data && decisions.data.length === 0 && html`<${Empty}>Nothing this term.</${Empty}>`}
      <div class="scroll" tabindex="0"><table class="data"><thead><tr><th scope="col">Day</th><th scope="col">Subject</th><th scope="col">Mark</th><th scope="col">How</th><th scope="col">When</th></tr></thead>
        <tbody>${(decisions.data || []).slice(0, 400).map((h) => html`<tr key=${h.sessionId}><th scope="row">${day(h.date)}</th>
          <td>${names[h.subjectId] || h.subjectId}</td><td><${Badge} status=${h.status} />${h.flags?.length ? html`<br /><span class="small warn-text">${flagWords(h.flags).join('; ')}</span>` : ''}</td>
          <td>${methodWord(h.method)}</td><td>${time(h.at)}</td></tr>`)}</tbody></table></div>
    </section>
  </${Page}>`;
}
