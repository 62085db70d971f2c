// A rate-over-time chart (uPlot, canvas) with its data as a table under it (the text alternative).
// Colours from the Okabe–Ito palette (distinct for every common colour blindness); the rate line is
// also solid and the threshold dashed, so nothing rests on colour alone.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import { html } from './ui.js';
import { day, percent } from './dates.js';

const BLUE = '#0072B2';
const ORANGE = '#D55E00';
const GREY = '#6b7280';

export function RateChart({ points, threshold, label }) {
  const box = useRef(null);
  useEffect(() => {
    if (!box.current || points.length === 0) return undefined;
    const xs = points.map((p) => Date.parse(`${p.bucket}T12:00:00Z`) / 1000);
    const rates = points.map((p) => (p.rate == null ? null : Math.round(p.rate * 1000) / 10));
    const alerts = points.map((p) => p.alerts || 0);
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const ink = dark ? '#e5e7eb' : '#111827';
    const axis = { stroke: ink, grid: { stroke: dark ? '#374151' : '#e5e7eb' }, font: '14px system-ui, sans-serif' };
    const opts = {
      width: box.current.clientWidth,
      height: Math.max(220, Math.min(360, Math.round(box.current.clientWidth * 0.45))),
      title: '',
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'UTC'),
      scales: { x: { time: true }, pct: { range: [0, 100] }, n: { range: (u, min, max) => [0, Math.max(4, max * 2)] } },
      axes: [
        { ...axis, space: 110, values: (u, ticks) => ticks.map((t) => day(new Date(t * 1000).toISOString().slice(0, 10))),
          // one tick per bucket while they fit; uPlot spaces them out beyond that
          splits: xs.length <= Math.floor(box.current.clientWidth / 110) ? () => xs : undefined },
        { ...axis, scale: 'pct', values: (u, ticks) => ticks.map((t) => `${t} %`), size: 60 },
        { ...axis, scale: 'n', side: 1, grid: { show: false }, size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
      ],
      series: [
        {},
        { label: 'attended', scale: 'pct', stroke: BLUE, width: 3, points: { size: 7, fill: BLUE }, value: (u, v) => (v == null ? '–' : `${v} %`) },
        { label: `threshold ${percent(threshold)}`, scale: 'pct', stroke: GREY, width: 2, dash: [8, 6], points: { show: false },
          value: () => percent(threshold) },
        { label: 'alerts', scale: 'n', stroke: ORANGE, fill: `${ORANGE}55`, width: 1, paths: uPlot.paths.bars({ size: [0.4, 30] }),
          points: { show: false } },
      ],
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
    };
    const plot = new uPlot(opts, [xs, rates, xs.map(() => Math.round(threshold * 1000) / 10), alerts], box.current);
    const resize = () => plot.setSize({ width: box.current.clientWidth, height: opts.height });
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [points, threshold]);

  if (points.length === 0) return html`<p class="empty">No classes held in this period.</p>`;
  return html`<figure class="chart">
    <div ref=${box} class="chart-box" role="img" aria-label=${`${label}: attendance rate per period, the table below has the figures`}></div>
    <figcaption>
      <details><summary>The figures as a table</summary>
        <table class="data" data-test="trend-table"><caption class="visually-hidden">${label}</caption>
          <thead><tr><th scope="col">From</th><th scope="col">Held</th><th scope="col">Attended</th><th scope="col">Rate</th><th scope="col">Alerts</th></tr></thead>
          <tbody>${points.map((p) => html`<tr key=${p.bucket}><th scope="row">${day(p.bucket)}</th><td>${p.held}</td><td>${p.attended}</td>
            <td>${percent(p.rate)}</td><td>${p.alerts}</td></tr>`)}</tbody>
        </table></details>
    </figcaption>
  </figure>`;
}

// Okabe–Ito without the blue the college's own line uses, for one line per department; dashes tell them apart too.
const LINES = ['#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const DASHES = [[], [10, 4], [2, 4], [12, 4, 2, 4]];

/** The college's rate per week (thick) with each department's (`lines`: [{label, points}]) and the threshold. */
export function LinesChart({ college, lines, threshold, label }) {
  const box = useRef(null);
  useEffect(() => {
    if (!box.current || college.length === 0) return undefined;
    const buckets = college.map((p) => p.bucket);
    const xs = buckets.map((b) => Date.parse(`${b}T12:00:00Z`) / 1000);
    const pct = (r) => (r == null ? null : Math.round(r * 1000) / 10);
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const ink = dark ? '#e5e7eb' : '#111827';
    const axis = { stroke: ink, grid: { stroke: dark ? '#374151' : '#e5e7eb' }, font: '14px system-ui, sans-serif' };
    const series = [{},
      { label: 'college', stroke: BLUE, width: 4, points: { size: 6, fill: BLUE }, value: (u, v) => (v == null ? '–' : `${v} %`) },
      ...lines.map((l, i) => ({ label: l.label, stroke: LINES[i % LINES.length], width: 2, dash: DASHES[i % DASHES.length],
        // a line of one or two weeks is a dot or a dash: its points shown so that it can be seen at all
        points: { show: buckets.length < 3, size: 6, fill: LINES[i % LINES.length] }, value: (u, v) => (v == null ? '–' : `${v} %`) })),
      { label: `threshold ${percent(threshold)}`, stroke: GREY, width: 2, dash: [8, 6], points: { show: false }, value: () => percent(threshold) }];
    const data = [xs, college.map((p) => pct(p.rate)),
      ...lines.map((l) => {
        const by = new Map(l.points.map((p) => [p.bucket, p.rate]));
        return buckets.map((b) => pct(by.get(b)));
      }),
      xs.map(() => pct(threshold))];
    const opts = {
      width: box.current.clientWidth,
      height: Math.max(220, Math.min(360, Math.round(box.current.clientWidth * 0.45))),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'UTC'),
      // a single week still gets a readable axis: half a week either side of it
      scales: { x: { time: true, range: (u, min, max) => (min === max ? [min - 4 * 86400, max + 4 * 86400] : [min, max]) },
        y: { range: [0, 100] } },
      axes: [{ ...axis, space: 110, values: (u, ticks) => ticks.map((t) => day(new Date(t * 1000).toISOString().slice(0, 10))),
        splits: xs.length <= Math.floor(box.current.clientWidth / 110) ? () => xs : undefined },
        { ...axis, values: (u, ticks) => ticks.map((t) => `${t} %`), size: 60 }],
      series,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
    };
    const plot = new uPlot(opts, data, box.current);
    const resize = () => plot.setSize({ width: box.current.clientWidth, height: opts.height });
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [college, lines, threshold]);

  if (college.length === 0) return html`<p class="empty">No classes held in this period.</p>`;
  return html`<figure class="chart">
    <div ref=${box} class="chart-box" role="img" aria-label=${`${label}: the college's attendance per week and each department's; the table below has the figures`}></div>
    <figcaption>
      <details><summary>The figures as a table</summary>
        <table class="data"><caption class="visually-hidden">${label}</caption>
          <thead><tr><th scope="col">Week from</th><th scope="col">College</th>${lines.map((l) => html`<th scope="col">${l.label}</th>`)}</tr></thead>
          <tbody>${college.map((p) => html`<tr key=${p.bucket}><th scope="row">${day(p.bucket)}</th><td>${percent(p.rate)}</td>
            ${lines.map((l) => html`<td>${percent(l.points.find((q) => q.bucket === p.bucket)?.rate)}</td>`)}</tr>`)}</tbody>
        </table></details>
    </figcaption>
  </figure>`;
}
