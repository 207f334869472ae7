// The LLMlab dashboard: one page, views chosen by the URL fragment (#/overview …), data from the
// JSON API with the session cookie, refreshed on every notice of the live stream.

import { call, query, whenUnauthorized } from './api.js';
import { h, field, select, showError } from './dom.js';
import { money, usd, count, dateTime, duration, percent, toMicros, microsToUsd } from './format.js';
import { stackedDays, shareBar, budgetBar } from './chart.js';
import { connect } from './live.js';

const VIEWS = {
  signup: { title: 'Sign up', auth: false, render: signupView },
  login: { title: 'Log in', auth: false, render: loginView },
  overview: { title: 'Overview', auth: true, render: overviewView },
  'api-keys': { title: 'API keys', auth: true, render: keysView },
  budgets: { title: 'Budgets', auth: true, render: budgetsView },
  alerts: { title: 'Alerts', auth: true, render: alertsView },
  recommendations: { title: 'Recommendations', auth: true, render: recommendationsView },
};

const state = {
  user: null,
  period: localStorage.getItem('llmlab.period') || 'month',
  zone: localStorage.getItem('llmlab.zone') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  live: null,
  view: null,
  refresh: null, // the current view's refresh, run on live notices
  sorts: {}, // per table: { key, dir }
  firstKey: null, // the first API key of a new account, shown once after signup
};

const main = document.getElementById('main');
const view = document.getElementById('view');
const status = document.getElementById('status');
let statusTimer = null;

function say(text) {
  status.textContent = text;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => { status.textContent = ''; }, 4000);
}

// ---------------------------------------------------------------- shell: auth, navigation, picker

function setUser(user) {
  state.user = user;
  const signedIn = !!user;
  document.querySelectorAll('[data-auth]').forEach((el) => {
    el.hidden = (el.dataset.auth === 'in') !== signedIn;
  });
  document.getElementById('email').textContent = user ? user.email : '';
  if (signedIn && !state.live) {
    state.live = connect(onLive, (s) => {
      const el = document.getElementById('live');
      el.textContent = s === 'live' ? 'Live' : 'Reconnecting…';
      el.className = 'live ' + (s === 'live' ? 'on' : 'off');
      el.title = s === 'live' ? 'New events show as they arrive' : 'The connection was lost; retrying';
    });
  } else if (!signedIn && state.live) {
    state.live.close();
    state.live = null;
  }
}

let pending = null;
let running = false;
/** Re-runs the view's refresh; notices arriving during a refresh make one more run, not one each. */
function scheduleRefresh() {
  if (!state.refresh) return;
  if (running) { pending = true; return; }
  running = true;
  pending = false;
  const refresh = state.refresh;
  Promise.resolve(refresh()).catch(() => {}).finally(() => {
    running = false;
    if (pending) scheduleRefresh();
  });
}

function onLive(kind) {
  if (kind === 'usage' || kind === 'ready') scheduleRefresh();
}

function fillPicker() {
  const zone = document.getElementById('zone');
  let zones = [];
  try { zones = Intl.supportedValuesOf('timeZone'); } catch (e) { zones = []; }
  zones = Array.from(new Set(['UTC', ...zones, state.zone]));
  zone.replaceChildren(...zones.map((z) => h('option', { value: z, text: z.replace(/_/g, ' ') })));
  zone.value = state.zone;
  const period = document.getElementById('period');
  period.value = state.period;
  zone.addEventListener('change', () => {
    state.zone = zone.value;
    localStorage.setItem('llmlab.zone', state.zone);
    route();
  });
  period.addEventListener('change', () => {
    state.period = period.value;
    localStorage.setItem('llmlab.period', state.period);
    route();
  });
  document.getElementById('picker').addEventListener('submit', (e) => e.preventDefault());
}

function currentView() {
  const m = /^#\/([a-z-]+)/.exec(location.hash);
  return m && VIEWS[m[1]] ? m[1] : null;
}

