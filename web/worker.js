// Analysis worker: owns the wasm core and every analyzer session, so that
// parsing large exports never blocks the page.
//
// Protocol (page -> worker):
//   {type: 'analyze', session, batch, items: [{id, name, file?: File, url?: string}]}
//       Analyze the items, in order, into the session's analyzer. An item has
//       either a File (read with file.stream()) or a same-origin URL (fetched
//       and read from the response body). Files of one session accumulate:
//       the report always covers every file analyzed since the last reset.
//   {type: 'reset', session}
//       Drop the current session (its analyzer is deleted) and start a new,
//       empty one with the given id.
//
// Protocol (worker -> page); every message carries the session id it belongs
// to so the page can ignore messages that arrive after a reset:
//   {type: 'ready', version, formats}          the core loaded
//   {type: 'fatal', message}                   the core failed to load / a bug
//   {type: 'file-start', session, id, size}    size in bytes or null if unknown
//   {type: 'file-format', session, id, format} format sniffed from the head
//   {type: 'progress', session, id, bytes, size}
//   {type: 'file-done', session, id, input, readError}
//       input is the object returned by analyzer.end() (null when the file
//       could not be opened at all); readError is a string when reading
//       failed (the part read before the failure is still analyzed).
//   {type: 'report', session, batch, json, blob}
//       Sent when the queue drains; batch is the last batch analyzed, json
//       the full report string (analyzer.report()) and blob the same bytes as
//       an application/json Blob for downloading.

import {loadCore} from './core.mjs';

// Bytes given to core.detect(): the API says 4 KiB is plenty.
const HEAD_BYTES = 4096;
// Minimum time between two progress messages for one file.
const PROGRESS_INTERVAL_MS = 80;

const corePromise = loadCore({
  wasmUrl: new URL('./exposure_core.wasm', import.meta.url),
});

corePromise.then(
  (core) => post({type: 'ready', version: core.version(), formats: core.formats()}),
  (err) => post({type: 'fatal', message: `The analysis engine failed to load: ${describe(err)}`}),
);

// The active session. Work is serialized through `queue`, so at most one file
// is being fed to the core at any time; a reset marks the old session
// cancelled and queues its disposal behind whatever is running.
let session = newSession(0);
let queue = Promise.resolve();

function newSession(id) {
  return {id, analyzer: null, cancelled: false, queuedBatches: 0};
}

self.addEventListener('message', (event) => {
  const msg = event.data;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'analyze') {
    const s = session;
    s.queuedBatches++;
    enqueue(() => runBatch(s, msg));
  } else if (msg.type === 'reset') {
    const old = session;
    old.cancelled = true;
    session = newSession(msg.session);
    enqueue(() => dispose(old));
  }
});

function enqueue(job) {
  queue = queue.then(job).catch((err) => {
    post({type: 'fatal', message: `Internal error in the analysis worker: ${describe(err)}`});
  });
}

function dispose(s) {
  if (s.analyzer) {
    s.analyzer.delete();
    s.analyzer = null;
  }
}

async function runBatch(s, msg) {
  try {
    if (s.cancelled) return;
    // A load failure was already reported as 'fatal'; the page marks the
    // files as not analyzed.
    const core = await corePromise.catch(() => null);
    if (!core) return;
    if (!s.analyzer) s.analyzer = core.newAnalyzer();
    for (const item of msg.items) {
      if (s.cancelled) return;
      await analyzeItem(core, s, item);
    }
  } finally {
    s.queuedBatches--;
    // Report only once nothing else is queued for this session: building the
    // report for 100k findings is not free, and intermediate ones are useless.
    if (!s.cancelled && s.queuedBatches === 0 && s.analyzer) {
      const json = s.analyzer.report();
      const blob = new Blob([json], {type: 'application/json'});
      post({type: 'report', session: s.id, batch: msg.batch, json, blob});
    }
  }
}

// Opens an item as a byte stream: {stream, size} or throws with a message
// suitable for the user.
async function openItem(item) {
  if (item.file) {
    return {stream: item.file.stream(), size: item.file.size};
  }
  const url = new URL(item.url, self.location.href);
  // Demo data only ever comes from this origin; refuse anything else even if
  // the page were tricked into asking (the CSP would block it too).
  if (url.origin !== self.location.origin) throw new Error('refusing to fetch from another origin');
  const response = await fetch(url, {credentials: 'same-origin'});
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  // Content-Length is the transfer size; with content encoding it is not the
  // byte count we read, so only trust it for identity responses.
  const length = Number(response.headers.get('content-length'));
  const encoded = response.headers.get('content-encoding');
  const size = Number.isFinite(length) && length > 0 && !encoded ? length : null;
  return {stream: response.body, size};
}

async function analyzeItem(core, s, item) {
  const {id, name} = item;
  let opened;
  try {
    opened = await openItem(item);
  } catch (err) {
    post({type: 'file-start', session: s.id, id, size: null});
    post({type: 'file-done', session: s.id, id, input: null, readError: `could not open: ${describe(err)}`});
    return;
  }
  const {stream, size} = opened;
  post({type: 'file-start', session: s.id, id, size});

  const analyzer = s.analyzer;
  const reader = stream.getReader();
  let bytes = 0;
  let lastProgress = 0;
  let head = new Uint8Array(0);
  let formatSent = false;
  let readError = null;

  const sendFormat = () => {
    formatSent = true;
    let format = '';
    try {
      format = core.detect(name, head);
    } catch {
      // Detection is only a preview; end() reports the authoritative format.
    }
    post({type: 'file-format', session: s.id, id, format});
  };

  analyzer.begin(name);
  try {
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      if (s.cancelled) {
        await reader.cancel();
        break;
      }
      if (!value || value.byteLength === 0) continue;
      if (!formatSent) {
        // Keep a copy of the first bytes only until detection has run.
        const take = Math.min(HEAD_BYTES - head.byteLength, value.byteLength);
        const grown = new Uint8Array(head.byteLength + take);
        grown.set(head);
        grown.set(value.subarray(0, take), head.byteLength);
        head = grown;
        if (head.byteLength >= HEAD_BYTES) sendFormat();
      }
      analyzer.feed(value);
      bytes += value.byteLength;
      const now = Date.now();
      if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
        lastProgress = now;
        post({type: 'progress', session: s.id, id, bytes, size});
      }
    }
  } catch (err) {
    readError = `analysis stopped after ${bytes} bytes: ${describe(err)}`;
  } finally {
    reader.releaseLock();
  }
  if (!formatSent) sendFormat();
  // end() is called even after a cancel or a read error so that the
  // analyzer's begin/end pairs stay balanced.
  const input = analyzer.end();
  if (s.cancelled) return;
  post({type: 'progress', session: s.id, id, bytes, size: size ?? bytes});
  post({type: 'file-done', session: s.id, id, input, readError});
}

function post(msg) {
  self.postMessage(msg);
}

function describe(err) {
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}
