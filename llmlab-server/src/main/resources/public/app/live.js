// The live stream: GET /api/live (server-sent events, authenticated by the session cookie). Every
// "usage" notice, and the "ready" the server sends on every (re)connection and whenever it may
// itself have missed notices, makes the page fetch what it shows again: notices only say that
// something changed, so whatever happened while disconnected is caught up on reconnect.

/**
 * Opens the stream and keeps it open.
 *
 * @param onChange called with ('usage', notice) for each notice and ('ready') on each connection
 * @param onStatus called with 'live' or 'reconnecting'
 * @returns {{close: function}} stops for good (logout)
 */
export function connect(onChange, onStatus) {
  let source = null;
  let timer = null;
  let delay = 1000;
  let stopped = false;

  function open() {
    if (stopped) return;
    source = new EventSource('/api/live');
    source.addEventListener('ready', () => {
      delay = 1000;
      onStatus('live');
      onChange('ready');
    });
    source.addEventListener('usage', (event) => {
      let notice = null;
      try { notice = JSON.parse(event.data); } catch (e) { notice = null; }
      onChange('usage', notice);
    });
    source.addEventListener('error', () => {
      onStatus('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // the server answered with an error status: the browser gives up, so we retry, backing off
        source.close();
        clearTimeout(timer);
        timer = setTimeout(open, delay);
        delay = Math.min(delay * 2, 30000);
      }
    });
  }

  function retryNow() {
    if (stopped || (source && source.readyState === EventSource.OPEN)) return;
    if (source) source.close();
    clearTimeout(timer);
    delay = 1000;
    open();
  }

  window.addEventListener('online', retryNow);
  open();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', retryNow);
      if (source) source.close();
    },
  };
}
