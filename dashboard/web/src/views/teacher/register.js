// The register: a month of a subject as PDF or XLSX.
import { useState } from 'preact/hooks';
import { html, Page, Notice, Empty, useLoad } from '../../ui.js';
import { api, download } from '../../api.js';
import { refusal } from '../../messages.js';
import { day, thisMonth } from '../../dates.js';

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
