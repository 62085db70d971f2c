// Small shared pieces of the screens: the page frame, status badges, notices, hooks.
import { html } from 'htm/preact';
import { useEffect, useState, useRef } from 'preact/hooks';
import { STATUS, T } from './messages.js';
import { currentSession, signOut } from './api.js';
import { tabsOf } from './routes.js';

export { html };

let role = null;
/** The signed-in person's role as the platform said at /me (the tabs follow it). */
export function setRole(r) {
  role = r;
}

/** The tabs of the signed-in person's role (routes.js). */
export function roleTabs(r = role) {
  return tabsOf(r);
}

export function navigate(hash) {
  if (location.hash !== hash) location.hash = hash;
}

/** The page: a header with the app, the person and their tabs; a main landmark with one h1. */
export function Page({ title, tabs = roleTabs(), children, wide = false }) {
  const s = currentSession();
  useEffect(() => {
    document.title = `${title} · ${T.appName}`;
  }, [title]);
  return html`
    <header class="bar">
      <a class="brand" href="#/">${T.appName}</a>
      <nav aria-label="Main">
        ${tabs.map((t) => html`<a href=${t.href} aria-current=${location.hash.startsWith(t.href) ? 'page' : undefined}>${t.label}</a>`)}
      </nav>
      ${s && html`<div class="who"><span class="name">${s.user?.name || s.user?.email}</span>
        <button class="link" type="button" onClick=${() => { signOut(); navigate('#/signin'); }}>${T.signOut}</button></div>`}
    </header>
    <main id="main" class=${wide ? 'wide' : ''}>
      <h1>${title}</h1>
      ${children}
    </main>`;
}

export function Badge({ status }) {
  const st = STATUS[status] || STATUS.PENDING;
  return html`<span class=${`badge s-${(status || 'PENDING').toLowerCase()}`}><span aria-hidden="true">${st.icon} ${st.letter}</span> ${st.word}</span>`;
}

/** A notice that screen readers announce: kind is info | ok | warn | error. */
export function Notice({ kind = 'info', children, testId }) {
  if (!children) return null;
  return html`<div class=${`notice ${kind}`} role=${kind === 'error' ? 'alert' : 'status'} data-test=${testId}>${children}</div>`;
}

export function Empty({ children }) {
  return html`<p class="empty">${children}</p>`;
}

/** Loads `fn()` on mount and whenever `deps` change; returns {data, error, loading, reload}. */
export function useLoad(fn, deps = []) {
  const [state, setState] = useState({ loading: true });
  const seq = useRef(0);
  const reload = () => {
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    fn().then((data) => n === seq.current && setState({ data, loading: false }),
      (error) => n === seq.current && setState({ error, loading: false }));
  };
  useEffect(reload, deps);
  return { ...state, reload };
}

export function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function useNow(everyMs = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
