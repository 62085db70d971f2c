// Admins: the roster (one upload area per entity, in import order, every bad line shown; the rows
// browsable), users (verify admins and management, unblock blocked accounts) and the audit log.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad } from '../ui.js';
import { api, authFetch, ApiError } from '../api.js';
import { refusal } from '../messages.js';
import { day, dayTime, today } from '../dates.js';

const ENTITIES = [
  ['departments', 'Departments', 'department_id,name'],
  ['classes', 'Classes', 'class_id,department_id,batch,semester,section'],
  ['courses', 'Courses', 'course_id,name'],
  ['teachers', 'Teachers', 'email,name,designation,department_id'],
  ['students', 'Students', 'email,name,roll_no,class_id'],
  ['subjects', 'Subjects', 'subject_id,course_id,class_id,teacher_email'],
  ['periods', 'Periods', 'period_id,subject_id,day_of_week,period_no,start_time,end_time'],
  ['guardians', 'Guardians', 'student_email,name,email,notify'],
];

export function Roster({ me }) {
  const [open, setOpen] = useState(null);
  return html`<${Page} title="Roster" wide>
    <p>Upload one CSV file per list, in this order (each list refers to the ones above it). A file with a bad line is
      refused whole, with every bad line and why; uploading the same file again changes nothing.</p>
    <ol class="uploads">${ENTITIES.map(([entity, label, columns]) => html`<li key=${entity}>
      <${Upload} entity=${entity} label=${label} columns=${columns} onBrowse=${() => setOpen(open === entity ? null : entity)} />
      ${open === entity && html`<${Rows} entity=${entity} />`}</li>`)}</ol>
    <${TermDays} />
  </${Page}>`;
}

/** The term's days off and swapped teaching days: a CSV or an iCalendar file (a state's holiday list), and the list. */
function TermDays() {
  const from = today();
  const to = new Date(Date.now() + 365 * 86400000).toISOString().slice(0, 10);
  const days = useLoad(() => api(`/api/v1/calendar?from=${from}&to=${to}`), []);
  const [state, setState] = useState(null);
  const send = async (file) => {
    if (!file) return;
    const ics = /\.ics$/i.test(file.name) || file.type === 'text/calendar';
    setState({ kind: 'info', text: `Checking ${file.name}…` });
    try {
      const res = await authFetch('/api/v1/admin/calendar', { method: 'POST',
        headers: { 'Content-Type': `${ics ? 'text/calendar' : 'text/csv'}; charset=utf-8` }, body: await file.text() });
      const body = await res.json().catch(() => ({}));
      if (res.ok) {
        setState({ kind: 'ok', text: `${file.name}: ${body.days} days (${body.created} new, ${body.updated} changed).` });
        days.reload();
      } else {
        setState({ kind: 'error', text: `${file.name} was not imported. ${body.errors ? body.errors.join(' · ') : refusal(body.code)}` });
      }
    } catch (e) {
      setState({ kind: 'error', text: refusal(e instanceof ApiError ? e.code : 'NETWORK') });
    }
  };
  const remove = (d) => api(`/api/v1/admin/calendar/${d.date}`, { method: 'DELETE' }).then(() => days.reload(),
    (e) => setState({ kind: 'error', text: refusal(e.code) }));
  return html`<section class="card upload" aria-labelledby="calendar-h" data-test="term-days">
    <h2 id="calendar-h">Holidays and teaching days</h2>
    <p class="muted small">An <code>.ics</code> file (every all-day event is a holiday), or a CSV with columns
      <code>date,kind,follows,name</code> — <code>HOLIDAY</code>, or <code>TEACHING</code> with the weekday whose timetable the day follows.
      No class is held on a holiday and nothing counts.</p>
    <div class="row">
      <label for="file-calendar" class="button secondary">Choose a calendar file…</label>
      <input id="file-calendar" class="visually-hidden" type="file" accept=".ics,.csv,text/calendar,text/csv" data-test="file-calendar"
        onChange=${(e) => { send(e.target.files[0]); e.target.value = ''; }} />
    </div>
    <div aria-live="polite" data-test="result-calendar">${state && html`<${Notice} kind=${state.kind}>${state.text}</${Notice}>`}</div>
    ${(days.data || []).length > 0 && html`<ul class="cards compact">${days.data.map((d) => html`<li class="card" key=${d.date}>
      <span><strong>${day(d.date)}</strong> · ${d.kind === 'HOLIDAY' ? d.name : `${d.name} (follows ${d.follows.toLowerCase()})`}</span>
      <div class="row"><button type="button" class="link" onClick=${() => remove(d)}>Remove</button></div></li>`)}</ul>`}
  </section>`;
}

