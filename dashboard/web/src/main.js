// The web app: one page, a hash router, one screen per job.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html, Page, Notice, setRole } from './ui.js';
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

const HOME = { STUDENT: '#/now', TEACHER: '#/today', ADMIN: '#/today', MANAGEMENT: '#/dash' };

/** A screen whose code is fetched the first time it is opened (the student's phone never loads the dashboards). */
function lazy(load, name) {
  let Component = null;
  let loading = null;
  return function Lazy(props) {
    const [, setReady] = useState(false);
    if (Component) return html`<${Component} ...${props} />`;
    loading ??= load().then((m) => { Component = m[name]; });
    loading.then(() => setReady(true));
    return html`<p class="loading" role="status">Loading…</p>`;
  };
}

const Dashboard = lazy(() => import('./views/dashboard.js'), 'Dashboard');
const StudentPage = lazy(() => import('./views/dashboard.js'), 'StudentPage');
const Runs = lazy(() => import('./views/runs.js'), 'Runs');
const Roster = lazy(() => import('./views/admin.js'), 'Roster');
const Users = lazy(() => import('./views/admin.js'), 'Users');

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
      setRole(m.role);
      setMe(m);
      if (m.role === 'STUDENT') syncQueue().catch(() => {});
    }, (e) => setError(e));
  }, [session?.accessToken && session.user?.email, session?.refreshToken]);

  if (!session) {
    const fromGoogle = takeTokensFromFragment(location.hash);
    if (fromGoogle?.ok) {
      // the tokens leave the address bar and the history at once
      history.replaceState(null, '', `${location.pathname}${location.search}#/`);
      return null;
    }
    return html`<${SignIn} options=${options} error=${fromGoogle?.error} onSignedIn=${() => { location.hash = '#/'; }} />`;
  }
  if (!me) {
    return error ? html`<${Page} title="Could not load your account"><${Notice} kind="error">${refusal(error.code)}</${Notice}></${Page}>`
      : html`<p class="loading" role="status">Loading…</p>`;
  }
  const [path, queryString] = hash.replace(/^#\/?/, '').split('?');
  const [route, ...rest] = path.split('/');
  const id = rest[0] && decodeURIComponent(rest[0]);
  const query = new URLSearchParams(queryString || '');
  const home = HOME[me.role];
  const staff = me.role !== 'STUDENT';
  const teacherLike = me.role === 'TEACHER' || me.role === 'ADMIN';
  const manages = me.role === 'ADMIN' || me.role === 'MANAGEMENT';
  switch (route) {
    case 'now': if (!staff) return html`<${StudentNow} me=${me} />`; break;
    case 'history': if (!staff) return html`<${StudentHistory} settings=${options} />`; break;
    case 'today': if (teacherLike) return html`<${TeacherToday} me=${me} />`; break;
    case 'session': if (teacherLike) return html`<${TeacherSession} id=${id} />`; break;
    case 'project': if (teacherLike) return html`<${Projector} id=${id} />`; break;
    case 'devices': if (teacherLike) return html`<${Devices} />`; break;
    case 'register': if (teacherLike) return html`<${Register} />`; break;
    case 'dash': if (staff) return html`<${Dashboard} me=${me} settings=${options} path=${rest.map(decodeURIComponent)} query=${query} />`; break;
    case 'student': if (staff) return html`<${StudentPage} me=${me} settings=${options} email=${id} />`; break;
    case 'runs': if (manages) return html`<${Runs} me=${me} />`; break;
    case 'roster': if (me.role === 'ADMIN') return html`<${Roster} me=${me} />`; break;
    case 'users': if (me.role === 'ADMIN') return html`<${Users} me=${me} />`; break;
    default: break;
  }
  location.replace(home);
  return null;
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
