// The web app: one page, a hash router, one screen per job.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html, Page, Notice } from './ui.js';
import { api, currentSession, onSessionChange, takeTokensFromFragment } from './api.js';
import { setZone } from './dates.js';
import { refusal } from './messages.js';
import { SignIn } from './views/signin.js';
import { StudentNow, StudentHistory, syncQueue } from './views/student.js';
import { TeacherToday, TeacherSession, Projector, Devices, Register } from './views/teacher.js';
import './style.css';

function useHash() {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

const HOME = { STUDENT: '#/now', TEACHER: '#/today', ADMIN: '#/today', MANAGEMENT: '#/overview' };

function Overview({ me }) {
  return html`<${Page} title=${`Welcome, ${me.name}`}>
    <p>Management dashboards — trends, at-risk lists and report runs — are being built into this app. Until they
      arrive, scheduled reports reach you by e-mail once you subscribe.</p>
  </${Page}>`;
}

function App({ options }) {
  const hash = useHash();
  const [session, setSession] = useState(currentSession());
  const [me, setMe] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => onSessionChange(setSession), []);
  useEffect(() => {
    if (!session) {
      setMe(null);
      return;
    }
    api('/api/v1/me').then((m) => {
      setMe(m);
      if (m.role === 'STUDENT') syncQueue().catch(() => {});
    }, (e) => setError(e));
  }, [session?.accessToken && session.user?.email, session?.refreshToken]);

  if (!session) {
    const fromGoogle = takeTokensFromFragment(location.hash);
    if (fromGoogle?.ok) {
      location.hash = '#/';
      return null;
    }
    return html`<${SignIn} options=${options} error=${fromGoogle?.error} onSignedIn=${() => { location.hash = '#/'; }} />`;
  }
  if (!me) {
    return error ? html`<${Page} title="Could not load your account"><${Notice} kind="error">${refusal(error.code)}</${Notice}></${Page}>`
      : html`<p class="loading" role="status">Loading…</p>`;
  }
  const [, route, id] = hash.replace(/^#\/?/, '#/').split('/');
  const home = HOME[me.role];
  if (!route || route === 'signin') {
    location.replace(home);
    return null;
  }
  const teacherLike = me.role === 'TEACHER' || me.role === 'ADMIN';
  switch (me.role === 'STUDENT' ? `s:${route}` : teacherLike ? `t:${route}` : `m:${route}`) {
    case 's:now': return html`<${StudentNow} me=${me} />`;
    case 's:history': return html`<${StudentHistory} settings=${options} />`;
    case 't:today': return html`<${TeacherToday} me=${me} />`;
    case 't:session': return html`<${TeacherSession} id=${id} />`;
    case 't:project': return html`<${Projector} id=${id} />`;
    case 't:devices': return html`<${Devices} />`;
    case 't:register': return html`<${Register} />`;
    case 'm:overview': return html`<${Overview} me=${me} />`;
    default:
      location.replace(home);
      return null;
  }
}

async function boot() {
  let options = { google: false, devLogin: false, accounts: [] };
  try {
    options = await fetch('/api/v1/auth/options').then((r) => r.json());
  } catch {
    // offline start: the shell still works for a signed-in student (the queue)
  }
  setZone(options.zone);
  render(html`<${App} options=${options} />`, document.getElementById('app'));
  if ('serviceWorker' in navigator && isSecureContext) {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
  }
}

boot();