function Upload({ entity, label, columns, onBrowse }) {
  const [state, setState] = useState(null); // {kind, text, errors}
  const [over, setOver] = useState(false);
  const send = async (file) => {
    if (!file) return;
    setState({ kind: 'info', text: `Checking ${file.name}…` });
    try {
      const res = await authFetch(`/api/v1/admin/roster/${entity}`, { method: 'POST', headers: { 'Content-Type': 'text/csv; charset=utf-8' },
        body: await file.text() });
      const body = await res.json().catch(() => ({}));
      if (res.ok) setState({ kind: 'ok', text: `${file.name}: ${body.created} new, ${body.updated} changed.` });
      else setState({ kind: 'error', text: `${file.name} was not imported. ${body.errors ? 'Fix these lines and upload it again:' : refusal(body.code)}`,
        errors: body.errors, total: body.totalErrors });
    } catch (e) {
      setState({ kind: 'error', text: refusal(e instanceof ApiError ? e.code : 'NETWORK') });
    }
  };
  const id = `file-${entity}`;
  return html`<section class=${`card upload ${over ? 'over' : ''}`} aria-labelledby=${`${id}-h`} data-test=${`upload-${entity}`}
    onDragOver=${(e) => { e.preventDefault(); setOver(true); }} onDragLeave=${() => setOver(false)}
    onDrop=${(e) => { e.preventDefault(); setOver(false); send(e.dataTransfer.files[0]); }}>
    <h2 id=${`${id}-h`}>${label}</h2>
    <p class="muted small">Columns: <code>${columns}</code></p>
    <div class="row">
      <label for=${id} class="button secondary">Choose a CSV file…</label>
      <input id=${id} class="visually-hidden" type="file" accept=".csv,text/csv" data-test=${`file-${entity}`}
        onChange=${(e) => { send(e.target.files[0]); e.target.value = ''; }} />
      <span class="muted">or drop it here</span>
      <button type="button" class="link" onClick=${onBrowse}>See the current ${label.toLowerCase()}</button>
    </div>
    <div aria-live="polite" data-test=${`result-${entity}`}>
      ${state && html`<${Notice} kind=${state.kind}>${state.text}</${Notice}>`}
      ${state?.errors && html`<table class="data" data-test="errors"><caption class="visually-hidden">Bad lines</caption>
        <thead><tr><th scope="col">Line</th><th scope="col">What is wrong</th></tr></thead>
        <tbody>${state.errors.map((e) => html`<tr key=${`${e.line}${e.message}`}><th scope="row">${e.line}</th><td>${e.message}</td></tr>`)}</tbody></table>`}
    </div>
  </section>`;
}

