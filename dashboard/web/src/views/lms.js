// The LMS (LTI 1.3): admins register the college's LMSs and see the addresses to paste into them; teachers (and admins)
// link each LMS course to a subject, bring the course's roster in, and see that grades go back to the course.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad } from '../ui.js';
import { api } from '../api.js';
import { refusal, syncWords } from '../messages.js';
import { dayTime } from '../dates.js';

const BLANK = { name: '', issuer: '', clientId: '', deploymentIds: '', authLoginUrl: '', tokenUrl: '', jwksUrl: '', frameOrigins: '' };

function problem(e) {
  return `${refusal(e.code)}${e.problem?.detail ? ` (${e.problem.detail})` : ''}`;
}

export function Lms({ me }) {
  const [message, setMessage] = useState(null);
  return html`<${Page} title="LMS" wide>
    <div aria-live="polite">${message && html`<${Notice} kind=${message.kind} testId="lms-message">${message.text}</${Notice}>`}</div>
    <${Courses} me=${me} say=${setMessage} />
    ${me.role === 'ADMIN' && html`<${Platforms} say=${setMessage} />`}
  </${Page}>`;
}

function Courses({ me, say }) {
  const courses = useLoad(() => api('/api/v1/lti/courses'), []);
  const subjects = useLoad(() => api('/api/v1/me/subjects'), []);
  const [busy, setBusy] = useState(null);
  const link = async (c, subjectId) => {
    if (!subjectId) return;
    try {
      await api('/api/v1/lti/course-links', { method: 'PUT', body: { platformId: c.platformId, contextId: c.contextId, subjectId } });
      say({ kind: 'ok', text: `${c.title} is now ${subjectId}. Bring its roster in next.` });
      courses.reload();
    } catch (e) {
      say({ kind: 'error', text: problem(e) });
    }
  };
  const sync = async (c) => {
    setBusy(c.contextId);
    try {
      const s = await api('/api/v1/lti/course-syncs', { method: 'POST', body: { platformId: c.platformId, contextId: c.contextId } });
      say({ kind: 'ok', text: `${c.title}: ${syncWords(s)}` });
      courses.reload();
    } catch (e) {
      say({ kind: 'error', text: problem(e) });
    } finally {
      setBusy(null);
    }
  };
  const list = courses.data || [];
  return html`<section aria-labelledby="courses-h" data-test="lms-courses"><h2 id="courses-h">Courses from the LMS</h2>
    ${courses.error && html`<${Notice} kind="error">${refusal(courses.error.code)}</${Notice}>`}
    ${courses.data && list.length === 0 && html`<${Empty}>${me.role === 'ADMIN' ? 'No course has opened the tool yet.'
      : 'Open the attendance link in your LMS course once; the course then shows here.'}</${Empty}>`}
    <ul class="cards">${list.map((c) => html`<li class="card" key=${`${c.platformId}/${c.contextId}`} data-test="lms-course" data-context=${c.contextId}>
      <strong>${c.title}</strong><span class="muted small">${c.platformName}</span>
      ${c.subjectId ? html`<span>Subject: <strong>${c.subjectName}</strong> (<span data-test="lms-subject">${c.subjectId}</span>)</span>`
        : html`<label>Which of your subjects is this course?
          <select data-test="lms-link" onChange=${(e) => link(c, e.target.value)}>
            <option value="">Choose…</option>
            ${(subjects.data || []).map((s) => html`<option value=${s.subjectId}>${s.subjectName} · ${s.className}</option>`)}
          </select></label>`}
      <span class="small">${c.grades ? 'Each student\u2019s attendance goes to the course\u2019s “Attendance” column after every class.'
        : 'The LMS does not let the tool post grades for this course.'}</span>
      ${c.lastSync && html`<span class="small" data-test="lms-last-sync">Roster brought in ${dayTime(c.syncedAt)}: ${syncWords(c.lastSync)}</span>`}
      ${c.subjectId && c.roster && html`<div class="row"><button type="button" class="secondary" disabled=${busy === c.contextId}
        onClick=${() => sync(c)} data-test="lms-sync">${busy === c.contextId ? 'Reading the course roster…' : 'Bring the roster in'}</button></div>`}
    </li>`)}</ul>
  </section>`;
}

