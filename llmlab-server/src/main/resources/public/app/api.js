// The JSON API, called with the session cookie. Every request carries X-Requested-With: the server
// refuses a state-changing request authenticated by the cookie without it (a cross-site form cannot
// send it), so the page never handles the token itself.

/** A refused request: the API's error shape. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let onUnauthorized = () => {};

/** Sets what happens when the session has ended (a 401 from any call but the session check). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/**
 * Calls the API. Resolves to the parsed JSON body (null for 204); rejects with an ApiError.
 */
export async function call(method, path, body, { quiet401 = false } = {}) {
  const headers = { 'X-Requested-With': 'llmlab-dashboard', Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', 'The server cannot be reached; check the connection.', null);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch (e) { json = null; }
  }
  if (!response.ok) {
    const err = (json && json.error) || {};
    if (response.status === 401 && !quiet401) onUnauthorized();
    throw new ApiError(response.status, err.code || 'http_' + response.status,
      err.message || 'The server answered ' + response.status + '.', err.field || null);
  }
  return json;
}

/** Builds a query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.append(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
