// The projector: the rotating QR and the 4-digit code, big, with the count of who is in.
import { useEffect, useState } from 'preact/hooks';
import { html, useLoad, useNow } from '../../ui.js';
import { CheckInCode, useCheckIn } from './online.js';
import { api, authFetch } from '../../api.js';
import { follow } from '../../sse.js';
import { qrSvg } from '../../qrcode.js';
import { time, day, relative } from '../../dates.js';
import { subjectsById, here, useLiveCounts } from './shared.js';

/** The projector: the QR large with a quiet zone, what class it is, the OTP, arrivals counting up. */
export function Projector({ id }) {
  const session = useLoad(() => api(`/api/v1/sessions/${id}`), [id]);
  const subjects = useLoad(() => api('/api/v1/me/subjects'), []);
  const view = useLiveCounts(id);
  const [qrUrl, setQrUrl] = useState(null);
  const [otp, setOtp] = useState(null);
  const [ended, setEnded] = useState(false);
  const now = useNow(1000);
  const subject = session.data && subjectsById(subjects.data)[session.data.subjectId];
  const mode = session.data?.mode;

  // a new image per rotation, drawn here from the stream's token and swapped in only once it has loaded: no flicker
  useEffect(() => {
    if (!mode || mode === 'OTP') return undefined;
    let current;
    const stop = follow(`/api/v1/sessions/${id}/qr/stream`, authFetch, {
      onEvent: async (qr) => {
        let image;
        try {
          image = new Blob([await qrSvg(qr.token)], { type: 'image/svg+xml' });
        } catch {
          // no WebAssembly here (or the writer did not load): the server draws this window's image instead
          const res = await authFetch(`/api/v1/sessions/${id}/qr.svg`).catch(() => null);
          if (!res?.ok) return; // the next window tries again
          image = await res.blob();
        }
        const url = URL.createObjectURL(image);
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
  const online = session.data?.delivery && session.data.delivery !== 'IN_ROOM';
  const [checkIn] = useCheckIn(id, Boolean(online) && !closed);
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
      ${!closed && online && html`<${CheckInCode} checkIn=${checkIn} />`}
      <p class="arrivals" aria-live="polite"><span class="n" data-test="arrivals">${arrived}</span> of ${session.data?.rosterSize ?? '…'} in</p>
      <button type="button" class="secondary" onClick=${full}>Full screen</button>
    </aside>
  </main>`;
}