function route() {
  let name = currentView();
  if (!name) name = state.user ? 'overview' : 'login';
  if (VIEWS[name].auth && !state.user) name = 'login';
  if (!VIEWS[name].auth && state.user) name = 'overview';
  if ('#/' + name !== location.hash) {
    history.replaceState(null, '', '#/' + name);
  }
  const changed = state.view !== name;
  state.view = name;
  state.refresh = null;
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.getAttribute('href') === '#/' + name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  document.title = VIEWS[name].title + ' · LLMlab';
  document.getElementById('title').textContent = VIEWS[name].title;
  view.replaceChildren();
  VIEWS[name].render(view);
  if (changed) {
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  scheduleRefresh();
}

whenUnauthorized(() => {
  if (state.user) {
    setUser(null);
    say('Your session has ended; please log in again.');
    route();
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  try { await call('DELETE', '/auth/session'); } catch (e) { /* the cookie is gone or the server down */ }
  setUser(null);
  state.firstKey = null;
  location.hash = '#/login';
  route();
  say('Logged out.');
});

document.getElementById('skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', route);

async function start() {
  fillPicker();
  try {
    setUser(await call('GET', '/auth/session', undefined, { quiet401: true }));
  } catch (e) {
    setUser(null);
  }
  route();
}
start();

// ---------------------------------------------------------------- sign up, log in

function credentialsForm(kind, onDone) {
  const email = field('Email', { name: 'email', id: kind + '-email', type: 'email', autocomplete: 'email',
    required: true, 'data-testid': kind + '-email' });
  const password = field('Password', { name: 'password', id: kind + '-password', type: 'password', required: true,
    autocomplete: kind === 'signup' ? 'new-password' : 'current-password', 'data-testid': kind + '-password' });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', 'data-testid': kind + '-submit',
    text: kind === 'signup' ? 'Create account' : 'Log in' });
  const form = h('form', { class: 'stack', novalidate: true }, email.label, password.label, error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const body = { email: email.input.value, password: password.input.value };
      const who = await call('POST', kind === 'signup' ? '/auth/session/signup' : '/auth/session', body,
        { quiet401: true });
      onDone(who);
    } catch (err) {
      showError(form, error, err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function signupView(root) {
  root.append(h('section', { class: 'panel' },
    h('p', { text: 'An account holds your team\'s usage, budgets and API keys.' }),
    credentialsForm('signup', (who) => {
      state.firstKey = who.api_key;
      setUser({ user_id: who.user_id, email: who.email });
      location.hash = '#/overview';
    }),
    h('p', {}, 'Already have an account? ', h('a', { href: '#/login', text: 'Log in' }))));
}

function loginView(root) {
  root.append(h('section', { class: 'panel' },
    credentialsForm('login', (who) => {
      setUser(who);
      location.hash = '#/overview';
    }),
    h('p', {}, 'New here? ', h('a', { href: '#/signup', text: 'Create an account' }))));
}

// ---------------------------------------------------------------- overview

function card(testid, title) {
  const value = h('div', { class: 'value', 'data-testid': testid, text: '…' });
  const sub = h('div', { class: 'sub' });
  return { el: h('section', { class: 'card', 'aria-label': title }, h('h2', { text: title }), value, sub), value, sub };
}

function setMoney(el, text) {
  el.textContent = usd(text);
  el.title = text === null || text === undefined ? '' : 'exactly $' + text;
}

/**
 * A linear forecast for the month: spent so far × (length of the month / time elapsed), in
 * micro-dollars, as the budgets forecast.
 */
function forecast(month, now = Date.now()) {
  const from = Date.parse(month.from);
  const to = Date.parse(month.to);
  const elapsed = Math.max(60000, Math.min(now, to) - from);
  const spent = toMicros(month.total_usd) || 0n;
  return (spent * BigInt(to - from)) / BigInt(elapsed);
}

function overviewView(root) {
  if (state.firstKey) {
    const key = state.firstKey;
    state.firstKey = null; // shown on this visit of the overview only
    root.append(h('div', { class: 'notice', role: 'region', 'aria-label': 'Your first API key' },
      h('p', { text: 'Your account\'s first API key (ingest and read). It is shown only now: copy it into your'
        + ' application\'s configuration.' }),
      keyBox(key, 'signup-api-key'),
      h('button', { type: 'button', class: 'secondary', text: 'Done', onclick: (e) => e.target.closest('.notice').remove() })));
  }
  const cards = {
    today: card('spend-today', 'Today'),
    week: card('spend-week', 'This week'),
    month: card('spend-month', 'Month to date'),
    forecast: card('spend-forecast', 'Forecast, this month'),
    budget: card('budget-used', 'Budget used'),
  };
  root.append(h('div', { class: 'cards' }, Object.values(cards).map((c) => c.el)));

  // daily chart
  const stack = select('Stack by', { name: 'stack', id: 'stack', value: localStorage.getItem('llmlab.stack') || 'provider' },
    [['provider', 'Provider'], ['model', 'Model']]);
  stack.input.addEventListener('change', () => {
    localStorage.setItem('llmlab.stack', stack.input.value);
    scheduleRefresh();
  });
  const figure = h('figure', { 'data-testid': 'daily-chart', class: 'chart-figure' });
  const chartTable = h('details', { class: 'data' });
  root.append(h('section', { class: 'panel', 'aria-labelledby': 'daily-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'daily-title', text: 'Daily spend, last 30 days' }),
      h('form', { class: 'inline', onsubmit: (e) => e.preventDefault() }, stack.label)),
    figure, chartTable));

  // breakdowns
  const byProvider = h('div', { class: 'table-wrap' });
  const byModel = h('div', { class: 'table-wrap' });
  const byTag = h('div', { class: 'table-wrap' });
  const tagKey = field('Tag key', { name: 'tag_key', id: 'tag-key', value: localStorage.getItem('llmlab.tagKey') || 'project',
    'data-testid': 'tag-key', maxlength: 64 });
  const tagForm = h('form', { class: 'inline' }, tagKey.label, h('button', { type: 'submit', class: 'secondary', text: 'Show' }));
  tagForm.addEventListener('submit', (e) => {
    e.preventDefault();
    localStorage.setItem('llmlab.tagKey', tagKey.input.value.trim());
    scheduleRefresh();
  });
  const periodName = { day: 'today', week: 'this week', month: 'this month' }[state.period];
  root.append(h('div', { class: 'grid2' },
    h('section', { class: 'panel', 'aria-labelledby': 'prov-title' },
      h('h2', { id: 'prov-title', text: 'By provider, ' + periodName }), byProvider),
    h('section', { class: 'panel', 'aria-labelledby': 'tag-title' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'tag-title', text: 'By tag, ' + periodName }), tagForm), byTag)));
  root.append(h('section', { class: 'panel', 'aria-labelledby': 'model-title' },
    h('h2', { id: 'model-title', text: 'By model, ' + periodName }), byModel));

  // the chart is drawn at its figure's width: draw it again when that changes
  let lastDaily = null;
  let resizeTimer = null;
  const seriesLabel = (s) => (s.other ? `${s.other} more` : (s.model ? s.provider + ' / ' + s.model : s.provider));
  const observer = new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (lastDaily && figure.isConnected) stackedDays(figure, lastDaily, seriesLabel);
      if (!figure.isConnected) observer.disconnect();
    }, 100);
  });
  observer.observe(figure);

  // recent events
  const events = eventsPanel();
  root.append(events.el);

  state.refresh = async () => {
    const tz = state.zone;
    const key = localStorage.getItem('llmlab.tagKey') || '';
    const [day, week, month, daily, budgets] = await Promise.all([
      call('GET', '/api/costs/summary' + query({ period: 'day', tz })),
      call('GET', '/api/costs/summary' + query({ period: 'week', tz })),
      call('GET', '/api/costs/summary' + query({ period: 'month', tz })),
      call('GET', '/api/costs/daily' + query({ tz, group_by: stack.input.value })),
      call('GET', '/api/budgets'),
    ]);
    const chosen = key
      ? await call('GET', '/api/costs/summary' + query({ period: state.period, tz, group_by: 'tag:' + key }))
      : { day, week, month }[state.period];
    setMoney(cards.today.value, day.total_usd);
    cards.today.sub.textContent = events_(day.events);
    setMoney(cards.week.value, week.total_usd);
    cards.week.sub.textContent = events_(week.events);
    setMoney(cards.month.value, month.total_usd);
    cards.month.sub.textContent = events_(month.events) + (month.unpriced_events ? ', ' + count(month.unpriced_events) + ' unpriced' : '');
    const f = forecast(month);
    cards.forecast.value.textContent = microsToUsd(f);
    cards.forecast.value.title = 'linear: month to date × (days in month ÷ days elapsed)';
    cards.forecast.sub.textContent = 'at the pace so far';
    const budget = mainBudget(budgets.budgets);
    if (budget) {
      cards.budget.value.textContent = percent(budget.state.percent_used);
      cards.budget.value.title = 'exactly ' + budget.state.percent_used + ' %';
      cards.budget.sub.textContent = usd(budget.state.spent_usd) + ' of ' + usd(budget.limit_usd) + ' · ' + budget.name;
    } else {
      cards.budget.value.textContent = '—';
      cards.budget.value.title = '';
      cards.budget.sub.replaceChildren('No budget yet: ', h('a', { href: '#/budgets', text: 'create one' }));
    }
    lastDaily = daily;
    const drawn = stackedDays(figure, daily, seriesLabel);
    chartTable.replaceChildren(h('summary', { text: 'Daily figures as a table' }), dailyTable(daily, drawn, seriesLabel));
    byProvider.replaceChildren(sortable('by-provider-table', 'Cost by provider', [
      { key: 'provider', label: 'Provider' },
      { key: 'events', label: 'Events', type: 'count' },
      { key: 'cost_usd', label: 'Cost', type: 'money' },
      { key: 'share', label: 'Share', type: 'share', of: 'cost_usd' },
    ], chosen.by_provider));
    byModel.replaceChildren(sortable('by-model-table', 'Cost by model', [
      { key: 'model', label: 'Model' },
      { key: 'provider', label: 'Provider' },
      { key: 'events', label: 'Events', type: 'count' },
      { key: 'unpriced_events', label: 'Unpriced', type: 'count' },
      { key: 'cost_usd', label: 'Cost', type: 'money' },
      { key: 'share', label: 'Share', type: 'share', of: 'cost_usd' },
    ], chosen.by_model));
    if (key) {
      byTag.replaceChildren(sortable('by-tag-table', 'Cost by ' + key, [
        { key: 'value', label: key, missing: '(no ' + key + ' tag)' },
        { key: 'events', label: 'Events', type: 'count' },
        { key: 'cost_usd', label: 'Cost', type: 'money' },
        { key: 'share', label: 'Share', type: 'share', of: 'cost_usd' },
      ], chosen.by_tag || []));
    } else {
      byTag.replaceChildren(h('p', { class: 'empty', text: 'Name a tag key (project, feature, user…) to split the cost by it.' }));
    }
    events.models(month.by_model);
    await events.refresh();
  };
}

