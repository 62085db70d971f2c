// The web app: one page, a hash router, one screen per job.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html, Page, Notice, setRole } from './ui.js';
import { api, currentSession, onSessionChange, takeTokensFromFragment, takeLaunch } from './api.js';
import { setZone } from './dates.js';
import { refusal } from './messages.js';
import { allowed, HOME } from './routes.js';
import { SignIn } from './views/signin.js';
import { StudentNow } from './views/student/now.js';
import { StudentHistory } from './views/student/history.js';
import { syncQueue } from './views/student/capture.js';
import { TeacherToday } from './views/teacher/today.js';
import { TeacherSession } from './views/teacher/session.js';
import { Projector } from './views/teacher/projector.js';
import { Devices } from './views/teacher/devices.js';
import { Register } from './views/teacher/register.js';
import { Lms } from './views/lms.js';
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
const StudentClaims = lazy(() => import('./views/student/claims.js'), 'StudentClaims');
const ReviewClaims = lazy(() => import('./views/teacher/claims.js'), 'ReviewClaims');
const Rings = lazy(() => import('./views/rings.js'), 'Rings');

/** How each route of routes.js is drawn (who may open it is decided there). */
const SCREENS = {
  now: ({ me }) => html`<${StudentNow} me=${me} />`,
  history: ({ options }) => html`<${StudentHistory} settings=${options} />`,
  claims: ({ query }) => html`<${StudentClaims} query=${query} />`,
  review: ({ me }) => html`<${ReviewClaims} me=${me} />`,
  today: ({ me }) => html`<${TeacherToday} me=${me} />`,
  session: ({ id }) => html`<${TeacherSession} id=${id} />`,
  project: ({ id }) => html`<${Projector} id=${id} />`,
  devices: () => html`<${Devices} />`,
  register: () => html`<${Register} />`,
  dash: ({ me, options, rest, query }) => html`<${Dashboard} me=${me} settings=${options} path=${rest.map(decodeURIComponent)} query=${query} />`,
  student: ({ me, options, id }) => html`<${StudentPage} me=${me} settings=${options} email=${id} />`,
  runs: ({ me }) => html`<${Runs} me=${me} />`,
  roster: ({ me }) => html`<${Roster} me=${me} />`,
  users: ({ me }) => html`<${Users} me=${me} />`,
  lms: ({ me }) => html`<${Lms} me=${me} />`,
  rings: ({ me }) => html`<${Rings} me=${me} />`,
};

/** The end of an LMS launch: the tokens taken with the launch's cookie, then the screen the launch opens. */
function LtiLanding({ options }) {
  const [error, setError] = useState(null);
  useEffect(() => {
    takeLaunch().then((r) => (r.landing ? location.replace(r.landing) : setError(r.error)));
  }, []);
  return error ? html`<${SignIn} options=${options} error=${error} onSignedIn=${() => { location.hash = '#/'; }} />`
    : html`<p class="loading" role="status">Opening from your course…</p>`;
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
      setRole(m.role);
      setMe(m);
      if (m.role === 'STUDENT') syncQueue().catch(() => {});
    }, (e) => setError(e));
  }, [session?.accessToken && session.user?.email, session?.refreshToken]);

  if (hash.startsWith('#/lti')) return html`<${LtiLanding} options=${options} />`;
  if (!session) {
    const fromGoogle = takeTokensFromFragment(location.hash);
    if (fromGoogle?.ok) {
      // the tokens leave the address bar and the history at once
      history.replaceState(null, '', `${location.pathname}${location.search}#/`);
      return null;
    }
    return html`<${SignIn} options=${options} error=${fromGoogle?.error} reason=${fromGoogle?.reason} onSignedIn=${() => { location.hash = '#/'; }} />`;
  }
  if (!me) {
    return error ? html`<${Page} title="Could not load your account"><${Notice} kind="error">${refusal(error.code)}</${Notice}></${Page}>`
      : html`<p class="loading" role="status">Loading…</p>`;
  }
  const [path, queryString] = hash.replace(/^#\/?/, '').split('?');
  const [route, ...rest] = path.split('/');
  const id = rest[0] && decodeURIComponent(rest[0]);
  const query = new URLSearchParams(queryString || '');
  const screen = SCREENS[route];
  if (screen && allowed(route, me.role)) return screen({ me, options, id, rest, query });
  location.replace(HOME[me.role]);
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
