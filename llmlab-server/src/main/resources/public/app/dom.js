// A few DOM helpers: elements built with properties, never from HTML strings (no injection, and the
// Content-Security-Policy allows no inline script or style anyway).

/**
 * Creates an element. attrs: "class", "text", "on<event>" handlers, "data-*"/"aria-*" and other
 * attributes; children: nodes or strings (null and false are skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** A labelled input: <label>Text <input …></label> with a slot for a field error. */
export function field(label, attrs) {
  const input = h(attrs.tag || 'input', { ...attrs, tag: null });
  const error = h('span', { class: 'field-error', id: (attrs.id || attrs.name) + '-error' });
  input.setAttribute('aria-describedby', error.id);
  return { label: h('label', {}, label, input, error), input, error };
}

/** A labelled select with options [[value, text]…]. */
export function select(label, attrs, options) {
  const el = h('select', attrs, options.map(([v, t]) => h('option', { value: v, text: t })));
  if (attrs.value !== undefined) el.value = attrs.value;
  return { label: h('label', {}, label, el), input: el };
}

/** Shows an API error on a form: the message, and the field it names marked invalid. */
export function showError(form, summary, err) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; });
  summary.textContent = err ? err.message : '';
  if (!err || !err.field) return;
  const input = form.querySelector(`[name="${CSS.escape(err.field)}"]`);
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(input.getAttribute('aria-describedby'));
    if (slot) slot.textContent = err.message;
    input.focus();
  }
}
