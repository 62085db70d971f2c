// An online or hybrid class on the teacher's session page: check-ins shown at a random moment, the meeting's participant
// reports (Zoom, Teams, Meet), and the review of what their minutes make of each student, applied in one step.
import { useEffect, useState } from 'preact/hooks';
import { html, Badge, Notice, Empty, useLoad, useNow } from '../../ui.js';
import { api, authFetch, ApiError } from '../../api.js';
import { refusal } from '../../messages.js';
import { time } from '../../dates.js';

const FORMAT = { ZOOM: 'Zoom', TEAMS: 'Teams', MEET: 'Google Meet' };

/** The check-in waiting or open now, polled while there is one; its code large enough to read in a shared screen. */
export function useCheckIn(id, active = true) {
  const [checkIn, setCheckIn] = useState(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return undefined;
    let stop = false;
    const load = () => api(`/api/v1/sessions/${id}/check-ins/current`).then((c) => !stop && setCheckIn(c || null), () => {});
    load();
    const t = setInterval(load, 2000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [id, active, tick]);
  return [checkIn, () => setTick((n) => n + 1)];
}

export function CheckInCode({ checkIn }) {
  const now = useNow(1000);
  if (!checkIn?.code) return null;
  const left = Math.max(0, Math.round((Date.parse(checkIn.closesAt) - now) / 1000));
  return html`<div class="check-in" role="status" data-test="check-in">
    <span class="label">Check-in: type this code in the attendance app</span>
    <span class="digits" data-test="check-in-code">${checkIn.code}</span>
    <span class="small">${left} s left</span></div>`;
}

export function OnlinePanel({ id, open }) {
  const review = useLoad(() => api(`/api/v1/sessions/${id}/online`), [id]);
  const [checkIn, reloadCheckIn] = useCheckIn(id, open);
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const say = (kind, text) => setMessage({ kind, text });
  const problem = (e) => `${refusal(e.code)}${e.problem?.detail ? ` (${e.problem.detail})` : ''}`;

  const startCheckIn = async (withinMinutes) => {
    try {
      const c = await api(`/api/v1/sessions/${id}/check-ins`, { method: 'POST', body: { withinMinutes } });
      say('ok', c.code ? 'The check-in is open for a minute: its code is on the projector page.'
        : `A check-in will appear on the projector page at a moment of the next ${withinMinutes} minutes.`);
      reloadCheckIn();
    } catch (e) {
      say('error', problem(e));
    }
  };
  const upload = async (file) => {
    if (!file) return;
    setBusy(true);
    say('info', `Reading ${file.name}…`);
    try {
      const res = await authFetch(`/api/v1/sessions/${id}/meeting-reports`, { method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' }, body: await file.arrayBuffer() });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) throw new ApiError(res.status, body);
      say('ok', `${file.name} (${FORMAT[body.format]}): ${body.matched} of the class found among ${body.participants} participants`
        + `${body.unknown.length ? `; not on the roster: ${body.unknown.join(', ')}` : ''}`
        + `${body.problems.length ? `; ${body.problems.length} unreadable line(s)` : ''}.`);
      review.reload();
    } catch (e) {
      say('error', `${file.name} was not imported. ${e instanceof ApiError ? problem(e) : refusal('NETWORK')}`);
    } finally {
      setBusy(false);
    }
  };
  const [joinUrl, setJoinUrl] = useState('');
  const fromTeams = async (e) => {
    e.preventDefault();
    setBusy(true);
    say('info', 'Reading the meeting’s attendance from Teams…');
    try {
      const body = await api(`/api/v1/sessions/${id}/meeting-reports/teams`, { method: 'POST', body: { joinUrl: joinUrl.trim() } });
      say('ok', `Teams: ${body.matched} of the class found among ${body.participants} participants`
        + `${body.unknown.length ? `; not on the roster: ${body.unknown.join(', ')}` : ''}.`);
      setJoinUrl('');
      review.reload();
    } catch (err) {
      say('error', problem(err));
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    try {
      const a = await api(`/api/v1/sessions/${id}/online/decisions`, { method: 'POST' });
      say('ok', `Marked ${a.present} present and ${a.late} late from the meeting; ${a.left} left as they are.`);
      review.reload();
    } catch (e) {
      say('error', problem(e));
    }
  };
  const r = review.data;
  const proposals = (r?.students || []).filter((s) => s.proposed !== 'ABSENT').length;
  return html`<section aria-labelledby="online-h" class="card online" data-test="online">
    <h2 id="online-h">Online class</h2>
    <div aria-live="polite">${message && html`<${Notice} kind=${message.kind} testId="online-message">${message.text}</${Notice}>`}</div>
    ${open && html`<div class="row">
      ${checkIn ? html`<span data-test="check-in-state">${checkIn.code ? `Check-in open until ${time(checkIn.closesAt)}` : 'A check-in is waiting for its moment'}</span>`
        : html`<button type="button" class="secondary" onClick=${() => startCheckIn(0)} data-test="check-in-now">Check-in now</button>
          <button type="button" class="secondary" onClick=${() => startCheckIn(10)} data-test="check-in-random">Check-in at a random moment (10 min)</button>`}
    </div>`}
    <div class="row">
      <label for="meeting-report" class="button secondary">${busy ? 'Reading…' : 'Upload the meeting’s attendance report…'}</label>
      <input id="meeting-report" class="visually-hidden" type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" data-test="meeting-report"
        onChange=${(e) => { upload(e.target.files[0]); e.target.value = ''; }} />
    </div>
    ${r?.teamsApi && html`<form class="row" onSubmit=${fromTeams} data-test="teams-api">
      <label>Or the Teams meeting’s link<input type="url" required value=${joinUrl} placeholder="https://teams.microsoft.com/l/meetup-join/…"
        onInput=${(e) => setJoinUrl(e.target.value)} /></label>
      <button type="submit" class="secondary" disabled=${busy}>Read its attendance from Teams</button></form>`}
    <p class="small muted">Zoom: Reports → Usage → Participants (CSV). Teams: the meeting’s Attendance tab → Download. Meet: the
      attendance report in your Drive, as CSV. Several reports add up; a student’s reconnects count once.</p>
    ${r && r.imports.length === 0 && html`<${Empty}>No meeting report yet.</${Empty}>`}
    ${r && r.imports.length > 0 && html`
      <p>A student who was in the meeting for at least ${Math.round(r.minShare * 100)} % of the ${r.scheduledMinutes} minutes counts
        present, or late after ${time(r.lateAt)}. ${r.checkIns.length ? `${r.checkIns.length} check-in(s) held.` : ''}</p>
      <div class="scroll" tabindex="0"><table class="data" data-test="online-review">
        <caption class="visually-hidden">What the meeting says of each student</caption>
        <thead><tr><th scope="col">Student</th><th scope="col">Minutes</th><th scope="col">First joined</th>
          <th scope="col">Check-ins</th><th scope="col">From the meeting</th></tr></thead>
        <tbody>${r.students.map((s) => html`<tr key=${s.email} data-email=${s.email}>
          <th scope="row">${s.name}</th><td>${s.minutes}${s.stays > 1 ? html` <span class="muted small">(${s.stays} stays)</span>` : ''}</td>
          <td>${s.firstJoin ? time(s.firstJoin) : '—'}</td><td>${r.checkIns.length ? `${s.checkIns} of ${r.checkIns.length}` : '—'}</td>
          <td data-test="proposed"><${Badge} status=${s.proposed} />${s.markedHere ? html` <span class="muted small">marked in the room</span>` : ''}</td>
        </tr>`)}</tbody></table></div>
      <div class="row"><button type="button" class="primary" disabled=${proposals === 0} onClick=${apply} data-test="online-apply">
        Mark ${proposals} student(s) from the meeting</button></div>
      <p class="small muted">Only absences change: a student marked in the room keeps that mark. The others are absent at the close,
        unless you mark them.</p>`}
  </section>`;
}