function events_(n) {
  return count(n) + (n === 1 ? ' event' : ' events');
}

/** The budget the overview's card shows: an account-wide one of this month if any, else the fullest. */
function mainBudget(budgets) {
  if (!budgets || !budgets.length) return null;
  const whole = (b) => !b.scope || (!b.scope.provider && !b.scope.model && !b.scope.api_key_id
    && Object.keys(b.scope.tags || {}).length === 0);
  const candidates = budgets.filter((b) => whole(b) && b.period === 'month');
  const pool = candidates.length ? candidates : budgets;
  return pool.reduce((a, b) => (Number(b.state.percent_used) > Number(a.state.percent_used) ? b : a));
}

function dailyTable(daily, drawn, label) {
  const table = h('table', {},
    h('caption', { class: 'sr-only', text: 'Daily spend' }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Date' }),
      drawn.series.map((s) => h('th', { scope: 'col', class: 'num', text: label(s) })),
      h('th', { scope: 'col', class: 'num', text: 'Total' }))),
    h('tbody', {}, daily.dates.map((d, i) => h('tr', {}, h('th', { scope: 'row', text: d }),
      drawn.series.map((s, k) => h('td', { class: 'num', text: microsToUsd(drawn.micros[k][i]) })),
      h('td', { class: 'num', text: microsToUsd(drawn.totals[i]) })))));
  return h('div', { class: 'table-wrap' }, table);
}

