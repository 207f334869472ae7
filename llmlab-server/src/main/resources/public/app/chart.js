// Charts drawn as SVG by hand: a stacked daily bar chart and horizontal share bars. No library: the
// two shapes the dashboard needs fit in this file, and the page loads nothing from elsewhere.

import { toMicros, microsToUsd, shortDate } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Colours chosen to stay apart for the common colour-vision deficiencies (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7a7a00', '#555555'];

function svg(name, attrs = {}, parent) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (parent) parent.appendChild(el);
  return el;
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least the maximum. */
function niceMax(micros) {
  if (micros <= 0n) return 10000n; // one cent: an empty chart still has an axis
  let step = 1n;
  while (step * 10n <= micros) step *= 10n;
  for (const f of [1n, 2n, 5n, 10n]) if (step * f >= micros) return step * f;
  return step * 10n;
}

/**
 * Draws cost per day, each day's bar stacked by series, into a figure element.
 *
 * @param figure the container (its contents are replaced)
 * @param daily the answer of GET /api/costs/daily
 * @param label names a series: (series) => text
 */
export function stackedDays(figure, daily, label) {
  figure.replaceChildren();
  const dates = daily.dates;
  const series = daily.series.slice(0, PALETTE.length - 1);
  const micros = series.map((s) => s.cost_usd.map(toMicros));
  const rest = daily.series.slice(PALETTE.length - 1);
  if (rest.length) {
    // the cheapest series fold into one "other" so that the colours stay distinguishable
    series.push({ provider: 'other', model: null, other: rest.length });
    micros.push(dates.map((_, i) => rest.reduce((a, s) => a + toMicros(s.cost_usd[i]), 0n)));
  }
  const totals = dates.map((_, i) => micros.reduce((a, m) => a + m[i], 0n));
  const max = niceMax(totals.reduce((a, t) => (t > a ? t : a), 0n));

  // drawn at the figure's own width, so that text keeps its size on a phone and on a wide screen
  const W = Math.max(280, Math.round(figure.clientWidth || 720)); const H = 260;
  const left = 64; const right = 24; const top = 12; const bottom = 36;
  const plotW = W - left - right; const plotH = H - top - bottom;
  const grand = totals.reduce((a, t) => a + t, 0n);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart',
    'aria-label': `Daily spend, ${dates[0]} to ${dates[dates.length - 1]}: ${microsToUsd(grand)} in total.`
      + ' The same figures are in the table below the chart.' }, figure);
  const y = (m) => top + plotH - Number((m * BigInt(plotH * 1000)) / max) / 1000;
  for (let i = 0; i <= 4; i++) {
    const v = (max * BigInt(i)) / 4n;
    const yy = y(v);
    svg('line', { x1: left, x2: W - right, y1: yy, y2: yy, class: 'grid' }, root);
    svg('text', { x: left - 6, y: yy + 4, class: 'axis', 'text-anchor': 'end' }, root).textContent = microsToUsd(v);
  }
  const slot = plotW / dates.length;
  const barW = Math.max(2, slot * 0.7);
  dates.forEach((date, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let base = 0n;
    const g = svg('g', { class: 'day' }, root);
    svg('title', {}, g).textContent = shortDate(date) + ': ' + microsToUsd(totals[i]) + series
      .map((s, k) => (micros[k][i] > 0n ? '\n' + label(s) + ': ' + microsToUsd(micros[k][i]) : '')).join('');
    series.forEach((s, k) => {
      const m = micros[k][i];
      if (m <= 0n) return;
      const y1 = y(base + m); const y0 = y(base);
      svg('rect', { x, y: y1, width: barW, height: Math.max(0.5, y0 - y1), fill: PALETTE[k % PALETTE.length] }, g);
      base += m;
    });
    const every = W < 500 ? 10 : 5;
    if (i % every === (dates.length - 1) % every) {
      svg('text', { x: x + barW / 2, y: H - bottom + 16, class: 'axis', 'text-anchor': 'middle' }, root)
        .textContent = shortDate(date);
    }
  });
  svg('line', { x1: left, x2: W - right, y1: top + plotH, y2: top + plotH, class: 'baseline' }, root);

  const legend = document.createElement('ul');
  legend.className = 'legend';
  series.forEach((s, k) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch swatch-' + (k % PALETTE.length);
    swatch.setAttribute('aria-hidden', 'true');
    li.append(swatch, label(s));
    legend.appendChild(li);
  });
  if (!series.length) {
    const li = document.createElement('li');
    li.textContent = 'No spend in these 30 days yet.';
    legend.appendChild(li);
  }
  figure.appendChild(legend);
  return { series, micros, totals };
}

/** A horizontal bar showing a share of the largest value, for a table cell. */
export function shareBar(micros, max, colour = 0) {
  const root = svg('svg', { viewBox: '0 0 100 10', class: 'share', 'aria-hidden': 'true', preserveAspectRatio: 'none' });
  const w = max > 0n ? Number((micros * 10000n) / max) / 100 : 0;
  svg('rect', { x: 0, y: 0, width: 100, height: 10, class: 'share-track' }, root);
  svg('rect', { x: 0, y: 0, width: Math.max(0, w), height: 10, fill: PALETTE[colour % PALETTE.length] }, root);
  return root;
}

/**
 * A budget's state bar: spent against the limit, with a tick at each threshold.
 *
 * @param percentUsed the state's percent_used ("80.25")
 * @param thresholds whole percentages
 * @param crossed the thresholds crossed this period
 */
export function budgetBar(percentUsed, thresholds, crossed) {
  const used = Math.max(0, Number(percentUsed) || 0);
  const scale = Math.max(100, ...thresholds, Math.min(used, 200));
  const root = svg('svg', { viewBox: '0 0 200 16', class: 'budget-bar', role: 'img', preserveAspectRatio: 'none',
    'aria-label': `${used.toFixed(1)} % of the limit used; thresholds at ${thresholds.join(', ')} %` });
  svg('rect', { x: 0, y: 3, width: 200, height: 10, class: 'share-track' }, root);
  const level = used >= 100 ? 'over' : (crossed.length ? 'warn' : 'ok');
  svg('rect', { x: 0, y: 3, width: Math.min(200, (used / scale) * 200), height: 10, class: 'fill-' + level }, root);
  for (const t of thresholds) {
    const x = Math.min(199, (t / scale) * 200);
    svg('line', { x1: x, x2: x, y1: 0, y2: 16, class: crossed.includes(t) ? 'tick crossed' : 'tick' }, root);
  }
  return root;
}