function Rows({ entity }) {
  const rows = useLoad(() => api(`/api/v1/admin/roster/${entity}`), [entity]);
  const [filter, setFilter] = useState('');
  const list = (rows.data || []).filter((r) => !filter || Object.values(r).join(' ').toLowerCase().includes(filter.toLowerCase()));
  const cols = rows.data?.[0] ? Object.keys(rows.data[0]) : [];
  return html`<div class="rows">
    <label class="filter">Filter<input type="search" value=${filter} onInput=${(e) => setFilter(e.target.value)} /></label>
    ${rows.data && rows.data.length === 0 && html`<${Empty}>None yet — upload the file above.</${Empty}>`}
    ${cols.length > 0 && html`<p class="muted small">${list.length} of ${rows.data.length}${list.length > 200 ? ' (the first 200 shown)' : ''}</p>
      <div class="scroll" tabindex="0"><table class="data"><thead><tr>${cols.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
      <tbody>${list.slice(0, 200).map((r, i) => html`<tr key=${i}>${cols.map((c) => html`<td>${String(r[c] ?? '')}</td>`)}</tr>`)}</tbody></table></div>`}
  </div>`;
}

export function Users({ me }) {
  const blocked = useLoad(() => api('/api/v1/admin/users?blocked=true&limit=200'), []);
  const staff = useLoad(async () => {
    const [a, m] = await Promise.all([api('/api/v1/admin/users?role=ADMIN'), api('/api/v1/admin/users?role=MANAGEMENT')]);
    return [...a, ...m];
  }, []);
  const [message, setMessage] = useState(null);
  const [form, setForm] = useState({ email: '', name: '', role: 'MANAGEMENT' });
  const unblock = async (u) => {
    try {
      await api(`/api/v1/admin/users/${encodeURIComponent(u.email)}/unblock`, { method: 'POST' });
      setMessage({ kind: 'ok', text: `${u.name} can sign in and mark attendance again.` });
      blocked.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const verify = async (e) => {
    e.preventDefault();
    try {
      await api('/api/v1/admin/users', { method: 'POST', body: form });
      setMessage({ kind: 'ok', text: `${form.email} may sign in as ${form.role === 'ADMIN' ? 'an admin' : 'management'}.` });
      setForm({ email: '', name: '', role: form.role });
      staff.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: `${refusal(err.code)}${err.problem.detail ? ` (${err.problem.detail})` : ''}` });
    }
  };
  return html`<${Page} title="Users" wide>
    <div aria-live="polite">${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}</div>
    <section aria-labelledby="blocked-h"><h2 id="blocked-h">Blocked accounts</h2>
      ${blocked.data && blocked.data.length === 0 && html`<${Empty}>Nobody is blocked.</${Empty}>`}
      <ul class="cards">${(blocked.data || []).map((u) => html`<li class="card" key=${u.email} data-test="blocked-user" data-email=${u.email}>
        <strong>${u.name}</strong><span>${u.email} · ${u.role.toLowerCase()}</span><span>Why: ${u.blockedReason || 'not recorded'}</span>
        <div class="row"><button type="button" class="primary" onClick=${() => unblock(u)}>Unblock</button></div></li>`)}</ul>
    </section>
    <section aria-labelledby="staff-h"><h2 id="staff-h">Admins and management</h2>
      <ul class="cards">${(staff.data || []).map((u) => html`<li class="card" key=${u.email}><strong>${u.name}</strong>
        <span>${u.email} · ${u.role === 'ADMIN' ? 'admin' : 'management'}</span></li>`)}</ul>
      <form class="card" onSubmit=${verify}><h3>Let someone sign in as admin or management</h3>
        <label>E-mail<input type="email" required value=${form.email} onInput=${(e) => setForm({ ...form, email: e.target.value })} /></label>
        <label>Name<input required maxlength="200" value=${form.name} onInput=${(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>Role<select value=${form.role} onChange=${(e) => setForm({ ...form, role: e.target.value })}>
          <option value="MANAGEMENT">Management</option><option value="ADMIN">Admin</option></select></label>
        <button type="submit" class="primary">Verify</button></form>
    </section>
    <${Audit} />
  </${Page}>`;
}

function Audit() {
  const [filters, setFilters] = useState({ actor: '', target: '', from: '', to: today() });
  const [applied, setApplied] = useState(filters);
  const qs = new URLSearchParams(Object.entries(applied).filter(([, v]) => v)).toString();
  const entries = useLoad(() => api(`/api/v1/admin/audit?limit=100&${qs}`), [qs]);
  return html`<section aria-labelledby="audit-h"><h2 id="audit-h">Audit log</h2>
    <form class="row" onSubmit=${(e) => { e.preventDefault(); setApplied(filters); }}>
      <label>Who<input type="email" value=${filters.actor} onInput=${(e) => setFilters({ ...filters, actor: e.target.value })} data-test="audit-actor" /></label>
      <label>About<input value=${filters.target} onInput=${(e) => setFilters({ ...filters, target: e.target.value })} data-test="audit-target" /></label>
      <label>From<input type="date" value=${filters.from} onInput=${(e) => setFilters({ ...filters, from: e.target.value })} /></label>
      <label>To<input type="date" value=${filters.to} onInput=${(e) => setFilters({ ...filters, to: e.target.value })} /></label>
      <button type="submit" class="secondary" data-test="audit-apply">Show</button>
    </form>
    ${entries.error && html`<${Notice} kind="error">${refusal(entries.error.code)}</${Notice}>`}
    ${entries.data && entries.data.length === 0 && html`<${Empty}>Nothing matches.</${Empty}>`}
    ${entries.data?.length > 0 && html`<div class="scroll" tabindex="0"><table class="data" data-test="audit"><thead><tr><th scope="col">When</th><th scope="col">Who</th>
      <th scope="col">What</th><th scope="col">About</th><th scope="col">Change</th></tr></thead>
      <tbody>${entries.data.map((a, i) => html`<tr key=${i} data-test="audit-row"><th scope="row">${dayTime(a.at)}</th><td>${a.actor}</td>
        <td>${a.action.toLowerCase().replaceAll('_', ' ')}</td><td>${a.target}</td>
        <td class="small">${a.before ? `${JSON.stringify(a.before)} → ` : ''}${a.after ? JSON.stringify(a.after) : ''}</td></tr>`)}</tbody></table></div>`}
  </section>`;
}