/**
 * A table whose columns sort when their heading is activated (click, Enter or Space); the order is
 * kept across live refreshes.
 */
function sortable(testid, caption, columns, rows) {
  const sort = state.sorts[testid] || { key: 'cost_usd', dir: 'desc' };
  const max = rows.reduce((a, r) => { const m = toMicros(r.cost_usd) || 0n; return m > a ? m : a; }, 0n);
  const value = (r, c) => (c.type === 'money' || c.type === 'share' ? (toMicros(r[c.of || c.key]) ?? -1n)
    : c.type === 'count' ? BigInt(r[c.key] || 0) : String(r[c.key] ?? ''));
  const col = columns.find((c) => c.key === sort.key) || columns[0];
  const sorted = rows.slice().sort((a, b) => {
    const x = value(a, col); const y = value(b, col);
    const cmp = x < y ? -1 : x > y ? 1 : 0;
    return sort.dir === 'asc' ? cmp : -cmp;
  });
  const head = h('tr', {}, columns.map((c) => {
    const th = h('th', { scope: 'col', class: c.type && c.type !== 'share' ? 'num' : (c.type === 'share' ? 'hide-narrow' : null) });
    if (c.key === sort.key) th.setAttribute('aria-sort', sort.dir === 'asc' ? 'ascending' : 'descending');
    th.append(h('button', { type: 'button', class: 'sort', text: c.label, onclick: (e) => {
      const dir = sort.key === c.key && sort.dir === 'desc' ? 'asc' : 'desc';
      state.sorts[testid] = { key: c.key, dir };
      const table = e.target.closest('.table-wrap');
      const fresh = sortable(testid, caption, columns, rows);
      table.replaceChildren(fresh);
      fresh.querySelector(`th button.sort[data-key="${c.key}"]`)?.focus();
    }, 'data-key': c.key }));
    return th;
  }));
  const body = h('tbody', {}, sorted.length ? sorted.map((r) => h('tr', {}, columns.map((c) => {
    if (c.type === 'money') return h('td', { class: 'num' }, money(r[c.key]));
    if (c.type === 'count') return h('td', { class: 'num', text: count(r[c.key]) });
    if (c.type === 'share') return h('td', { class: 'hide-narrow' }, shareBar(toMicros(r[c.of]) || 0n, max));
    return h('td', { text: r[c.key] ?? c.missing ?? '' });
  }))) : h('tr', {}, h('td', { colspan: columns.length, class: 'empty', text: 'No spend in this period.' })));
  return h('table', { 'data-testid': testid }, h('caption', { class: 'sr-only', text: caption }), h('thead', {}, head), body);
}

