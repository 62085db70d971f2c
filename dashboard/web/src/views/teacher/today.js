// The teacher's day: today's timetable with Start for each period, and an extra session.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad, navigate, useNow } from '../../ui.js';
import { api } from '../../api.js';
import { refusal, T } from '../../messages.js';
import { time, day, today } from '../../dates.js';
import { subjectsById, here } from './shared.js';

function StartForm({ body, label, onError }) {
  const [mode, setMode] = useState('QR_AND_OTP');
  const [delivery, setDelivery] = useState('IN_ROOM');
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
      const location = share && delivery !== 'ONLINE' ? await here() : null;
      const r = await api('/api/v1/sessions', { method: 'POST',
        body: { ...body, mode, delivery, lateAfterMinutes: Number(late), ...(location ? { location } : {}) } });
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
    <label>Where
      <select value=${delivery} onChange=${(e) => setDelivery(e.target.value)} name=${`delivery-${id}`} data-test="delivery">
        <option value="IN_ROOM">In the room</option>
        <option value="ONLINE">Online (a meeting)</option>
        <option value="HYBRID">Both: in the room and online</option>
      </select></label>
    <label>How students mark
      <select value=${mode} onChange=${(e) => setMode(e.target.value)} name=${`mode-${id}`}>
        <option value="QR_AND_OTP">QR code and 4-digit code</option>
        <option value="QR">QR code only</option>
        <option value="OTP">4-digit code only</option>
      </select></label>
    <label>Late after (minutes)
      <input type="number" min="0" max="180" value=${late} onInput=${(e) => setLate(e.target.value)} /></label>
    ${delivery !== 'ONLINE' && html`<label class="check"><input type="checkbox" checked=${share} onChange=${(e) => setShare(e.target.checked)} />
      Share my location — the strongest check against a code sent to someone outside the room</label>`}
    ${delivery !== 'IN_ROOM' && html`<p class="small muted">Share the projector page in the meeting. After the class, upload the
      meeting's attendance report (Zoom, Teams or Meet) on the session page: its minutes decide the students who were online.</p>`}
    <button type="submit" class="primary" disabled=${busy} data-test="start">${label}</button>
  </form>`;
}

/** Cancel this day's period (with the reason students read), before it is held. */
function CancelForm({ period, onDone, onError }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const cancel = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api(`/api/v1/periods/${encodeURIComponent(period.periodId)}/cancellations`, { method: 'POST', body: { date: today(), reason } });
      onDone();
    } catch (err) {
      onError(refusal(err.code) + (err.problem?.detail ? ` (${err.problem.detail})` : ''));
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="start" onSubmit=${cancel}>
    <label>Why (your students read this)
      <input maxlength="300" required value=${reason} onInput=${(e) => setReason(e.target.value)} data-test="cancel-reason" /></label>
    <p class="small muted">Nobody is marked absent and the class counts for nobody’s percentage.</p>
    <button type="submit" class="secondary" disabled=${busy} data-test="cancel-period">Cancel this class</button>
  </form>`;
}

