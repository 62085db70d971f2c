// The teacher's screens: today's timetable with Start, the live roster, the projector, device
// approvals and the register export.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html, Page, Badge, Notice, Empty, useLoad, navigate, useNow } from '../ui.js';
import { api, authFetch, download } from '../api.js';
import { follow } from '../sse.js';
import { refusal, T, flagWords, alertWords, STATUS, methodWord } from '../messages.js';
import { time, day, today, thisMonth, relative } from '../dates.js';


function subjectsById(list = []) {
  return Object.fromEntries(list.map((s) => [s.subjectId, s]));
}

function here() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: Math.min(100000, p.coords.accuracy) }),
      () => resolve(null), { enableHighAccuracy: true, timeout: 8000 });
  });
}

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

/** Follows the live view of a session; returns [view, connection state]. */
function useLive(sessionId) {
  const [view, setView] = useState(null);
  const [state, setState] = useState('connecting');
  useEffect(() => follow(`/api/v1/sessions/${sessionId}/live/stream`, authFetch, {
    onEvent: (v) => setView(v), onState: setState }), [sessionId]);
  return [view, state];
}

function SessionHeader({ session, subject }) {
  return html`<p class="lead">${subject ? `${subject.subjectName} · ${subject.classId}` : session?.subjectId}
    ${session && html` · ${day(session.startedAt)}, ${time(session.startedAt)}–${time(session.closesAt)}`}</p>`;
}