function eventsPanel() {
  const PAGE = 20;
  const cursors = []; // the before= of each page shown before the current one
  let before = null;
  let next = null;
  const model = select('Model', { name: 'model', id: 'events-model', 'data-testid': 'events-model' }, [['', 'All models']]);
  const tag = field('Tag', { name: 'tag', id: 'events-tag', placeholder: 'key=value', 'data-testid': 'events-tag', maxlength: 200 });
  const error = h('p', { class: 'error', role: 'alert' });
  const filters = h('form', { class: 'inline', 'aria-label': 'Filter events' }, model.label, tag.label,
    h('button', { type: 'submit', class: 'secondary', text: 'Filter' }));
  const table = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Recent events' });
  const newer = h('button', { type: 'button', class: 'secondary', text: '← Newer', disabled: true });
  const older = h('button', { type: 'button', class: 'secondary', text: 'Older →', disabled: true });
  const el = h('section', { class: 'panel', 'aria-labelledby': 'events-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'events-title', text: 'Recent events' }), filters),
    error, table, h('div', { class: 'pager' }, newer, older));

  async function load() {
    const params = { limit: PAGE, before, model: model.input.value };
    const t = tag.input.value.trim();
    if (t) {
      const eq = t.indexOf('=');
      if (eq <= 0) {
        showError(filters, error, { message: 'Write the tag filter as key=value, e.g. project=search.', field: 'tag' });
        return;
      }
      params['tag.' + t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
    }
    let page;
    try {
      page = await call('GET', '/api/events' + query(params));
      showError(filters, error, null);
    } catch (err) {
      showError(filters, error, err);
      return;
    }
    next = page.next_before || null;
    older.disabled = !next;
    newer.disabled = cursors.length === 0;
    table.replaceChildren(eventsTable(page.events || []));
  }
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    cursors.length = 0;
    before = null;
    load();
  });
  older.addEventListener('click', () => { cursors.push(before); before = next; load(); });
  newer.addEventListener('click', () => { before = cursors.pop() ?? null; load(); });
  return {
    el,
    // live notices refresh the newest page only: an older page the reader is on stays put
    refresh: () => (before === null ? load() : Promise.resolve()),
    models(byModel) {
      const current = model.input.value;
      const names = Array.from(new Set(byModel.map((m) => m.model))).sort();
      if (current && !names.includes(current)) names.push(current);
      model.input.replaceChildren(h('option', { value: '', text: 'All models' }),
        ...names.map((n) => h('option', { value: n, text: n })));
      model.input.value = current;
    },
  };
}

function eventsTable(events) {
  const num = (v) => h('td', { class: 'num', text: count(v) });
  return h('table', { 'data-testid': 'recent-events' },
    h('caption', { class: 'sr-only', text: 'Recent events, newest first' }),
    h('thead', {}, h('tr', {},
      ['Time', 'Provider', 'Model'].map((t) => h('th', { scope: 'col', text: t })),
      ['Input', 'Cache read', 'Cache write', 'Output', 'Reasoning'].map((t) => h('th', { scope: 'col', class: 'num', text: t })),
      h('th', { scope: 'col', class: 'num', text: 'Cost' }),
      h('th', { scope: 'col', class: 'num', text: 'Duration' }),
      h('th', { scope: 'col', text: 'Tags' }))),
    h('tbody', {}, events.map((e) => h('tr', { 'data-event-id': e.id },
      h('td', { text: dateTime(e.occurred_at || e.timestamp, state.zone) }),
      h('td', { text: e.provider }),
      h('td', { text: e.model }),
      num(e.input_tokens), num(e.cache_read_tokens), num(e.cache_write_tokens), num(e.output_tokens),
      num(e.reasoning_tokens),
      h('td', { class: 'num' }, money(e.cost_usd)),
      h('td', { class: 'num', text: duration(e.duration_ms) }),
      h('td', {}, h('span', { class: 'tags' }, Object.entries(e.tags || {}).map(([k, v]) => h('span', { class: 'tag', text: k + '=' + v }))))))),
    events.length ? null : h('tfoot', {}, h('tr', {}, h('td', { colspan: 11, class: 'empty', text: 'No events yet. Send some with an API key: see the API keys page.' }))));
}

// ---------------------------------------------------------------- API keys

function keyBox(key, testid) {
  const code = h('code', { 'data-testid': testid, text: key });
  const copy = h('button', { type: 'button', class: 'secondary', 'data-testid': testid + '-copy', text: 'Copy' });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(key);
      say('Copied to the clipboard.');
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(code);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      say('Selected: press Ctrl+C (⌘C) to copy.');
    }
  });
  return h('div', { class: 'key' }, code, copy);
}

