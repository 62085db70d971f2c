// The teacher's day: today's timetable with Start for each period, and an extra session.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad, navigate, useNow } from '../../ui.js';
import { api } from '../../api.js';
import { refusal, T } from '../../messages.js';
import { time, day, today } from '../../dates.js';
import { subjectsById, here } from './shared.js';

function StartForm({ body, label, onError }) {
  const [mode, setMode] = useState('QR_AND_OTP');
  const [late, setLate] = useState(5);
  // remembered on this computer: a teacher who shares once keeps sharing
  const [share, setShareState] = useState(() => globalThis.localStorage?.getItem('share-location') === 'yes');
  const setShare = (on) => {
    setShareState(on);
    globalThis.localStorage?.setItem('share-location', on ? 'yes' : 'no');
  };
  const [busy, setBusy] = useState(false);
  const start = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      const location = share ? await here() : null;
      const r = await api('/api/v1/sessions', { method: 'POST',
        body: { ...body, mode, lateAfterMinutes: Number(late), ...(location ? { location } : {}) } });
      navigate(`#/session/${r.sessionId}`);
    } catch (err) {
      if (err.code === 'CONFLICT' && err.problem.sessionId) navigate(`#/session/${err.problem.sessionId}`);
      else onError(refusal(err.code) + (err.problem.detail ? ` (${err.problem.detail})` : ''));
    } finally {
      setBusy(false);
    }
  };
  const id = body.periodId || body.subjectId;
  return html`<form class="start" onSubmit=${start}>
    <label>How students mark
      <select value=${mode} onChange=${(e) => setMode(e.target.value)} name=${`mode-${id}`}>
        <option value="QR_AND_OTP">QR code and 4-digit code</option>
        <option value="QR">QR code only</option>
        <option value="OTP">4-digit code only</option>
      </select></label>
    <label>Late after (minutes)
      <input type="number" min="0" max="180" value=${late} onInput=${(e) => setLate(e.target.value)} /></label>
    <label class="check"><input type="checkbox" checked=${share} onChange=${(e) => setShare(e.target.checked)} />
      Share my location — the strongest check against a code sent to someone outside the room</label>
    <button type="submit" class="primary" disabled=${busy} data-test="start">${label}</button>
  </form>`;
}

export function TeacherToday({ me }) {
  // an admin has no periods of their own: only extra sessions, for any subject
  const admin = me.role === 'ADMIN';
  const timetable = useLoad(() => (admin ? Promise.resolve([]) : api('/api/v1/me/timetable')), []);
  const subjects = useLoad(() => api('/api/v1/me/subjects'), []);
  const recent = useLoad(async () => {
    const list = subjects.data || [];
    const pages = await Promise.all(list.map((s) => api(`/api/v1/sessions?subjectId=${encodeURIComponent(s.subjectId)}&from=${today()}&to=${today()}&limit=20`)));
    return pages.flat().filter((s) => !s.periodId).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }, [subjects.data]);
  const waiting = useLoad(() => api('/api/v1/claims/waiting'), []);
  const [error, setError] = useState(null);
  const [adhoc, setAdhoc] = useState('');
  const [minutes, setMinutes] = useState(60);
  const names = subjectsById(subjects.data);
  const periods = timetable.data || [];
  const subject = adhoc || subjects.data?.[0]?.subjectId || '';
  const nowHm = time(new Date(useNow(30000)).toISOString());

  return html`<${Page} title=${`Today · ${day(today())}`}>
    ${error && html`<${Notice} kind="error">${error}</${Notice}>`}
    ${timetable.error && html`<${Notice} kind="error">${refusal(timetable.error.code)}</${Notice}>`}
    ${waiting.data?.open > 0 && html`<p class="notice info" data-test="claims-waiting"><a href="#/review">
      ${waiting.data.open === 1 ? '1 claim waits' : `${waiting.data.open} claims wait`} for your decision</a>${admin
        ? ' — absence reasons with their documents, and “I was there” claims.' : ' — students who say they were in your class.'}</p>`}
    <section aria-labelledby="periods-h">
      <h2 id="periods-h">Your periods</h2>
      ${periods.length === 0 && !timetable.loading && html`<${Empty}>${admin
        ? 'Admins have no periods of their own; start a session for any subject below.' : T.noPeriodsToday}</${Empty}>`}
      <ul class="cards">
        ${periods.map((p) => html`<li class="card period" key=${p.periodId} data-test="period">
          <div class="when"><strong>${p.startTime.slice(0, 5)}–${p.endTime.slice(0, 5)}</strong><span>Period ${p.periodNo}</span></div>
          <div class="what"><strong>${p.subjectName}</strong><span>${p.classId} · ${p.className}</span></div>
          ${!p.session && p.endTime.slice(0, 5) <= nowHm ? html`<span class="muted">Ended — not held</span>`
            : p.session
            ? html`<a class=${`button ${p.session.status === 'OPEN' ? 'primary' : 'secondary'}`} href=${`#/session/${p.session.sessionId}`}>
                ${p.session.status === 'OPEN' ? 'Open live roster' : 'See the record'}</a>`
            : html`<details><summary>Start attendance</summary>
                <${StartForm} body=${{ periodId: p.periodId }} label="Start" onError=${setError} /></details>`}
        </li>`)}
      </ul>
    </section>
    <section aria-labelledby="adhoc-h">
      <h2 id="adhoc-h">An extra session</h2>
      ${subjects.data?.length === 0 && html`<${Empty}>You teach no subjects yet — the college office imports them.</${Empty}>`}
      ${subjects.data?.length > 0 && html`<details class="card"><summary>Start an extra session now</summary>
        <label>Subject
          <select value=${subject} onChange=${(e) => setAdhoc(e.target.value)}>
            ${subjects.data.map((s) => html`<option value=${s.subjectId}>${s.subjectName} · ${s.classId}</option>`)}
          </select></label>
        <label>Length (minutes)<input type="number" min="1" max="600" value=${minutes} onInput=${(e) => setMinutes(e.target.value)} /></label>
        <${StartForm} body=${{ subjectId: subject, durationMinutes: Number(minutes) }} label="Start now" onError=${setError} />
      </details>`}
      ${(recent.data || []).length > 0 && html`<ul class="cards">
        ${recent.data.map((s) => html`<li class="card" key=${s.sessionId}>
          <strong>${names[s.subjectId]?.subjectName || s.subjectId}</strong><span>started ${time(s.startedAt)}</span>
          <a class="button secondary" href=${`#/session/${s.sessionId}`}>${s.status === 'OPEN' ? 'Open live roster' : 'See the record'}</a></li>`)}
      </ul>`}
    </section>
  </${Page}>`;
}