export function TeacherSession({ id }) {
  const session = useLoad(() => api(`/api/v1/sessions/${id}`), [id]);
  const subjects = useLoad(() => api('/api/v1/me/subjects'), []);
  const [view, state] = useLive(id);
  const [message, setMessage] = useState(null);
  const [marking, setMarking] = useState(null); // email
  const subject = session.data && subjectsById(subjects.data)[session.data.subjectId];
  const open = (view?.status || session.data?.status) === 'OPEN';

  const mark = async (studentEmail, status, reason) => {
    try {
      await api(`/api/v1/sessions/${id}/marks`, { method: 'POST', body: { studentEmail, status, reason } });
      setMessage({ kind: 'ok', text: `${studentEmail}: ${STATUS[status].word}.` });
      setMarking(null);
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const close = async () => {
    if (!confirm(T.closeConfirm)) return;
    try {
      await api(`/api/v1/sessions/${id}/close`, { method: 'POST' });
      session.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const c = view?.counts || {};
  const flagged = new Set((view?.alerts || []).flatMap((a) => a.students));
  const names = Object.fromEntries((view?.students || []).map((s) => [s.email, s.name]));
  const statusOf = Object.fromEntries((view?.students || []).map((s) => [s.email, s.status]));

  return html`<${Page} title="Live roster" wide>
    <${SessionHeader} session=${session.data} subject=${subject} />
    ${session.error && html`<${Notice} kind="error">${refusal(session.error.code)}</${Notice}>`}
    ${state === 'reconnecting' && html`<p class="reconnecting" role="status">${T.reconnecting}</p>`}
    <div class="toolbar">
      ${open && html`<a class="button primary" href=${`#/project/${id}`} target="_blank" rel="noopener" data-test="project">Show the code on the projector</a>`}
      ${open && html`<button type="button" class="danger" onClick=${close} data-test="close">Close attendance</button>`}
      ${!open && session.data && html`<span class="muted">Closed ${session.data.closedAt ? time(session.data.closedAt) : ''}</span>`}
    </div>
    <dl class="counts" data-test="counts">
      ${['present', 'late', 'flagged', 'absent', 'excused', 'pending'].map((k) => html`<div class=${`count s-${k}`}>
        <dt>${STATUS[k.toUpperCase()].word}</dt><dd data-test=${`count-${k}`}>${c[k] ?? 0}</dd></div>`)}
    </dl>
    ${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}
    ${(view?.alerts || []).length > 0 && html`<section aria-labelledby="alerts-h" class="alerts">
      <h2 id="alerts-h">Spotted by the system</h2>
      <ul>${view.alerts.map((a) => {
        const w = alertWords(a);
        // a doubtful mark is decided where it is reported: one action, without finding the row
        const waiting = a.type === 'FLAGGED' ? a.students.filter((e) => statusOf[e] === 'FLAGGED') : [];
        return html`<li key=${`${a.type}${a.at}${a.students.join()}`} data-test="alert"><strong>${w.title}</strong>
          ${' '}${a.students.map((e) => names[e] || e).join(', ')} · ${time(a.at)}${w.detail ? html` · <span>${w.detail}</span>` : ''}
          ${waiting.map((e) => html`<span class="actions inline">
            <button type="button" class="primary small" onClick=${() => mark(e, 'PRESENT', 'accepted after review')}>Accept<span class="visually-hidden"> ${names[e] || e}</span></button>
            <button type="button" class="secondary small" onClick=${() => mark(e, 'ABSENT', 'rejected after review')}>Reject<span class="visually-hidden"> ${names[e] || e}</span></button></span>`)}</li>`;
      })}</ul>
    </section>`}
    ${!view && state !== 'ended' && html`<p class="muted">Loading the roster…</p>`}
    ${view && view.students.length === 0 && html`<${Empty}>Nobody is enrolled in this class.</${Empty}>`}
    ${view && view.students.length > 0 && html`<table class="roster" data-test="roster">
      <caption class="visually-hidden">Students and their marks</caption>
      <thead><tr><th scope="col">Student</th><th scope="col">Mark</th><th scope="col">How</th><th scope="col">When</th><th scope="col">Actions</th></tr></thead>
      <tbody>${view.students.map((s) => html`<tr key=${s.email} data-email=${s.email} class=${s.status === 'FLAGGED' || flagged.has(s.email) ? 'flagged' : ''}>
        <th scope="row">${s.name}<br /><span class="muted small">${s.email}</span></th>
        <td data-test="status"><${Badge} status=${s.status} />${s.offline ? html` <span class="tag" data-test="offline">offline</span>` : ''}
          ${s.flags?.length ? html`<br /><span class="small warn-text">${flagWords(s.flags).join('; ')}</span>` : ''}</td>
        <td>${methodWord(s.method)}</td>
        <td>${s.at ? time(s.at) : ''}</td>
        <td><div class="actions">
          ${s.status === 'FLAGGED' && html`<button type="button" class="primary small" onClick=${() => mark(s.email, 'PRESENT', 'accepted after review')}>Accept</button>
            <button type="button" class="secondary small" onClick=${() => mark(s.email, 'ABSENT', 'rejected after review')}>Reject</button>`}
          ${marking === s.email
            ? html`<${MarkForm} onMark=${(st, reason) => mark(s.email, st, reason)} onCancel=${() => setMarking(null)} />`
            : html`<button type="button" class="link" onClick=${() => setMarking(s.email)}>Mark…<span class="visually-hidden"> ${s.name}</span></button>`}
        </div></td></tr>`)}</tbody>
    </table>`}
  </${Page}>`;
}

function MarkForm({ onMark, onCancel }) {
  const [status, setStatus] = useState('PRESENT');
  const [reason, setReason] = useState('');
  const input = useRef(null);
  useEffect(() => input.current?.focus(), []);
  return html`<form class="mark" onSubmit=${(e) => { e.preventDefault(); onMark(status, reason || 'marked by the teacher'); }}>
    <label>Mark<select ref=${input} value=${status} onChange=${(e) => setStatus(e.target.value)}>
      ${['PRESENT', 'LATE', 'ABSENT', 'EXCUSED'].map((s) => html`<option value=${s}>${STATUS[s].word}</option>`)}</select></label>
    <label>Reason<input value=${reason} maxlength="500" onInput=${(e) => setReason(e.target.value)} placeholder="e.g. medical note" /></label>
    <button type="submit" class="primary small">Save</button>
    <button type="button" class="link" onClick=${onCancel}>Cancel</button>
  </form>`;
}

/** The projector: the QR large with a quiet zone, what class it is, the OTP, arrivals counting up. */
export function Projector({ id }) {
  const session = useLoad(() => api(`/api/v1/sessions/${id}`), [id]);
  const subjects = useLoad(() => api('/api/v1/me/subjects'), []);
  const [view] = useLive(id);
  const [qrUrl, setQrUrl] = useState(null);
  const [otp, setOtp] = useState(null);
  const [ended, setEnded] = useState(false);
  const now = useNow(1000);
  const subject = session.data && subjectsById(subjects.data)[session.data.subjectId];
  const mode = session.data?.mode;

  // a new image per rotation, swapped in only once it has loaded: no flicker
  useEffect(() => {
    if (!mode || mode === 'OTP') return undefined;
    let current;
    const stop = follow(`/api/v1/sessions/${id}/qr/stream`, authFetch, {
      onEvent: async () => {
        const res = await authFetch(`/api/v1/sessions/${id}/qr.svg`);
        if (!res.ok) return;
        const url = URL.createObjectURL(await res.blob());
        const img = new Image();
        img.onload = () => {
          setQrUrl(url);
          if (current) setTimeout(((old) => () => URL.revokeObjectURL(old))(current), 1000);
          current = url;
        };
        img.src = url;
      },
      onState: (s) => s === 'ended' && setEnded(true),
    });
    return stop;
  }, [id, mode]);

  useEffect(() => {
    if (!mode || mode === 'QR') return undefined;
    let timer;
    const load = async () => {
      try {
        const o = await api(`/api/v1/sessions/${id}/otp`);
        setOtp(o);
        timer = setTimeout(load, Math.max(500, new Date(o.validUntil).getTime() - Date.now() + 100));
      } catch {
        setOtp(null);
        timer = setTimeout(load, 5000);
      }
    };
    load();
    return () => clearTimeout(timer);
  }, [id, mode]);

  useEffect(() => {
    document.title = 'Projector · Attendance';
  }, []);
  const c = view?.counts || {};
  const arrived = (c.present || 0) + (c.late || 0) + (c.flagged || 0);
  const closed = ended || view?.status === 'CLOSED';
  const full = () => document.documentElement.requestFullscreen?.().catch(() => {});

  return html`<main id="main" class="projector">
    <h1 class="visually-hidden">Attendance code</h1>
    <div class="qr-pane">
      ${closed ? html`<p class="closed-note">Attendance is closed.</p>`
        : mode === 'OTP' ? html`<p class="closed-note">Type the code shown here.</p>`
        : qrUrl ? html`<img class="qr" src=${qrUrl} alt="QR code to scan for attendance" data-test="qr" />`
        : html`<p class="closed-note">Preparing the code…</p>`}
    </div>
    <aside class="info">
      <p class="subject">${subject?.subjectName || session.data?.subjectId || ''}</p>
      <p class="class">${subject ? `${subject.classId} · ${subject.className}` : ''}</p>
      <p class="clock">${day(new Date(now).toISOString())} · ${time(new Date(now).toISOString())}</p>
      ${session.data && html`<p class="late">Late after ${time(session.data.lateAt)} (${relative(new Date(session.data.lateAt).getTime(), now)})</p>`}
      ${!closed && otp && html`<div class="otp-box"><span class="label">Code</span><span class="digits" data-test="otp-digits">${otp.otp}</span></div>`}
      <p class="arrivals" aria-live="polite"><span class="n" data-test="arrivals">${arrived}</span> of ${session.data?.rosterSize ?? '…'} in</p>
      <button type="button" class="secondary" onClick=${full}>Full screen</button>
    </aside>
  </main>`;
}

export function Devices() {
  const pending = useLoad(() => api('/api/v1/devices?status=PENDING'), []);
  const [message, setMessage] = useState(null);
  const decide = async (d, verb) => {
    try {
      await api(`/api/v1/devices/${d.deviceId}/${verb}`, { method: 'POST' });
      setMessage({ kind: 'ok', text: `${d.studentEmail}: ${verb === 'approve' ? 'this phone can mark attendance now' : 'request turned down'}.` });
      pending.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  const list = pending.data || [];
  return html`<${Page} title="Phones waiting for approval">
    <p>A student who signs in on a new phone needs your approval before it can mark attendance. Approving makes it
      their one phone; the old one stops working.</p>
    ${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}
    ${list.length === 0 && !pending.loading && html`<${Empty}>No phones are waiting.</${Empty}>`}
    <ul class="cards">${list.map((d) => html`<li class="card" key=${d.deviceId} data-test="pending-device">
      <strong>${d.studentEmail}</strong><span>${d.platform} · asked ${day(d.requestedAt)}, ${time(d.requestedAt)}</span>
      <div class="row"><button type="button" class="primary" onClick=${() => decide(d, 'approve')}>Approve</button>
        <button type="button" class="secondary" onClick=${() => decide(d, 'reject')}>Turn down</button></div></li>`)}</ul>
  </${Page}>`;
}

export function Register() {
  const subjects = useLoad(() => api('/api/v1/me/subjects'), []);
  const [subjectId, setSubjectId] = useState('');
  const [month, setMonth] = useState(thisMonth());
  const [message, setMessage] = useState(null);
  const list = subjects.data || [];
  const chosen = list.find((s) => s.subjectId === subjectId) || list[0];
  const get = async (format) => {
    if (!chosen) return;
    setMessage({ kind: 'info', text: 'Preparing the file…' });
    try {
      const name = await download(`/api/v1/exports/register?classId=${encodeURIComponent(chosen.classId)}&subjectId=${encodeURIComponent(chosen.subjectId)}&month=${month}&format=${format}`,
        `register-${chosen.classId}-${chosen.subjectId}-${month}.${format}`);
      setMessage({ kind: 'ok', text: `Downloaded ${name}.` });
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e.code) });
    }
  };
  return html`<${Page} title="Monthly register">
    <p>The month’s register for a class: every student, every day (P present, L late, A absent, E excused), with totals and the rate.</p>
    ${list.length === 0 && !subjects.loading && html`<${Empty}>You teach no subjects yet.</${Empty}>`}
    ${list.length > 0 && html`<form class="card" onSubmit=${(e) => e.preventDefault()}>
      <label>Subject<select value=${chosen?.subjectId} onChange=${(e) => setSubjectId(e.target.value)}>
        ${list.map((s) => html`<option value=${s.subjectId}>${s.subjectName} · ${s.classId}</option>`)}</select></label>
      <label>Month<input type="month" value=${month} onInput=${(e) => setMonth(e.target.value)} /></label>
      <div class="row"><button type="button" class="primary" data-test="register-pdf" onClick=${() => get('pdf')}>Download PDF</button>
        <button type="button" class="secondary" onClick=${() => get('xlsx')}>Download Excel</button></div>
    </form>`}
    <div aria-live="polite" data-test="register-message">${message && html`<${Notice} kind=${message.kind}>${message.text}</${Notice}>`}</div>
  </${Page}>`;
}