function keysView(root) {
  const name = field('Name', { name: 'name', id: 'key-name', required: true, maxlength: 100, value: '', 'data-testid': 'key-name' });
  const scope = (v, checked) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'scopes', value: v, checked }), v);
  const scopes = h('fieldset', {}, h('legend', { text: 'Scopes' }), scope('ingest', true), scope('read', true), scope('manage', false));
  const error = h('p', { class: 'error', role: 'alert' });
  const shown = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', 'data-testid': 'new-api-key', text: 'New API key' });
  const form = h('form', { class: 'inline' }, name.label, scopes, submit);
  const list = h('div', { class: 'table-wrap' });
  root.append(h('section', { class: 'panel', 'aria-labelledby': 'new-key-title' },
    h('h2', { id: 'new-key-title', text: 'Create a key' }), form, error, shown),
  h('section', { class: 'panel', 'aria-labelledby': 'keys-title' }, h('h2', { id: 'keys-title', text: 'Your keys' }), list));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const chosen = Array.from(form.querySelectorAll('input[name=scopes]:checked')).map((i) => i.value);
      const created = await call('POST', '/api/keys', { name: name.input.value.trim() || 'dashboard', scopes: chosen });
      showError(form, error, null);
      shown.replaceChildren(h('div', { class: 'notice' },
        h('p', {}, h('strong', { text: created.name }), ': this key is shown only now. Copy it and keep it secret.'),
        keyBox(created.api_key, 'api-key-value')));
      name.input.value = '';
      scheduleRefresh();
    } catch (err) {
      showError(form, error, err);
    } finally {
      submit.disabled = false;
    }
  });
  state.refresh = async () => {
    const { keys } = await call('GET', '/api/keys');
    list.replaceChildren(h('table', { 'data-testid': 'api-keys-table' },
      h('caption', { class: 'sr-only', text: 'API keys' }),
      h('thead', {}, h('tr', {}, ['Name', 'Key', 'Scopes', 'Created', 'Status', ''].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, keys.map((k) => h('tr', { 'data-key-id': k.id },
        h('td', { text: k.name }), h('td', {}, h('code', { text: k.prefix + '…' })),
        h('td', { text: (k.scopes || []).join(', ') }), h('td', { text: dateTime(k.created_at, state.zone) }),
        h('td', { text: k.revoked_at ? 'revoked ' + dateTime(k.revoked_at, state.zone) : 'active' }),
        h('td', {}, k.revoked_at ? null : confirmButton('Revoke', 'Confirm revoke', 'revoke-key', async () => {
          await call('DELETE', '/api/keys/' + encodeURIComponent(k.id));
          say('Key ' + k.prefix + '… revoked.');
          scheduleRefresh();
        })))))));
  };
}

/** A button that asks once more before it acts (instead of a modal dialog). */
function confirmButton(text, confirmText, testid, action) {
  const b = h('button', { type: 'button', class: 'danger', 'data-testid': testid, text });
  let armed = false;
  b.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      b.textContent = confirmText;
      setTimeout(() => { armed = false; b.textContent = text; }, 5000);
      return;
    }
    b.disabled = true;
    try { await action(); } catch (err) { say(err.message); b.disabled = false; }
  });
  return b;
}

// ---------------------------------------------------------------- budgets

