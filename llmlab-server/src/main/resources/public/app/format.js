// Display formatting. Money arrives as exact decimal strings and is rounded here, for display only,
// with BigInt arithmetic: a float would turn "0.285" into 0.28.

const SCALE = 6n; // micro-dollars: every amount the API sends has at most 6 decimals where it matters
const UNIT = 10n ** SCALE;

/** Parses a decimal string ("-12.3456789") into micro-dollars (BigInt), rounding half up. */
export function toMicros(text) {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(String(text ?? '').trim());
  if (!m) return null;
  const frac = (m[3] || '');
  let micros = BigInt(m[2]) * UNIT + BigInt((frac.slice(0, 6)).padEnd(6, '0') || '0');
  if (frac.length > 6 && frac[6] >= '5') micros += 1n;
  return m[1] ? -micros : micros;
}

/** Formats micro-dollars with two decimals and thousands separators: 1234567890n -> "$1,234.57". */
export function microsToUsd(micros) {
  const negative = micros < 0n;
  let cents = (negative ? -micros : micros) + 5000n; // half up at the cent
  cents /= 10000n;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const part = (cents % 100n).toString().padStart(2, '0');
  return (negative ? '-$' : '$') + whole + '.' + part;
}

/** "1234.5678" -> "$1,234.57"; null or unparsable -> "—". */
export function usd(text) {
  const micros = toMicros(text);
  return micros === null ? '—' : microsToUsd(micros);
}

/**
 * A money element: the rounded amount as its text, the exact value in its tooltip and for screen
 * readers' title. Unknown (null) money is "unpriced", never $0.
 */
export function money(text, tag = 'span') {
  const el = document.createElement(tag);
  el.className = 'money';
  if (text === null || text === undefined) {
    el.textContent = '—';
    el.title = 'unpriced: no price known';
    return el;
  }
  el.textContent = usd(text);
  el.title = 'exactly $' + text;
  return el;
}

/** Whole numbers with separators: 1234567 -> "1,234,567". */
export function count(n) {
  if (n === null || n === undefined) return '—';
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An instant as local date and time in the chosen zone. */
export function dateTime(iso, zone) {
  if (!iso) return '—';
  const d = new Date(iso);
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, year: 'numeric', month: 'short', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
    }).format(d);
  } catch (e) {
    return d.toISOString();
  }
}

/** A duration in milliseconds: 950 -> "950 ms", 12500 -> "12.5 s". */
export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? ms + ' ms' : (Math.round(ms / 100) / 10) + ' s';
}

/** A percentage string from the API ("80.25") -> "80.3 %". */
export function percent(text) {
  if (text === null || text === undefined) return '—';
  const n = Number(text);
  return Number.isFinite(n) ? (Math.round(n * 10) / 10).toFixed(1) + ' %' : '—';
}

/** Short date "2025-07-01" -> "1 Jul". */
export function shortDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
