// Sign in: Google when the college configured it; in the embedded run the demo accounts to try.
import { useState } from 'preact/hooks';
import { html, Page, Notice } from '../ui.js';
import { login, expectSignIn } from '../api.js';
import { refusal, T } from '../messages.js';

const ROLE_WORDS = { TEACHER: 'Teacher', STUDENT: 'Student', ADMIN: 'Admin', MANAGEMENT: 'Management' };

export function SignIn({ options, error: initialError, reason, onSignedIn }) {
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState(initialError ? refusal(initialError, { reason }) : null);
  const [busy, setBusy] = useState(false);
  const go = async (address) => {
    setBusy(true);
    setError(null);
    try {
      await login(address, options.codeRequired ? code.trim() : undefined);
      onSignedIn();
    } catch (e) {
      setError(refusal(e.code));
    } finally {
      setBusy(false);
    }
  };
  return html`<${Page} title="Sign in">
    ${error && html`<${Notice} kind="error">${error}</${Notice}>`}
    ${options.google && html`<p><a class="button primary big" href="/oauth2/authorization/google" onClick=${expectSignIn}>Sign in with Google</a></p>`}
    ${options.devLogin && html`<section aria-labelledby="demo-h">
      <h2 id="demo-h">Try it with a demo account</h2>
      <p class="muted">This is the embedded demo: no password, pick who you want to be.</p>
      ${options.codeRequired && html`<p class="row">
        <label for="code">${T.signInCode}</label>
        <input id="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="9"
          placeholder="ABCD-EFGH" value=${code} onInput=${(e) => setCode(e.target.value)} data-test="sign-in-code" />
      </p>`}
      <ul class="accounts">
        ${options.accounts.map((a) => html`<li key=${a.email}>
          <button type="button" class="account" disabled=${busy} onClick=${() => go(a.email)} data-test="account" data-email=${a.email}>
            <strong>${a.name}</strong><span>${ROLE_WORDS[a.role] || a.role}${a.note ? ` · ${a.note}` : ''}</span>
            <span class="muted small">${a.email}</span></button></li>`)}
      </ul>
      <form class="row" onSubmit=${(e) => { e.preventDefault(); go(email); }}>
        <label for="email">Or any e-mail on the roster</label>
        <input id="email" type="email" autocomplete="email" required value=${email} onInput=${(e) => setEmail(e.target.value)} />
        <button type="submit" class="primary" disabled=${busy}>Sign in</button>
      </form>
    </section>`}
    ${!options.google && !options.devLogin && html`<p>Sign-in is not configured on this server. Ask the college office.</p>`}
  </${Page}>`;
}
