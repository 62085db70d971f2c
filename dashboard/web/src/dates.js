// Dates and times in the college's zone, written the way people read them ("Mon 2 Dec, 09:05").

let zone = 'UTC';
/** The college's zone, if this browser can write dates in it (otherwise UTC stays, and every date still shows). */
export function setZone(z) {
  if (!z) return;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: z });
    zone = z;
  } catch {
    console.warn(`the college's time zone ${z} is not one this browser knows; dates are shown in UTC`);
  }
}
export function getZone() {
  return zone;
}

function parts(d, opts) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...opts }).formatToParts(d)
    .reduce((acc, p) => ({ ...acc, [p.type]: p.value }), {});
}

/** "09:05" */
export function time(iso) {
  if (!iso) return '';
  const p = parts(new Date(iso), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.hour}:${p.minute}`;
}

/** "Mon 2 Dec" for an instant or a YYYY-MM-DD date (a date is read as that calendar day). */
export function day(value) {
  if (!value) return '';
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = isDate ? new Date(`${value}T12:00:00Z`) : new Date(value);
  const p = new Intl.DateTimeFormat('en-GB', { timeZone: isDate ? 'UTC' : zone, weekday: 'short', day: 'numeric', month: 'short' })
    .formatToParts(d).reduce((acc, x) => ({ ...acc, [x.type]: x.value }), {});
  return `${p.weekday} ${p.day} ${p.month}`;
}

/** "Mon 2 Dec, 09:05" */
export function dayTime(iso) {
  return iso ? `${day(iso)}, ${time(iso)}` : '';
}

/** Today in the college's zone as YYYY-MM-DD. */
export function today(now = new Date()) {
  const p = parts(now, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** This month in the college's zone as YYYY-MM. */
export function thisMonth(now = new Date()) {
  return today(now).slice(0, 7);
}

/** "82 %" from a fraction; "–" when there is none. */
export function percent(rate) {
  return rate == null || Number.isNaN(rate) ? '–' : `${Math.round(rate * 100)} %`;
}

/** "in 4 min" / "2 min ago" between two instants (ms). */
export function relative(thenMs, nowMs = Date.now()) {
  const min = Math.round((thenMs - nowMs) / 60000);
  if (min === 0) return 'now';
  return min > 0 ? `in ${min} min` : `${-min} min ago`;
}