function Platforms({ say }) {
  const tool = useLoad(() => api('/api/v1/admin/lti/tool'), []);
  const platforms = useLoad(() => api('/api/v1/admin/lti/platforms'), []);
  const [form, setForm] = useState(BLANK);
  const field = (name, label, hint, type = 'url') => html`<label>${label}${hint && html`<span class="muted small">${hint}</span>`}
    <input type=${type} required=${name !== 'frameOrigins'} value=${form[name]} data-test=${`lms-${name}`}
      onInput=${(e) => setForm({ ...form, [name]: e.target.value })} /></label>`;
  const list = (s) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
  const register = async (e) => {
    e.preventDefault();
    try {
      await api('/api/v1/admin/lti/platforms', { method: 'POST', body: { ...form,
        deploymentIds: list(form.deploymentIds), frameOrigins: list(form.frameOrigins) } });
      say({ kind: 'ok', text: `${form.name} is registered: its courses can open the tool now.` });
      setForm(BLANK);
      platforms.reload();
    } catch (err) {
      say({ kind: 'error', text: problem(err) });
    }
  };
  const remove = async (p) => {
    if (!confirm(`Remove ${p.name}? Its courses stop opening the tool and their links to subjects are forgotten.`)) return;
    try {
      await api(`/api/v1/admin/lti/platforms/${p.id}`, { method: 'DELETE' });
      say({ kind: 'ok', text: `${p.name} was removed.` });
      platforms.reload();
    } catch (err) {
      say({ kind: 'error', text: problem(err) });
    }
  };
  const t = tool.data;
  return html`<section aria-labelledby="platforms-h" data-test="lms-platforms"><h2 id="platforms-h">Registered LMSs</h2>
    ${t && html`<div class="card"><h3>Paste these into your LMS when adding the tool (LTI 1.3)</h3>
      <dl class="pairs">
        <dt>Login (initiation) URL</dt><dd><code data-test="tool-login">${t.loginUrl}</code></dd>
        <dt>Redirect (launch) URL</dt><dd><code>${t.launchUrl}</code></dd>
        <dt>Public keyset (JWKS) URL</dt><dd><code>${t.jwksUrl}</code></dd>
        <dt>Services to allow</dt><dd>Names and Role Provisioning (roster), Assignment and Grade Services (grades), and the user's e-mail</dd>
      </dl></div>`}
    ${platforms.data && platforms.data.length === 0 && html`<${Empty}>No LMS is registered yet.</${Empty}>`}
    <ul class="cards">${(platforms.data || []).map((p) => html`<li class="card" key=${p.id} data-test="lms-platform">
      <strong>${p.name}</strong><span class="small">${p.issuer} · client ${p.clientId}</span>
      <span class="small">Deployments: ${p.deploymentIds.join(', ')} · may frame the app: ${p.frameOrigins.join(', ')}</span>
      <div class="row"><button type="button" class="link" onClick=${() => remove(p)}>Remove</button></div></li>`)}</ul>
    <form class="card" onSubmit=${register} data-test="lms-register"><h3>Register an LMS</h3>
      <p class="muted small">Your LMS shows these after the tool is added (Moodle: Site administration → Plugins → External tool →
        Manage tools → the tool's details; Canvas: Developer Keys → LTI key; Blackboard: LTI Tool Providers).</p>
      ${field('name', 'Name', 'How people here call it, e.g. “Moodle”', 'text')}
      ${field('issuer', 'Issuer (platform ID)', 'e.g. https://moodle.college.edu')}
      ${field('clientId', 'Client ID', '', 'text')}
      ${field('deploymentIds', 'Deployment IDs', 'One or more, separated by commas', 'text')}
      ${field('authLoginUrl', 'Authentication request URL')}
      ${field('tokenUrl', 'Access token URL')}
      ${field('jwksUrl', 'Public keyset URL')}
      ${field('frameOrigins', 'Pages that show the tool (optional)', 'Origins of the LMS pages, e.g. https://college.instructure.com; by default the issuer’s', 'text')}
      <button type="submit" class="primary" data-test="lms-register-submit">Register</button></form>
  </section>`;
}