/** Hand a subject's classes to a colleague for some days; the hand-overs that are not over yet. */
function HandOver({ subjects, onError }) {
  const list = useLoad(() => api('/api/v1/substitutions'), []);
  const [subjectId, setSubjectId] = useState('');
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(today());
  const [colleague, setColleague] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(null);
  const chosen = subjectId || subjects[0]?.subjectId || '';
  const give = async (e) => {
    e.preventDefault();
    try {
      const h = await api('/api/v1/substitutions', { method: 'POST', body: { subjectId: chosen, from, to, substituteEmail: colleague, reason } });
      setDone(`${h.substituteName} takes ${h.subjectName} (${h.classId}) ${h.from === h.to ? `on ${day(h.from)}` : `from ${day(h.from)} to ${day(h.to)}`}.`);
      setColleague('');
      list.reload();
    } catch (err) {
      onError(refusal(err.code) + (err.problem?.detail ? ` (${err.problem.detail})` : ''));
    }
  };
  const withdraw = (h) => api(`/api/v1/substitutions/${h.substitutionId}`, { method: 'DELETE' }).then(() => list.reload(),
    (err) => onError(refusal(err.code)));
  return html`<details class="card"><summary>Hand a class to a colleague</summary>
    <form onSubmit=${give}>
      <label>Subject<select value=${chosen} onChange=${(e) => setSubjectId(e.target.value)} data-test="hand-subject">
        ${subjects.map((s) => html`<option value=${s.subjectId}>${s.subjectName} · ${s.classId}</option>`)}</select></label>
      <div class="row">
        <label>From <input type="date" value=${from} min=${today()} onInput=${(e) => setFrom(e.target.value)} required /></label>
        <label>To <input type="date" value=${to} min=${from} onInput=${(e) => setTo(e.target.value)} required /></label>
      </div>
      <label>Colleague’s e-mail<input type="email" required value=${colleague} onInput=${(e) => setColleague(e.target.value)} data-test="hand-to" /></label>
      <label>Note (optional)<input maxlength="300" value=${reason} onInput=${(e) => setReason(e.target.value)} /></label>
      <p class="small muted">They see these classes on their Today and can run them; you keep them too.</p>
      <button type="submit" class="secondary" data-test="hand-over">Hand over</button>
    </form>
    ${done && html`<${Notice} kind="ok" testId="handed">${done}</${Notice}>`}
    ${(list.data || []).length > 0 && html`<ul class="cards compact">${list.data.map((h) => html`<li class="card" key=${h.substitutionId}>
      <span><strong>${h.subjectName}</strong> · ${h.classId} · ${h.from === h.to ? day(h.from) : `${day(h.from)} – ${day(h.to)}`}:
        ${h.substituteName}${h.reason ? ` (${h.reason})` : ''}</span>
      <div class="row"><button type="button" class="secondary" onClick=${() => withdraw(h)}>Withdraw</button></div></li>`)}</ul>`}
  </details>`;
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
  const special = useLoad(() => api(`/api/v1/calendar?from=${today()}&to=${today()}`), []);
  const restore = (p) => api(`/api/v1/periods/${encodeURIComponent(p.periodId)}/cancellations/${today()}`, { method: 'DELETE' })
    .then(() => timetable.reload(), (err) => setError(refusal(err.code)));
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
      ${special.data?.[0]?.kind === 'HOLIDAY' && html`<${Notice} kind="info" testId="holiday">${T.holiday(special.data[0].name)}</${Notice}>`}
      ${special.data?.[0]?.kind === 'TEACHING' && html`<p class="small">${special.data[0].name} — today follows ${special.data[0].follows.toLowerCase()}’s timetable.</p>`}
      ${periods.length === 0 && !timetable.loading && special.data?.[0]?.kind !== 'HOLIDAY' && html`<${Empty}>${admin
        ? 'Admins have no periods of their own; start a session for any subject below.' : T.noPeriodsToday}</${Empty}>`}
      <ul class="cards">
        ${periods.map((p) => html`<li class="card period" key=${p.periodId} data-test="period">
          <div class="when"><strong>${p.startTime.slice(0, 5)}–${p.endTime.slice(0, 5)}</strong><span>Period ${p.periodNo}</span></div>
          <div class="what"><strong>${p.subjectName}</strong><span>${p.classId} · ${p.className}</span>
            ${p.substituteFor && html`<span class="tag" data-test="substituting">Taking it for ${p.substituteFor}</span>`}
            ${p.handedTo && html`<span class="tag">Handed to ${p.handedTo}</span>`}</div>
          ${p.cancelled ? html`<div class="row"><span class="warn-text" data-test="cancelled">Cancelled — ${p.cancelled}</span>
              <button type="button" class="link" onClick=${() => restore(p)}>Hold it after all</button></div>`
            : !p.session && p.endTime.slice(0, 5) <= nowHm ? html`<span class="muted">Ended — not held</span>`
            : p.session
            ? html`<a class=${`button ${p.session.status === 'OPEN' ? 'primary' : 'secondary'}`} href=${`#/session/${p.session.sessionId}`}>
                ${p.session.status === 'OPEN' ? 'Open live roster' : 'See the record'}</a>`
            : html`<details><summary>Start attendance</summary>
                <${StartForm} body=${{ periodId: p.periodId }} label="Start" onError=${setError} /></details>
              <details><summary>Cancel this class today</summary>
                <${CancelForm} period=${p} onDone=${() => timetable.reload()} onError=${setError} /></details>`}
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
      ${subjects.data?.length > 0 && html`<${HandOver} subjects=${subjects.data} onError=${setError} />`}
      ${(recent.data || []).length > 0 && html`<ul class="cards">
        ${recent.data.map((s) => html`<li class="card" key=${s.sessionId}>
          <strong>${names[s.subjectId]?.subjectName || s.subjectId}</strong><span>started ${time(s.startedAt)}</span>
          <a class="button secondary" href=${`#/session/${s.sessionId}`}>${s.status === 'OPEN' ? 'Open live roster' : 'See the record'}</a></li>`)}
      </ul>`}
    </section>
  </${Page}>`;
}