function budgetsView(root) {
  let editing = null;
  const f = {
    name: field('Name', { name: 'name', id: 'budget-name', required: true, maxlength: 100, 'data-testid': 'budget-name' }),
    limit: field('Limit (USD)', { name: 'limit_usd', id: 'budget-limit', required: true, inputmode: 'decimal', 'data-testid': 'budget-limit' }),
    period: select('Period', { name: 'period', id: 'budget-period', value: 'month' }, [['day', 'Day'], ['week', 'Week'], ['month', 'Month']]),
    zone: field('Time zone', { name: 'time_zone', id: 'budget-zone', value: state.zone }),
    thresholds: field('Alert at (%)', { name: 'thresholds', id: 'budget-thresholds', value: '50, 80, 100', 'data-testid': 'budget-thresholds' }),
    tag: field('Only tag (key=value)', { name: 'scope', id: 'budget-tag', placeholder: 'project=search' }),
    provider: field('Only provider', { name: 'provider', id: 'budget-provider' }),
    model: field('Only model', { name: 'model', id: 'budget-model' }),
    mode: select('Mode', { name: 'mode', id: 'budget-mode', value: 'alert' }, [['alert', 'Alert'], ['hard', 'Hard limit']]),
    channel: select('Alert channel', { name: 'channel_type', id: 'budget-channel' },
      [['', 'None'], ['webhook', 'Webhook'], ['slack', 'Slack'], ['discord', 'Discord'], ['email', 'E-mail']]),
    target: field('Channel URL or address', { name: 'channels', id: 'budget-target' }),
    secret: field('Webhook secret', { name: 'secret', id: 'budget-secret', type: 'password', autocomplete: 'off' }),
  };
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', 'data-testid': 'budget-submit', text: 'Create budget' });
  const cancel = h('button', { type: 'button', class: 'secondary', text: 'Cancel edit', hidden: true });
  const form = h('form', { class: 'grid', 'data-testid': 'budget-form', 'aria-labelledby': 'budget-form-title' },
    Object.values(f).map((x) => x.label), h('div', { class: 'actions' }, submit, cancel));
  const title = h('h2', { id: 'budget-form-title', text: 'New budget' });
  const list = h('div', { class: 'table-wrap' });
  root.append(h('section', { class: 'panel' }, title, form, error),
    h('section', { class: 'panel', 'aria-labelledby': 'budgets-title' }, h('h2', { id: 'budgets-title', text: 'Budgets' }), list));

  function reset() {
    editing = null;
    form.reset();
    f.zone.input.value = state.zone;
    f.thresholds.input.value = '50, 80, 100';
    title.textContent = 'New budget';
    submit.textContent = 'Create budget';
    cancel.hidden = true;
  }
  cancel.addEventListener('click', reset);

  function edit(b) {
    editing = b.id;
    f.name.input.value = b.name;
    f.limit.input.value = b.limit_usd;
    f.period.input.value = b.period;
    f.zone.input.value = b.time_zone;
    f.thresholds.input.value = b.thresholds.join(', ');
    const tags = Object.entries((b.scope && b.scope.tags) || {});
    f.tag.input.value = tags.length ? tags[0][0] + '=' + tags[0][1] : '';
    f.provider.input.value = (b.scope && b.scope.provider) || '';
    f.model.input.value = (b.scope && b.scope.model) || '';
    f.mode.input.value = b.mode;
    f.channel.input.value = '';
    f.target.input.value = '';
    f.secret.input.value = '';
    title.textContent = 'Edit ' + b.name;
    submit.textContent = 'Save changes';
    cancel.hidden = false;
    f.name.input.focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      name: f.name.input.value.trim(),
      limit_usd: f.limit.input.value.trim(),
      period: f.period.input.value,
      time_zone: f.zone.input.value.trim() || 'UTC',
      mode: f.mode.input.value,
    };
    const th = f.thresholds.input.value.split(/[ ,;]+/).filter(Boolean);
    body.thresholds = th.map((t) => (/^\d+$/.test(t) ? Number(t) : t));
    const scope = { tags: {}, provider: f.provider.input.value.trim() || null, model: f.model.input.value.trim() || null };
    const tag = f.tag.input.value.trim();
    if (tag) {
      const eq = tag.indexOf('=');
      if (eq <= 0) {
        showError(form, error, { message: 'Write the tag as key=value, e.g. project=search.', field: 'scope' });
        return;
      }
      scope.tags[tag.slice(0, eq).trim()] = tag.slice(eq + 1).trim();
    }
    body.scope = scope;
    const type = f.channel.input.value;
    if (type) {
      const target = f.target.input.value.trim();
      const ch = { type };
      if (type === 'email') ch.to = target; else ch.url = target;
      if (type === 'webhook') ch.secret = f.secret.input.value;
      body.channels = [ch];
    } else if (!editing) {
      body.channels = [];
    }
    submit.disabled = true;
    try {
      if (editing) await call('PATCH', '/api/budgets/' + encodeURIComponent(editing), body);
      else await call('POST', '/api/budgets', body);
      showError(form, error, null);
      say(editing ? 'Budget saved.' : 'Budget created.');
      reset();
      scheduleRefresh();
    } catch (err) {
      showError(form, error, err);
    } finally {
      submit.disabled = false;
    }
  });

  state.refresh = async () => {
    const { budgets } = await call('GET', '/api/budgets');
    list.replaceChildren(h('table', { 'data-testid': 'budgets-table' },
      h('caption', { class: 'sr-only', text: 'Budgets and their state this period' }),
      h('thead', {}, h('tr', {}, ['Name', 'Period', 'Scope'].map((t) => h('th', { scope: 'col', text: t })),
        h('th', { scope: 'col', class: 'num', text: 'Limit' }), h('th', { scope: 'col', class: 'num', text: 'Spent' }),
        h('th', { scope: 'col', text: 'State' }), h('th', { scope: 'col', class: 'num', text: 'Used' }),
        h('th', { scope: 'col', class: 'num', text: 'Forecast' }), h('th', { scope: 'col', text: '' }))),
      h('tbody', {}, budgets.length ? budgets.map((b) => h('tr', { 'data-budget-id': b.id },
        h('td', { text: b.name }),
        h('td', { text: b.period + ' · ' + b.time_zone }),
        h('td', { text: scopeText(b.scope) }),
        h('td', { class: 'num' }, money(b.limit_usd)),
        h('td', { class: 'num' }, money(b.state.spent_usd)),
        h('td', {}, budgetBar(b.state.percent_used, b.thresholds, b.state.crossed || [])),
        h('td', { class: 'num', 'data-testid': 'budget-percent', text: percent(b.state.percent_used) }),
        h('td', { class: 'num' }, money(b.state.forecast_usd), b.state.forecast_exceeds ? h('span', { class: 'error', text: ' over' }) : null),
        h('td', {}, h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', text: 'Edit', onclick: () => edit(b) }),
          confirmButton('Delete', 'Confirm delete', 'delete-budget', async () => {
            await call('DELETE', '/api/budgets/' + encodeURIComponent(b.id));
            if (editing === b.id) reset();
            say('Budget ' + b.name + ' deleted.');
            scheduleRefresh();
          })))))
        : h('tr', {}, h('td', { colspan: 9, class: 'empty', text: 'No budgets yet.' })))));
  };
}

