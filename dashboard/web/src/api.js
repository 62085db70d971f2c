// The platform's API from the browser: bearer tokens kept in localStorage, refreshed before they
// expire, problems (RFC 9457) turned into ApiError with their stable code. One sign-in per browser, not
// per tab: every tab reads the same stored tokens, hears the others' changes (the storage event), and
// refreshes under one lock (Web Locks), so two tabs never spend the same refresh token.

const KEY = 'attendance.session';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || (status === 0 ? 'NETWORK' : 'INTERNAL');
    this.problem = problem;
  }
}

function stored() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || 'null');
  } catch {
    return null;
  }
}

let session = stored();
const listeners = new Set();

// another tab signed in, refreshed or signed out: this one follows
addEventListener('storage', (e) => {
  if (e.key !== KEY && e.key !== null) return;
  session = stored();
  listeners.forEach((l) => l(session));
});

export function currentSession() {
  return session;
}

export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function saveSession(tokens) {
  session = tokens ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + (tokens.expiresIn || 900) * 1000, user: tokens.user || session?.user } : null;
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  listeners.forEach((l) => l(session));
}

/** Runs `work` holding the browser-wide refresh lock (every tab of this origin), or as it is where there is none. */
function exclusively(work) {
  return navigator.locks ? navigator.locks.request('attendance.refresh', work) : work();
}

let refreshing = null;
async function refresh() {
  if (!session?.refreshToken) throw new ApiError(401, { code: 'UNAUTHENTICATED' });
  const spent = session.refreshToken;
  refreshing ??= exclusively(async () => {
    // another tab may have refreshed while this one waited for the lock: take its tokens
    const now = stored();
    if (now?.refreshToken && now.refreshToken !== spent) {
      session = now;
      listeners.forEach((l) => l(session));
      return;
    }
    const r = await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: spent }) });
    if (!r.ok) {
      if (r.status === 401 && stored()?.refreshToken === spent) saveSession(null);
      throw new ApiError(r.status, await problemOf(r));
    }
    saveSession(await r.json());
  }).finally(() => { refreshing = null; });
  return refreshing;
}

/** Signs out on the server (the whole login: every tab, and the tokens stop working), then here. */
export async function signOut() {
  const refreshToken = session?.refreshToken;
  saveSession(null);
  if (refreshToken) {
    await fetch('/api/v1/auth/sign-out', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }) }).catch(() => {});
  }
}

async function problemOf(res) {
  try {
    const p = await res.json();
    return { ...p, retryAfter: res.headers.get('Retry-After') };
  } catch {
    return { code: res.status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED' };
  }
}

let lastRtt = null;
/**
 * The round trip of this page's latest answered request (ms), if within the last 5 minutes: a capture sends it, so a
 * code that arrives late because the network is slow is not taken for one relayed (rule 7).
 */
export function networkRtt() {
  return lastRtt && Date.now() - lastRtt.at < 300000 ? lastRtt.ms : undefined;
}

/** fetch with the bearer token (refreshed when close to expiry, and once more on a 401). */
export async function authFetch(path, init = {}) {
  if (session && session.expiresAt - Date.now() < 30000) await refresh().catch(() => {});
  const go = async () => {
    const started = performance.now();
    const res = await fetch(path, { ...init, headers: { ...(init.headers || {}),
      ...(session ? { Authorization: `Bearer ${session.accessToken}` } : {}) } });
    lastRtt = { ms: Math.min(60000, Math.round(performance.now() - started)), at: Date.now() };
    return res;
  };
  let res;
  try {
    res = await go();
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'NETWORK', detail: String(e) });
  }
  if (res.status === 401 && session?.refreshToken) {
    await refresh();
    res = await go();
  }
  return res;
}

/** JSON in, JSON out; throws ApiError with the problem's code. */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const res = await authFetch(path, { method, headers: { Accept: 'application/json',
    ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** Downloads a file the API renders (register, statement) under its own name. */
export async function download(path, fallbackName) {
  const res = await authFetch(path);
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') || '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || fallbackName;
  saveFile(blob, name);
  return name;
}

/** Hands a file made in the page to the browser's downloads. */
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The demo's sign-in; `code`: from another machine than the server, the code its console shows. */
export async function login(email, code) {
  const res = await fetch('/api/v1/auth/dev-login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(code ? { email, code } : { email }) });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  saveSession(await res.json());
}

const STARTED = 'attendance.signin-started';
/** How long after this tab started a Google sign-in its tokens may arrive. */
const SIGN_IN_WINDOW_MS = 10 * 60 * 1000;

/** This tab is starting the browser sign-in: only then are tokens in the address taken (a login-CSRF guard). */
export function expectSignIn() {
  try {
    sessionStorage.setItem(STARTED, String(Date.now()));
  } catch {
    // storage refused: the sign-in's tokens will be refused too, and the page says so
  }
}

function signInStartedHere() {
  let started = 0;
  try {
    started = Number(sessionStorage.getItem(STARTED) || 0);
    sessionStorage.removeItem(STARTED);
  } catch {
    started = 0;
  }
  return started > 0 && Date.now() - started < SIGN_IN_WINDOW_MS;
}

/**
 * The browser sign-in (Google) ends here with the tokens in the URL fragment. Taken only when this tab started a sign-in
 * minutes ago: a link carrying someone else's tokens (to sign a victim in as the attacker) is refused.
 */
export function takeTokensFromFragment(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (params.get('accessToken') && !signInStartedHere()) {
    history.replaceState(null, '', `${location.pathname}${location.search}#/signin`);
    return { error: 'SIGN_IN_NOT_STARTED' };
  }
  if (params.get('accessToken')) {
    saveSession({ accessToken: params.get('accessToken'), refreshToken: params.get('refreshToken'),
      expiresIn: Number(params.get('expiresIn') || 900) });
    return { ok: true };
  }
  if (params.get('error')) return { error: params.get('error'), reason: params.get('reason') };
  return null;
}

let launch = null;
/**
 * An LMS launch ends here (#/lti) in the LMS's frame: the tokens are taken from the tool with the cookie the launch set
 * in this browser — a link to #/lti from anywhere else has no such cookie and takes nothing. Once per page.
 */
export function takeLaunch() {
  launch = launch || fetch('/api/v1/lti/handoff', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(async (res) => {
      const body = await res.json().catch(() => ({}));
      if (!res.ok) return { error: body.code || 'INTERNAL' };
      saveSession(body);
      return { landing: body.landing || '#/' };
    }, () => ({ error: 'NETWORK' }));
  return launch;
}

export function uuid() {
  return crypto.randomUUID();
}