function scopeText(scope) {
  if (!scope) return 'whole account';
  const parts = Object.entries(scope.tags || {}).map(([k, v]) => k + '=' + v);
  if (scope.provider) parts.push('provider ' + scope.provider);
  if (scope.model) parts.push('model ' + scope.model);
  if (scope.api_key_id) parts.push('one API key');
  return parts.length ? parts.join(', ') : 'whole account';
}

// ---------------------------------------------------------------- alerts

const ALERT_TYPES = {
  'budget.threshold_crossed': 'Threshold crossed',
  'budget.forecast_overrun': 'Forecast over limit',
  'budget.spend_spike': 'Spend spike',
};

function alertsView(root) {
  const cursors = [];
  let before = null;
  let next = null;
  const list = h('div', { class: 'table-wrap' });
  const newer = h('button', { type: 'button', class: 'secondary', text: '← Newer', disabled: true });
  const older = h('button', { type: 'button', class: 'secondary', text: 'Older →', disabled: true });
  root.append(h('section', { class: 'panel', 'aria-labelledby': 'alerts-title' },
    h('h2', { id: 'alerts-title', text: 'Alerts, newest first' }), list, h('div', { class: 'pager' }, newer, older)));
  async function load() {
    const [page, budgets] = await Promise.all([
      call('GET', '/api/alerts' + query({ limit: 25, before })),
      call('GET', '/api/budgets'),
    ]);
    const names = Object.fromEntries(budgets.budgets.map((b) => [b.id, b.name]));
    next = page.next_before || null;
    older.disabled = !next;
    newer.disabled = cursors.length === 0;
    list.replaceChildren(h('table', { 'data-testid': 'alerts-table' },
      h('caption', { class: 'sr-only', text: 'Alerts with their delivery status' }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Time' }), h('th', { scope: 'col', text: 'Alert' }),
        h('th', { scope: 'col', text: 'Budget' }), h('th', { scope: 'col', class: 'num', text: 'Spent' }),
        h('th', { scope: 'col', text: 'Delivery' }))),
      h('tbody', {}, page.alerts.length ? page.alerts.map((a) => h('tr', { 'data-alert-id': a.id },
        h('td', { text: dateTime(a.created_at, state.zone) }),
        h('td', { text: (ALERT_TYPES[a.type] || a.type) + (a.threshold_percent !== null && a.threshold_percent !== undefined ? ' ' + a.threshold_percent + ' %' : '') }),
        h('td', { text: names[a.budget_id] || '(deleted budget)' }),
        h('td', { class: 'num' }, money(a.spent_usd)),
        h('td', {}, (a.deliveries || []).length ? (a.deliveries).map((d) => h('div', { class: 'delivery' },
          d.channel + ': ', h('span', { class: 'status-' + d.status, text: d.status }),
          d.attempts ? ' · ' + d.attempts + (d.attempts === 1 ? ' attempt' : ' attempts') : '',
          d.delivered_at ? ' · ' + dateTime(d.delivered_at, state.zone) : '',
          d.last_error ? h('div', { class: 'error', text: d.last_error }) : null)) : h('span', { class: 'empty', text: 'no channel' }))))
        : h('tr', {}, h('td', { colspan: 5, class: 'empty', text: 'No alerts yet.' })))));
  }
  older.addEventListener('click', () => { cursors.push(before); before = next; load(); });
  newer.addEventListener('click', () => { before = cursors.pop() ?? null; load(); });
  state.refresh = () => (before === null ? load() : Promise.resolve());
}

// ---------------------------------------------------------------- recommendations

function recommendationsView(root) {
  const list = h('ol', { class: 'recs', 'data-testid': 'recommendations-list' });
  const total = h('p');
  root.append(total, list);
  state.refresh = async () => {
    const r = await call('GET', '/api/recommendations' + query({ period: state.period, tz: state.zone }));
    const sum = r.recommendations.reduce((a, x) => a + (toMicros(x.estimated_monthly_savings_usd) || 0n), 0n);
    total.replaceChildren(r.recommendations.length
      ? h('span', {}, 'Estimated savings: ', h('strong', { text: microsToUsd(sum) }), ' a month, from usage of '
        + dateTime(r.period_from, state.zone) + ' to ' + dateTime(r.period_to, state.zone) + '.')
      : h('span', { class: 'empty', text: 'No recommendations for this period: nothing to change, or not enough usage yet.' }));
    list.replaceChildren(...r.recommendations.map((x) => h('li', { 'data-kind': x.kind },
      h('div', { class: 'kind', text: x.kind.replace(/_/g, ' ') }),
      h('h2', { text: x.title }),
      h('p', { text: x.detail }),
      h('p', {}, 'Saves about ', x.estimated_monthly_savings_usd === null
        ? h('span', { text: 'an unknown amount' })
        : h('span', { class: 'saving' }, money(x.estimated_monthly_savings_usd)), ' a month.'))));
  };
}
