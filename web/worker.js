// Analysis worker: owns the wasm core and every analyzer session, so that
// parsing large exports never blocks the page.
//
// The messages it takes and sends are defined in protocol.js.

import {loadCore} from './core.mjs';
import {loadSavedIntel, forgetSavedIntel} from './intel_store.js';
import {addSnapshot, compareRecords, deleteSnapshot, deleteWorkspaceSnapshots, describeSnapshot, getSnapshot,
  listSnapshots, listWorkspaces, renameWorkspaceSnapshots, DEFAULT_WORKSPACE} from './snapshot_store.js';
import {deleteRecord, deleteWorkspaceEntry, getRecord, getWorkspace, listRecords, listWorkspaceEntries,
  putRecord, putWorkspace} from './workspace_store.js';
import {decodeRecord, encodeRecord, exportLines, newEncryption, parseExport, unlock} from './workspace_crypto.js';
import {ProtocolError, ToWorker, receiver, toPage} from './protocol.js';
import {TableRowsReader} from './rows.js';

// Bytes given to core.detect(): the API says 4 KiB is plenty.
const HEAD_BYTES = 4096;
// Minimum time between two progress messages for one file.
const PROGRESS_INTERVAL_MS = 80;
// A text that starts every finding's record in an export of the format
// (a core format id), counted in the bytes as they are read for the
// findings-so-far of 'progress'. A marker cut by a chunk's end is missed:
// the count is an estimate, which the analyzer's own replaces at the end.
const FINDING_MARKERS = {
  nessus: '<ReportItem ',
  trivy: '"VulnerabilityID"',
  grype: '"vulnerability":',
  sarif: '"ruleId"',
};
const markerBytes = Object.fromEntries(Object.entries(FINDING_MARKERS)
  .map(([format, text]) => [format, new TextEncoder().encode(text)]));

// How often `marker` occurs in `bytes`.
function countMarker(bytes, marker) {
  const first = marker[0];
  const last = bytes.length - marker.length;
  let n = 0;
  for (let at = bytes.indexOf(first); at >= 0 && at <= last; at = bytes.indexOf(first, at + 1)) {
    let k = 1;
    while (k < marker.length && bytes[at + k] === marker[k]) k++;
    if (k === marker.length) n++;
  }
  return n;
}

// Table rows per message: a few milliseconds for the page to deserialize
// (5,000 took up to 50 ms on a busy machine).
const ROWS_PER_MESSAGE = 1000;
// Report pieces (about 1 MiB each) held before they join the download's
// Blob, whose bytes the browser keeps outside this worker's heap.
const PIECES_PER_BLOB_PART = 8;

// Findings and report layout an analysis keeps in wasm memory (which never
// shrinks) before the rest goes to a spill file: the CLI's --memory default.
const SPILL_BUDGET_MB = 32;
// Spill files are named so; a worker deletes the ones left behind by tabs
// that closed or crashed while analyzing.
const SPILL_PREFIX = 'exposure-spill-';

const corePromise = loadCore({
  wasmUrl: new URL('./exposure_core.wasm', import.meta.url),
});

corePromise.then(
  (core) => post(toPage.ready({version: core.version(), formats: core.formats(),
    exportFormats: core.exportFormats()})),
  (err) => post(toPage.fatal({message: `The analysis engine failed to load: ${describe(err)}`})),
);

// The active threat intel: `handle` is an intel object of the core (null =
// the built-in bundle, which analyzers use by default) and `info` what the
// page shows (see the 'intel' message). builtIn is the built-in bundle,
// loaded when first needed as the base of a partial refresh.
const BUILT_IN_LABEL = 'built-in';
let intel = {handle: null, info: null};
let builtIn = null;

function builtInInfo(core) {
  let bundle = null;
  try {
    bundle = core.builtInIntel();
  } catch (err) {
    // A core that cannot read its own bundle still analyzes: without intel.
    console.error('exposure worker: the built-in intel bundle:', describe(err));
  }
  const exploits = bundle && bundle.exploits;
  const part = (present) => (present ? BUILT_IN_LABEL : null);
  return {
    source: 'built-in',
    builtAt: null,
    bundle,
    kevFrom: part(bundle && bundle.kev),
    epssFrom: part(bundle && bundle.epss),
    ssvcFrom: part(bundle && bundle.ssvc),
    metasploitFrom: part(exploits && exploits.metasploit_date != null),
    exploitdbFrom: part(exploits && exploits.exploitdb_date != null),
    nucleiFrom: part(exploits && exploits.nuclei_date != null),
  };
}

// The parts of a bundle: the core's "<part>_from" and the info's
// "<part>From", and what notes call them.
const INTEL_PARTS = [
  ['kev', 'KEV catalog'],
  ['epss', 'EPSS scores'],
  ['ssvc', 'CISA SSVC assessments (Vulnrichment)'],
  ['metasploit', 'Metasploit modules'],
  ['exploitdb', 'Exploit-DB entries'],
  ['nuclei', 'Nuclei templates'],
];

// The active session. Work is serialized through `queue`, so at most one file
// is being fed to the core at any time; a reset marks the old session
// cancelled and queues its disposal behind whatever is running.
let session = newSession(0);
let queue = Promise.resolve();

// The active decisions file's text ('' = none), applied to every analyzer
// when it is made: decisions are the user's, not a session's, so a reset
// keeps them (the page keeps its list too).
let decisionsText = '';

// spill: the spill file the analyzer was given (see openSpill; the
// analyzer closes and deletes it when it is deleted), or null.
function newSession(id) {
  return {id, analyzer: null, spill: null, cancelled: false, queuedBatches: 0, lastBatch: 0, reports: 0};
}

const receive = receiver(ToWorker, {
  [ToWorker.CLASSIFY]: (msg) => classify(msg),
  [ToWorker.INTEL_PREVIEW]: (msg) => enqueue(() => previewIntel(msg)),
  [ToWorker.INTEL_APPLY]: (msg) => enqueue(() => applyIntel(msg)),
  [ToWorker.INTEL_DISCARD]: (msg) => enqueue(() => discardPreview(msg.request)),
  [ToWorker.INTEL_RESET]: () => enqueue(() => resetIntel()),
  // At once, not queued: the page is going away and a queued job might
  // never run. A batch still reading finds its analyzer gone and stops.
  [ToWorker.CLOSE_SPILLS]: () => closeSpills(),
  [ToWorker.ANALYZE]: (msg) => {
    const s = session;
    s.queuedBatches++;
    enqueue(() => runBatch(s, msg));
  },
  [ToWorker.REPORT_FILE]: (msg) => {
    const s = session;
    if (msg.session === s.id) enqueue(() => sendReportFile(s, msg.report));
  },
  [ToWorker.SET_DECISIONS]: (msg) => enqueue(() => setDecisions(msg)),
  [ToWorker.SET_POLICY]: (msg) => enqueue(() => savePolicy(msg)),
  [ToWorker.WORKSPACE_OPEN]: (msg) => enqueue(() => openWorkspace(msg)),
  [ToWorker.WORKSPACE_CREATE]: (msg) => enqueue(() => createWorkspace(msg)),
  [ToWorker.WORKSPACE_LOCK]: (msg) => enqueue(() => lockWorkspace(msg)),
  [ToWorker.WORKSPACE_DELETE]: (msg) => enqueue(() => removeWorkspace(msg)),
  [ToWorker.WORKSPACE_RENAME]: (msg) => enqueue(() => renameWorkspace(msg)),
  [ToWorker.WORKSPACE_EXPORT]: (msg) => enqueue(() => exportWorkspace(msg)),
  [ToWorker.WORKSPACE_IMPORT]: (msg) => enqueue(() => importWorkspace(msg)),
  [ToWorker.EXPORT]: (msg) => {
    const s = session;
    enqueue(() => sendExport(s, msg));
  },
  // Snapshots: in the queue like everything else, so that a save covers
  // the files sent before it and a comparison never sees a half-done change.
  [ToWorker.SNAPSHOT_LIST]: (msg) => enqueue(() => sendSnapshots(msg.request, msg.workspace)),
  [ToWorker.SNAPSHOT_SAVE]: (msg) => {
    const s = session;
    enqueue(() => saveSnapshot(s, msg));
  },
  [ToWorker.SNAPSHOT_IMPORT]: (msg) => enqueue(() => importSnapshots(msg)),
  [ToWorker.SNAPSHOT_DELETE]: (msg) => enqueue(() => removeSnapshot(msg)),
  [ToWorker.SNAPSHOT_EXPORT]: (msg) => enqueue(() => exportSnapshot(msg)),
  [ToWorker.DIFF]: (msg) => enqueue(() => diffSnapshots(msg)),
  [ToWorker.TREND]: (msg) => enqueue(() => trendOfSnapshots(msg)),
  [ToWorker.TRACK]: (msg) => enqueue(() => trackFiles(msg)),
  [ToWorker.RESET]: (msg) => {
    const old = session;
    old.cancelled = true;
    session = newSession(msg.session);
    enqueue(() => dispose(old));
  },
});

self.addEventListener('message', (event) => {
  try {
    receive(event.data);
  } catch (err) {
    // The page and this worker disagree about the protocol: a bug to show,
    // not a message to skip.
    if (!(err instanceof ProtocolError)) throw err;
    post(toPage.fatal({message: `Internal error: the analysis worker received a message it does not understand (${err.message})`}));
  }
});

// The saved bundle is restored before anything else runs, so that no
// analysis uses the built-in one by mistake.
enqueue(() => restoreIntel());
enqueue(() => removeStaleSpills());

function enqueue(job) {
  queue = queue.then(job).catch((err) => {
    post(toPage.fatal({message: `Internal error in the analysis worker: ${describe(err)}`}));
  });
}

function dispose(s) {
  if (s.analyzer) {
    s.analyzer.delete();
    s.analyzer = null;
  }
}

// Deletes the session's analysis if it has a spill file. The browser may
// stop this worker at any moment after pagehide, so the file's content is
// wiped first, synchronously (wipe()), and only then is it closed and its
// removal asked for; the analysis goes last. A file whose removal did not
// happen in time is removed, empty, by the next worker's
// removeStaleSpills(), as is one left by a worker killed before this ran.
function closeSpills() {
  const s = session;
  const closed = Boolean(s.analyzer && s.spill);
  if (closed) {
    s.cancelled = true;
    s.spill.wipe();
    dispose(s);
  }
  post(toPage.spillsClosed({session: s.id, closed}));
}

async function runBatch(s, msg) {
  try {
    if (s.cancelled) return;
    // A load failure was already reported as 'fatal'; the page marks the
    // files as not analyzed.
    const core = await corePromise.catch(() => null);
    if (!core) return;
    if (!s.analyzer) {
      // As the CLI's --memory: 0 keeps everything in memory (no spill file
      // at all); a missing or invalid value is the default budget. Huge
      // values are fine: the bridge caps them at what never spills.
      const memoryMb = Number(msg.memoryMb);
      const budgetMb = Number.isFinite(memoryMb) && memoryMb >= 0 ? memoryMb : SPILL_BUDGET_MB;
      const budget = budgetMb * (1 << 20);
      // An encrypted workspace never has its data written in clear: its
      // analyses stay in memory (docs/workspaces.md).
      const spill = budgetMb > 0 && !isEncrypted() ? await openSpill() : null;
      if (s.cancelled) {
        if (spill) spill.close();
        return;
      }
      s.analyzer = core.newAnalyzer();
      if (spill) {
        if (s.analyzer.setSpill(spill, budget)) s.spill = spill;
        else spill.close();
      }
      if (intel.handle) s.analyzer.setIntel(intel.handle);
      // Checked when it was set (setDecisions below), so it is valid.
      if (decisionsText) s.analyzer.setDecisions(decisionsText);
      // The policy (zones, reach, crown jewels, criticality, ...) comes with
      // the analysis it applies to; a refused one changes nothing.
      if (typeof msg.policy === 'string') {
        const error = s.analyzer.setPolicy(msg.policy);
        if (error) post(toPage.policyError({message: `Policy not applied: ${errorText(error)}`}));
      }
    }
    s.lastBatch = msg.batch;
    for (const item of msg.items) {
      if (s.cancelled) return;
      await analyzeItem(core, s, item);
    }
  } finally {
    s.queuedBatches--;
    // Report only once nothing else is queued for this session: building the
    // report for 100k findings is not free, and intermediate ones are useless.
    if (!s.cancelled && s.queuedBatches === 0 && s.analyzer) {
      postReport(s, msg.batch);
    }
  }
}

// A spill space for one analysis (see setSpill in wasm/API.md): a file of
// the origin private file system, written and read through a synchronous
// access handle (dedicated workers only), deleted when the analysis is
// freed. It stays on this machine like everything else; null when the
// browser offers no such file (the analysis then keeps all in memory).
// Beyond the space's methods, wipe() empties, closes and deletes the file
// at once (the analysis must not be used afterwards); close() after it
// does nothing.
async function openSpill() {
  let root;
  let name;
  try {
    if (!self.navigator.storage || !self.navigator.storage.getDirectory) return null;
    root = await self.navigator.storage.getDirectory();
    name = `${SPILL_PREFIX}${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const file = await root.getFileHandle(name, {create: true});
    const handle = await file.createSyncAccessHandle();
    let end = 0;
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      try {
        handle.close();
      } finally {
        removeSpill(root, name);
      }
    };
    return {
      append(bytes) {
        const written = handle.write(bytes, {at: end});
        if (written !== bytes.length) throw new Error(`wrote ${written} of ${bytes.length} bytes (disk full?)`);
        end += written;
      },
      read(offset, into) {
        const got = handle.read(into, {at: offset});
        if (got !== into.length) throw new Error(`read ${got} of ${into.length} bytes at ${offset}`);
      },
      truncate(size) {
        end = size; // appends continue here even if the file keeps its tail
        handle.truncate(size);
      },
      close,
      wipe() {
        if (!open) return;
        try {
          // Synchronous on the file itself: done even if the worker is
          // stopped before the removal below reaches the browser.
          handle.truncate(0);
          handle.flush();
        } catch {
          // Still closed and removed below.
        }
        close();
      },
    };
  } catch {
    if (root && name) root.removeEntry(name).catch(() => {});
    return null;
  }
}

// Removes a spill file just closed. The browser may still see it locked by
// the access handle for a moment (the lock is released on its own
// channel), so a refused removal is tried again a few times.
function removeSpill(root, name, attempt = 0) {
  root.removeEntry(name).catch((err) => {
    if (err && err.name === 'NotFoundError') return;
    if (attempt < 20) setTimeout(() => removeSpill(root, name, attempt + 1), 25 * (attempt + 1));
  });
}

// Deletes spill files that no analysis holds (another tab's are locked and
// stay).
async function removeStaleSpills() {
  try {
    if (!self.navigator.storage || !self.navigator.storage.getDirectory) return;
    const root = await self.navigator.storage.getDirectory();
    for await (const name of root.keys()) {
      if (name.startsWith(SPILL_PREFIX)) await root.removeEntry(name).catch(() => {});
    }
  } catch {
    // Nothing to clean, or no file system.
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
    post(toPage.fileStart({session: s.id, id, size: null}));
    post(toPage.fileDone({session: s.id, id, input: null, readError: `could not open: ${describe(err)}`}));
    return;
  }
  const {stream, size} = opened;
  if (s.cancelled) {
    await stream.cancel().catch(() => {});
    return;
  }
  post(toPage.fileStart({session: s.id, id, size}));

  const analyzer = s.analyzer;
  const reader = stream.getReader();
  let bytes = 0;
  let lastProgress = 0;
  let head = new Uint8Array(0);
  let formatSent = false;
  let readError = null;
  let marker = null; // the format's finding marker, once detected
  let counted = 0; // markers seen so far

  const sendFormat = () => {
    formatSent = true;
    let format = '';
    try {
      format = core.detect(name, head);
    } catch {
      // Detection is only a preview; end() reports the authoritative format.
    }
    marker = markerBytes[format] || null;
    if (marker) counted = countMarker(head, marker);
    post(toPage.fileFormat({session: s.id, id, format}));
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
      // The head's bytes were counted when the format was detected.
      const fresh = formatSent && bytes < HEAD_BYTES ? value.subarray(Math.min(value.byteLength, HEAD_BYTES - bytes)) : value;
      if (marker && formatSent) counted += countMarker(fresh, marker);
      analyzer.feed(value);
      bytes += value.byteLength;
      const now = Date.now();
      if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
        lastProgress = now;
        post(toPage.progress({session: s.id, id, bytes, size, findings: marker ? counted : null}));
      }
    }
  } catch (err) {
    readError = `analysis stopped after ${bytes} bytes: ${describe(err)}`;
  } finally {
    reader.releaseLock();
  }
  // Deleted while reading (closeSpills): nothing left to end.
  if (!s.analyzer) return;
  if (!formatSent) sendFormat();
  // end() is called even after a cancel or a read error so that the
  // analyzer's begin/end pairs stay balanced.
  const input = analyzer.end();
  if (s.cancelled) return;
  post(toPage.progress({session: s.id, id, bytes, size: size ?? bytes, findings: Number(input && input.findings) || 0}));
  post(toPage.fileDone({session: s.id, id, input, readError}));
}

// ---------------------------------------------------------------------------
// Threat intel

// Bytes read to recognise an intel file (the core's sniffing size).
const INTEL_HEAD_BYTES = 64 * 1024;

// A decisions file (docs/mobilization.md): a JSON object whose "decisions"
// array comes first, or after the few members allowed before it ($schema,
// version, description). No scanner export starts so, and the page reads
// the file as text instead of analyzing it. A file that only looks like one
// is still refused, by the core, when it is applied.
const DECISIONS_HEAD = new RegExp(String.raw`^\uFEFF?\s*\{\s*`
  + String.raw`(?:"(?:\$schema|version|description)"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)\s*,\s*)*`
  + String.raw`"decisions"\s*:\s*\[`);
// Bytes of a file looked at for that; the members before "decisions" are short.
const DECISIONS_HEAD_BYTES = 4096;

function isDecisionsHead(head) {
  const text = new TextDecoder('utf-8', {fatal: false}).decode(head.subarray(0, DECISIONS_HEAD_BYTES));
  return DECISIONS_HEAD.test(text);
}

// A policy file (docs/risk-model.md, docs/attack-paths.md): a JSON object
// whose first member is one only a policy has.
const POLICY_HEAD = new RegExp(String.raw`^\uFEFF?\s*\{\s*`
  + String.raw`(?:"(?:\$schema|version|description)"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)\s*,\s*)*`
  + String.raw`"(?:zones|reach|crown_jewels|criticality|exposure|sla_days|weights|sites|scopes|owners|`
  + String.raw`stale_days|paths_per_jewel|epss_poc_threshold|as_of)"\s*:`);

function isPolicyHead(head) {
  const text = new TextDecoder('utf-8', {fatal: false}).decode(head.subarray(0, DECISIONS_HEAD_BYTES));
  return POLICY_HEAD.test(text);
}

async function classify(msg) {
  const core = await corePromise.catch(() => null);
  const kinds = [];
  for (const file of msg.files) {
    let kind = '';
    if (core) {
      try {
        const head = new Uint8Array(await file.slice(0, INTEL_HEAD_BYTES).arrayBuffer());
        kind = core.detectIntel(head);
        if (!kind && isDecisionsHead(head)) kind = 'decisions';
        if (!kind && isPolicyHead(head)) kind = 'policy';
        if (!kind && isSnapshotHead(core, file.name, head)) kind = 'snapshot';
      } catch {
        // Unreadable here: let the analysis say so.
      }
    }
    kinds.push(kind);
  }
  post(toPage.classified({request: msg.request, kinds}));
}

// Starts with the built-in bundle: the workspace the page opens
// ('workspace-open') brings its own. A bundle saved for the whole origin by
// an older page becomes the default workspace's, unless it has one.
async function restoreIntel() {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  intel = {handle: null, info: builtInInfo(core)};
  const notes = [];
  try {
    const saved = await loadSavedIntel();
    if (saved) {
      const entry = await getWorkspace(DEFAULT_WORKSPACE);
      if (!(entry && entry.encrypted) && !(await getRecord(DEFAULT_WORKSPACE, 'intel'))) {
        await putRecord(DEFAULT_WORKSPACE, 'intel', await encodeRecord('intel', saved.info, saved.bytes, null));
      }
      await forgetSavedIntel();
    }
  } catch (err) {
    notes.push(`The threat intel saved by an earlier version could not be moved to the default workspace (${describe(err)}).`);
  }
  post(toPage.intel({intel: intel.info, notes}));
}

// Feeds one File to the builder; null or the core's error.
async function feedIntelFile(builder, kind, file) {
  let error = builder.begin(kind, file.name);
  if (error) return error;
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      error = builder.feed(value);
      if (error) {
        await reader.cancel();
        return error;
      }
    }
  } catch (err) {
    return {message: `${file.name}: could not be read: ${describe(err)}`, location: ''};
  } finally {
    reader.releaseLock();
  }
  return builder.end();
}

function errorText(error) {
  return error.location ? `${error.message} (${error.location})` : error.message;
}

// What the parts of a bundle are called in notes, by the kind of file
// that gives them (the core's detectIntel ids).
const KIND_NAMES = {
  kev: 'KEV catalog',
  epss: 'EPSS scores',
  vulnrichment: 'Vulnrichment record',
  metasploit: 'Metasploit table',
  exploitdb: 'Exploit-DB table',
  nuclei: 'Nuclei table',
};

// The bundle built by the last 'intel-preview', waiting for 'intel-apply':
// {request, bytes, info, notes} or null. Held here, not rebuilt on apply,
// so that what is applied is exactly what the page showed.
let pending = null;

function discardPreview(request) {
  if (pending && pending.request === request) pending = null;
}

async function previewIntel(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  pending = null;
  const parts = [
    ['kev', msg.kev], ['epss', msg.epss], ...msg.vulnrichment.map((file) => ['vulnrichment', file]),
    ['metasploit', msg.metasploit], ['exploitdb', msg.exploitdb], ['nuclei', msg.nuclei],
  ].filter(([, file]) => file);
  if (!parts.length) return;
  const files = parts.map(([kind, file]) => ({name: file.name, kind}));
  const current = intel.info || builtInInfo(core);
  const answer = (proposed, notes, error) => post(toPage.intelProposal({request: msg.request, files,
    current: current.bundle || null, builtIn: builtInInfo(core).bundle || null, proposed, notes, error}));
  const names = parts.length <= 3 ? parts.map(([, f]) => f.name).join(' and ') : `${parts.length} files`;
  post(toPage.intelBusy({message: `Reading ${names}…`}));
  const notes = [...msg.notes];
  const builder = core.newIntelBuilder();
  let built;
  try {
    for (const [kind, file] of parts) {
      const error = await feedIntelFile(builder, kind, file);
      if (error) return answer(null, notes, `Threat intel not changed: ${errorText(error)}`);
    }
    // The parts no file gave are kept from the active bundle.
    if (!intel.handle && !builtIn) {
      const b = core.loadBuiltInIntel();
      builtIn = b.error ? null : b.intel;
    }
    built = builder.build(intel.handle || builtIn, 'your files');
  } finally {
    builder.delete();
  }
  if (built.error) return answer(null, notes, `Threat intel not changed: ${errorText(built.error)}`);
  const from = (value, kept) => (value === 'base' ? kept || null : value || null);
  const info = {
    source: 'files',
    builtAt: null, // set when applied
    bundle: built.description,
  };
  for (const [part] of INTEL_PARTS) {
    info[`${part}From`] = from(built[`${part}From`], current[`${part}From`]);
  }
  // Vulnrichment files add to the previous assessments.
  if (built.ssvcBase && current.ssvcFrom) info.ssvcFrom = `${info.ssvcFrom} and ${current.ssvcFrom}`;
  // Notes for KEV and EPSS; the panel's line of every part says where it
  // came from.
  for (const [part, name] of INTEL_PARTS.slice(0, 2)) {
    const label = info[`${part}From`];
    if (built[`${part}From`] === 'base') {
      notes.push(`${name} kept from ${label === BUILT_IN_LABEL ? 'the built-in bundle' : label}.`);
    } else if (!built[`${part}From`]) {
      notes.push(`No ${name} in this bundle: none was given and the previous bundle had none.`);
    }
  }
  const taken = `Taken as threat intel: ${files.map((f) => `${f.name} (${KIND_NAMES[f.kind] || f.kind})`).join(', ')}.`;
  pending = {request: msg.request, bytes: built.bytes, info, notes: [taken, ...notes]};
  return answer(built.description, notes, null);
}

async function applyIntel(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  if (!pending || pending.request !== msg.request) {
    post(toPage.intelError({message: 'Threat intel not changed: that preview is no longer current; choose the files again.'}));
    return;
  }
  const {bytes, notes} = pending;
  const info = {...pending.info, builtAt: new Date().toISOString()};
  pending = null;
  const loaded = core.loadIntel(bytes, 'your files');
  if (loaded.error) {
    post(toPage.intelError({message: `Threat intel not changed: ${errorText(loaded.error)}`}));
    return;
  }
  info.bundle = loaded.intel.description;
  if (intel.handle) intel.handle.delete();
  intel = {handle: loaded.intel, info};
  try {
    await saveWorkspaceRecord('intel', info, bytes);
  } catch (err) {
    notes.push(`Could not be saved in the workspace (${describe(err)}); it is used until the page is closed.`);
  }
  post(toPage.intel({intel: info, notes}));
  reassess();
}

async function resetIntel() {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  // A preview was built on the bundle this replaces.
  pending = null;
  if (intel.handle) intel.handle.delete();
  intel = {handle: null, info: builtInInfo(core)};
  const notes = [];
  try {
    await forgetWorkspaceRecord('intel');
  } catch (err) {
    notes.push(`The saved bundle could not be deleted (${describe(err)}).`);
  }
  post(toPage.intel({intel: intel.info, notes}));
  reassess();
}

// Re-prioritizes the session's findings with the active intel: the core
// assesses when it renders the report, so a new report is all it takes.
function reassess() {
  const s = session;
  if (s.cancelled || !s.analyzer) return;
  s.analyzer.setIntel(intel.handle);
  // Batches still queued will report anyway.
  if (!s.lastBatch || s.queuedBatches > 0) return;
  postReport(s, s.lastBatch);
}

// ---------------------------------------------------------------------------
// Decisions and exports

// Makes `msg.decisions` the active decisions: checked by the core (on the
// session's analyzer, or on a scratch one before the first file), kept for
// later analyzers, and the report sent again since statuses, open risk and
// the plan follow from them. A refused text changes nothing.
async function setDecisions(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) {
    post(toPage.decisionsSet({request: msg.request, error: 'the analysis engine is unavailable'}));
    return;
  }
  const s = session;
  const live = !s.cancelled && s.analyzer;
  const analyzer = live ? s.analyzer : core.newAnalyzer();
  let error;
  try {
    error = analyzer.setDecisions(msg.decisions);
  } finally {
    if (!live) analyzer.delete();
  }
  if (error) {
    post(toPage.decisionsSet({request: msg.request, error: `Decisions not applied: ${errorText(error)}`}));
    return;
  }
  decisionsText = msg.decisions;
  post(toPage.decisionsSet({request: msg.request, error: null}));
  try {
    await saveWorkspaceRecord('decisions', {}, new TextEncoder().encode(decisionsText));
  } catch (err) {
    post(toPage.notice({message: `Decisions applied but not saved in the workspace: ${describe(err)}`}));
  }
  // Like reassess(): batches still queued will report anyway.
  if (live && s.lastBatch && s.queuedBatches === 0) postReport(s, s.lastBatch);
}

// `exposure export --to FORMAT` of the session's analysis, one Blob per
// file of the export. Runs in the queue, so it covers every file and
// decision sent before it.
async function sendExport(s, msg) {
  const answer = (blobs, error) => post(toPage.exportFile({session: msg.session, request: msg.request,
    format: msg.format, blobs, error}));
  const core = await corePromise.catch(() => null);
  if (!core) return answer([], 'the analysis engine is unavailable');
  if (s.cancelled || !s.analyzer || msg.session !== s.id) return answer([], 'there is nothing to export yet');
  const format = core.exportFormats().find((f) => f.id === msg.format);
  // Pieces straight into Blobs: the export is never one string or array.
  const result = s.analyzer.exportChunks(msg.format);
  if (result.error) return answer([], `Export as ${msg.format} failed: ${errorText(result.error)}`);
  const type = format ? format.mediaType : 'application/octet-stream';
  return answer(result.parts.map((chunks) => new Blob(chunks, {type})), null);
}

// ---------------------------------------------------------------------------
// Snapshots, their diff and their trend

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
// The header line of an uncompressed snapshot (docs/continuous.md).
const SNAPSHOT_HEAD = /^\uFEFF?\s*\{\s*"schema"\s*:\s*"exposure-lens\/snapshot\/v\d+"/;
const TRACK_MEDIA_TYPES = {
  json: 'application/json',
  csv: 'text/csv',
  markdown: 'text/markdown',
  html: 'text/html',
  table: 'text/plain',
};

// Whether a file that starts with `head` is a snapshot. Snapshots are
// written zstd-compressed; a compressed scanner export is one too, so a
// compressed file counts as a snapshot only when the analyzer, which
// decompresses, finds no export format in its head. The tracker has the
// last word when the file is read (readSnapshot).
function isSnapshotHead(core, name, head) {
  if (head.length >= ZSTD_MAGIC.length && ZSTD_MAGIC.every((b, i) => head[i] === b)) {
    const probe = core.newAnalyzer();
    try {
      probe.begin(name);
      probe.feed(head);
      return !probe.end().format;
    } finally {
      probe.delete();
    }
  }
  return SNAPSHOT_HEAD.test(new TextDecoder('utf-8', {fatal: false}).decode(head.subarray(0, 256)));
}

// What the tracker reads from a snapshot's bytes: {snapshot: {as_of,
// sources, findings, assets, open, open_risk, errors}} or {error}.
function readSnapshot(core, name, bytes) {
  const tracker = core.newTracker();
  try {
    return tracker.addSnapshot('point', [{name, bytes}]);
  } finally {
    tracker.delete();
  }
}

// The trackers made for the last diff and the last trend, kept while the
// store does not change: the page asks for the same diff again in each
// download format. 'diff' | 'trend' -> {key, tracker}.
const trackers = new Map();

function dropTrackers() {
  for (const {tracker} of trackers.values()) tracker.delete();
  trackers.clear();
}

// The `slot`'s tracker holding `sides` ([[kind, record]...], in order) as
// `key` names them: {tracker} or {error}.
function trackerFor(core, slot, key, sides) {
  const kept = trackers.get(slot);
  if (kept && kept.key === key) return kept;
  if (kept) kept.tracker.delete();
  trackers.delete(slot);
  const tracker = core.newTracker();
  for (const [kind, record] of sides) {
    const read = tracker.addSnapshot(kind, [{name: record.name, bytes: record.bytes}]);
    if (read.error) {
      tracker.delete();
      return {error: `${record.name}: ${errorText(read.error)}`};
    }
  }
  const made = {key, tracker};
  trackers.set(slot, made);
  return made;
}

async function sendSnapshots(request, workspace, notes = [], error = null) {
  let snapshots = [];
  let workspaces = [];
  try {
    snapshots = (await readSnapshots(workspace)).map(describeSnapshot);
    workspaces = await listWorkspaces();
  } catch (err) {
    error = error || `The saved snapshots could not be read: ${describe(err)}`;
  }
  post(toPage.snapshots({request, workspace, workspaces, snapshots, notes, error}));
}

// "scan.nessus", "scan.nessus + 2 more"
function nameOfSources(sources) {
  if (!Array.isArray(sources) || !sources.length) return 'analysis';
  return sources.length === 1 ? String(sources[0]) : `${sources[0]} + ${sources.length - 1} more`;
}

async function storeSnapshot(core, workspace, name, bytes) {
  const read = readSnapshot(core, name || 'snapshot', bytes);
  if (read.error) return {error: errorText(read.error)};
  const info = read.snapshot;
  const record = {
    workspace,
    name: name || nameOfSources(info.sources),
    as_of: info.as_of || '',
    saved: new Date().toISOString(),
    sources: Array.isArray(info.sources) ? info.sources.map(String) : [],
    findings: Number(info.findings) || 0,
    open: Number(info.open) || 0,
    open_risk: Number(info.open_risk) || 0,
    bytes,
  };
  const key = await sealingKey(workspace);
  const stored = key ? {workspace, sealed: true, bytes: await encodeRecord('snapshot', describeSnapshot(record), bytes, key)}
    : record;
  const id = await addSnapshot(stored);
  dropTrackers();
  return {id, record};
}

async function saveSnapshot(s, msg) {
  const core = await corePromise.catch(() => null);
  const fail = (error) => sendSnapshots(msg.request, msg.workspace, [], error);
  if (!core) return fail('the analysis engine is unavailable');
  if (s.cancelled || !s.analyzer || msg.session !== s.id || !s.lastBatch) {
    return fail('there is no analysis to save yet');
  }
  const made = s.analyzer.snapshot();
  if (made.error) return fail(`The snapshot could not be made: ${errorText(made.error)}`);
  try {
    const saved = await storeSnapshot(core, msg.workspace, msg.name.trim(), made.bytes);
    if (saved.error) return fail(`The snapshot could not be read back: ${saved.error}`);
    const {record} = saved;
    return sendSnapshots(msg.request, msg.workspace,
      [`Saved “${record.name}” (as of ${record.as_of || 'an unknown date'}) in workspace “${msg.workspace}”.`]);
  } catch (err) {
    return fail(`The snapshot could not be saved: ${describe(err)}`);
  }
}

async function importSnapshots(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) return sendSnapshots(msg.request, msg.workspace, [], 'the analysis engine is unavailable');
  const notes = [];
  for (const file of msg.files) {
    const name = file.name || 'snapshot';
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (!isSnapshotHead(core, name, bytes.subarray(0, INTEL_HEAD_BYTES))) {
        notes.push(`${name} is not a snapshot (make one with “Save current analysis” or exposure snapshot --out); not imported.`);
        continue;
      }
      const saved = await storeSnapshot(core, msg.workspace, name, bytes);
      notes.push(saved.error ? `${name} is not a readable snapshot (${saved.error}); not imported.`
        : `Imported ${name} (as of ${saved.record.as_of || 'an unknown date'}) into workspace “${msg.workspace}”.`);
    } catch (err) {
      notes.push(`${name} could not be imported: ${describe(err)}.`);
    }
  }
  return sendSnapshots(msg.request, msg.workspace, notes);
}

async function removeSnapshot(msg) {
  let error = null;
  try {
    await deleteSnapshot(msg.id);
    dropTrackers();
  } catch (err) {
    error = `The snapshot could not be deleted: ${describe(err)}`;
  }
  return sendSnapshots(msg.request, msg.workspace, [], error);
}

async function exportSnapshot(msg) {
  const answer = (name, blob, error) => post(toPage.snapshotFile({request: msg.request, name, blob, error}));
  let record = null;
  try {
    record = await getSnapshot(msg.id);
  } catch (err) {
    return answer('', null, `The snapshot could not be read: ${describe(err)}`);
  }
  if (!record) return answer('', null, 'That snapshot is no longer saved.');
  if (record.sealed) {
    try {
      record = await openSealedSnapshot(record);
    } catch (err) {
      return answer('', null, `The snapshot could not be read: ${describe(err)}`);
    }
  }
  const safe = (text) => String(text).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'default';
  const name = `exposure-lens-${safe(record.workspace)}-${record.as_of || 'undated'}-${record.id}.snap`;
  return answer(name, new Blob([record.bytes], {type: 'application/zstd'}), null);
}

function trackBlob(text, format) {
  return new Blob([text], {type: TRACK_MEDIA_TYPES[format] || 'text/plain'});
}

// One comparison of the workspace's saved snapshots, for diffSnapshots()
// and trendOfSnapshots(): `pick(all)` chooses the tracker's snapshots
// ({sides, key}), or answers at once ({error} or {value}); `make(tracker)`
// renders the text. Resolves {value (the JSON parsed, for format json),
// blob} or {error}.
async function compareSnapshots(msg, what, pick, make) {
  const core = await corePromise.catch(() => null);
  if (!core) return {error: 'the analysis engine is unavailable'};
  let all;
  try {
    all = await readSnapshots(msg.workspace);
  } catch (err) {
    return {error: `The saved snapshots could not be read: ${describe(err)}`};
  }
  const picked = pick(all);
  if (!picked.sides) return picked;
  const cached = trackerFor(core, what, picked.key, picked.sides);
  if (cached.error) return {error: cached.error};
  const made = make(cached.tracker);
  if (made.error) return {error: `No ${what}: ${errorText(made.error)}`};
  let value = null;
  if (msg.format === 'json') {
    try {
      value = JSON.parse(made.text);
    } catch (err) {
      return {error: `The ${what} is unreadable: ${describe(err)}`};
    }
  }
  return {value, blob: trackBlob(made.text, msg.format)};
}

async function diffSnapshots(msg) {
  const result = await compareSnapshots(msg, 'diff', (all) => {
    const at = all.findIndex((r) => r.id === msg.old);
    const now = all.find((r) => r.id === msg.new);
    if (at < 0 || !now) return {error: 'One of the two snapshots is no longer saved.'};
    // The history: the workspace's snapshots before OLD (oldest first, as
    // listed), so that a finding fixed earlier and back now is "reopened".
    const history = all.slice(0, at).filter((r) => r.id !== msg.new);
    const sides = [...history.map((r) => ['history', r]), ['old', all[at]], ['new', now]];
    return {sides, key: `diff:${sides.map(([kind, r]) => `${kind}${r.id}`).join(',')}`};
  }, (tracker) => tracker.diff(msg.format));
  post(toPage.diffDone({request: msg.request, old: msg.old, new: msg.new, format: msg.format,
    diff: result.value ?? null, blob: result.blob ?? null, error: result.error ?? null}));
}

async function trendOfSnapshots(msg) {
  const result = await compareSnapshots(msg, 'trend', (all) => {
    if (!all.length) return {value: msg.format === 'json' ? {snapshots: []} : null};
    return {sides: all.map((r) => ['point', r]), key: `trend:${all.map((r) => r.id).join(',')}`};
  }, (tracker) => tracker.trend(msg.format));
  post(toPage.trendDone({request: msg.request, workspace: msg.workspace, format: msg.format,
    trend: result.value ?? null, blob: result.blob ?? null, error: result.error ?? null}));
}

// The trend and the latest diff of snapshot files handed over, not stored
// (see 'track' in protocol.js). Each file is read twice, once as a point of
// the trend and once as a side of the diff: the tracker keeps them apart.
async function trackFiles(msg) {
  const trendDone = (trend, error) => post(toPage.trendDone({request: msg.request, workspace: '', format: 'json',
    trend, blob: null, error}));
  const diffDone = (diff, error) => post(toPage.diffDone({request: msg.request, old: 0, new: 0, format: 'json',
    diff, blob: null, error}));
  const fail = (error) => {
    trendDone(null, error);
    diffDone(null, error);
  };
  const core = await corePromise.catch(() => null);
  if (!core) return fail('the analysis engine is unavailable');
  if (!msg.files.length) return fail('no snapshot was given');
  let files;
  try {
    files = await Promise.all(msg.files.map(async (file) => ({
      name: file.name || 'snapshot', bytes: new Uint8Array(await file.arrayBuffer()),
    })));
  } catch (err) {
    return fail(`A snapshot could not be read: ${describe(err)}`);
  }
  const tracker = core.newTracker();
  try {
    const infos = [];
    for (const file of files) {
      const read = tracker.addSnapshot('point', [file]);
      if (read.error) return fail(`${file.name}: ${errorText(read.error)}`);
      infos.push({file, asOf: String(read.snapshot.as_of || '')});
    }
    const trend = tracker.trend('json');
    if (trend.error) return fail(`No trend: ${errorText(trend.error)}`);
    trendDone(JSON.parse(trend.text), null);
    // The trend's order (as_of; ties keep the order given).
    const ordered = infos.map((x, i) => ({...x, i}))
      .sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.i - b.i)).map((x) => x.file);
    const newest = ordered[ordered.length - 1];
    const before = ordered.length > 1 ? ordered[ordered.length - 2] : newest;
    const sides = [...ordered.slice(0, -2).map((f) => ['history', f]), ['old', before], ['new', newest]];
    for (const [kind, file] of sides) {
      const read = tracker.addSnapshot(kind, [file]);
      if (read.error) return diffDone(null, `${file.name}: ${errorText(read.error)}`);
    }
    const diff = tracker.diff('json', 0);
    if (diff.error) return diffDone(null, `No diff: ${errorText(diff.error)}`);
    return diffDone(JSON.parse(diff.text), null);
  } finally {
    tracker.delete();
  }
}

// The tables' rows (findings, assets, exposures), the plan's actions and the
// coverage, from the report's table detail. The full report is rendered
// only when the page asks for it (a download), so an analysis that is only
// looked at never renders it.
function postReport(s, batch) {
  const table = s.analyzer.openReport('table');
  const decoder = new TextDecoder();
  const counts = {assets: 0, exposures: 0, actions: 0};
  const rows = new TableRowsReader((slice) => {
    post(toPage.reportRows({session: s.id, batch, rows: slice}));
  }, ROWS_PER_MESSAGE, {
    onAssets: (slice) => {
      counts.assets += slice.length;
      post(toPage.reportAssets({session: s.id, batch, assets: slice}));
    },
    onExposures: (slice) => {
      counts.exposures += slice.length;
      post(toPage.reportExposures({session: s.id, batch, exposures: slice}));
    },
    onActions: (slice) => {
      counts.actions += slice.length;
      post(toPage.reportActions({session: s.id, batch, actions: slice}));
    },
  });
  let summary = null;
  let coverage = null;
  let attack = null;
  let count = 0;
  let error = null;
  try {
    for (let piece; (piece = table.next());) rows.push(decoder.decode(piece, {stream: true}));
    rows.push(decoder.decode());
    const e = table.error();
    error = e ? e.message : null;
    ({summary, coverage, attack, rows: count} = rows.end());
  } catch (err) {
    error = `unreadable report: ${describe(err)}`;
    rows.flush();
    count = rows.rows;
  } finally {
    table.close();
  }
  // Counted as sent, so that the page can tell a lost slice from an empty list.
  post(toPage.reportCoverage({session: s.id, batch, coverage, ...counts}));
  s.reports++;
  post(toPage.report({session: s.id, batch, report: s.reports, summary, attack, rows: count,
    spilledBytes: s.analyzer.spilledBytes(), error}));
}

// The full report as a Blob. Runs in the queue, so no input is fed while
// it renders; a request for an older report (the page had not seen the
// newer one yet) is ignored.
function sendReportFile(s, number) {
  if (s.cancelled || !s.analyzer || number !== s.reports) return;
  const report = s.analyzer.openReport('full');
  let blob = new Blob([]);
  let error = null;
  try {
    let pending = [];
    for (let piece; (piece = report.next());) {
      pending.push(piece);
      if (pending.length === PIECES_PER_BLOB_PART) {
        blob = new Blob([blob, ...pending]);
        pending = [];
      }
    }
    blob = new Blob([blob, ...pending], {type: 'application/json'});
    const e = report.error();
    error = e ? e.message : null;
  } finally {
    report.close();
  }
  post(toPage.reportFile({session: s.id, report: number, blob, error}));
}

function post(msg) {
  self.postMessage(msg);
}

function describe(err) {
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}

// ---------------------------------------------------------------------------
// Workspaces (docs/workspaces.md): each has its snapshots, decisions, policy
// and threat intel; one is open at a time.

// name; entry: its workspace_store.js entry (null: a plain workspace that
// has none); key: the AES-GCM key while an encrypted one is unlocked. The
// key lives here only: never stored, dropped when another workspace opens
// or this one is locked.
// opened: whether the page opened one; until then (the <exposure-lens>
// widget never does) nothing is loaded from or saved to any workspace.
let workspace = {name: DEFAULT_WORKSPACE, entry: null, key: null, opened: false};

const isEncrypted = () => Boolean(workspace.entry && workspace.entry.encrypted);
const isLocked = () => isEncrypted() && !workspace.key;

function workspaceName(text) {
  return String(text || '').trim().slice(0, 100) || DEFAULT_WORKSPACE;
}

// The key records of workspace `name` are sealed with: null for a plain
// one; throws when it is encrypted and not unlocked.
async function sealingKey(name) {
  const entry = name === workspace.name ? workspace.entry : await getWorkspace(name);
  if (!entry || !entry.encrypted) return null;
  if (name === workspace.name && workspace.key) return workspace.key;
  throw new Error(`workspace “${name}” is locked: unlock it with its passphrase first`);
}

async function openSealedSnapshot(record) {
  const key = await sealingKey(record.workspace);
  const {meta, bytes} = await decodeRecord('snapshot', record.bytes, key);
  return {...meta, id: record.id, workspace: record.workspace, bytes};
}

// The workspace's snapshots, opened, oldest first.
async function readSnapshots(name) {
  const records = await listSnapshots(name);
  if (!records.some((r) => r.sealed)) return records;
  const opened = [];
  for (const record of records) opened.push(record.sealed ? await openSealedSnapshot(record) : record);
  return opened.sort(compareRecords);
}

// Saves record `kind` of the open workspace (sealed if encrypted; throws
// when it is locked).
async function saveWorkspaceRecord(kind, meta, bytes) {
  if (!workspace.opened) return;
  const key = await sealingKey(workspace.name);
  await putRecord(workspace.name, kind, await encodeRecord(kind, meta, bytes, key));
}

async function forgetWorkspaceRecord(kind) {
  if (!workspace.opened) return;
  await sealingKey(workspace.name); // a locked workspace changes not
  await deleteRecord(workspace.name, kind);
}

async function loadWorkspaceRecord(kind) {
  const record = await getRecord(workspace.name, kind);
  return record ? decodeRecord(kind, record.body, await sealingKey(workspace.name)) : null;
}

// Every workspace: [{name, encrypted}], sorted; those with an entry and
// those that only have snapshots.
async function allWorkspaces() {
  const byName = new Map();
  for (const name of await listWorkspaces()) byName.set(name, false);
  for (const entry of await listWorkspaceEntries()) byName.set(entry.name, Boolean(entry.encrypted));
  byName.set(DEFAULT_WORKSPACE, byName.get(DEFAULT_WORKSPACE) || false);
  if (!byName.has(workspace.name)) byName.set(workspace.name, isEncrypted());
  return [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, encrypted]) => ({name, encrypted}));
}

// Makes the analysis engine use nothing of the previous workspace: no
// decisions, the built-in intel.
function closeWorkspace(core) {
  workspace.key = null;
  decisionsText = '';
  pending = null;
  if (intel.handle) intel.handle.delete();
  intel = {handle: null, info: builtInInfo(core)};
}

// Loads the open workspace's decisions, policy and intel into the engine
// (nothing when it is locked); the policy goes to the page with the answer.
async function loadWorkspace(core, notes) {
  const contents = {decisions: '', policy: null, policyName: ''};
  if (isLocked()) return contents;
  try {
    const decisions = await loadWorkspaceRecord('decisions');
    if (decisions) contents.decisions = new TextDecoder().decode(decisions.bytes);
    const policy = await loadWorkspaceRecord('policy');
    if (policy) {
      contents.policy = new TextDecoder().decode(policy.bytes);
      contents.policyName = String(policy.meta.name || '');
    }
    const saved = await loadWorkspaceRecord('intel');
    if (saved) {
      const loaded = core.loadIntel(saved.bytes, 'your files');
      if (loaded.error) notes.push(`The workspace's threat intel is damaged (${loaded.error.message}); using the built-in bundle.`);
      else intel = {handle: loaded.intel, info: {...saved.meta, bundle: loaded.intel.description}};
    }
  } catch (err) {
    notes.push(`The workspace could not be read completely: ${describe(err)}`);
  }
  decisionsText = contents.decisions;
  return contents;
}

// The engine's state after a workspace change: the live analysis gets the
// workspace's decisions and intel and is reported again.
function applyWorkspace() {
  post(toPage.intel({intel: intel.info, notes: []}));
  const s = session;
  if (s.cancelled || !s.analyzer) return;
  s.analyzer.setDecisions(decisionsText || '{"decisions": []}');
  s.analyzer.setIntel(intel.handle);
  if (s.lastBatch && s.queuedBatches === 0) postReport(s, s.lastBatch);
}

async function answerWorkspace(request, contents, notes, error) {
  let workspaces = [];
  try {
    workspaces = await allWorkspaces();
  } catch (err) {
    error = error || `The workspaces could not be listed: ${describe(err)}`;
  }
  post(toPage.workspace({request, name: workspace.name, encrypted: isEncrypted(), locked: isLocked(),
    decisions: contents.decisions, policy: contents.policy, policyName: contents.policyName,
    workspaces, notes, error}));
}

// Opens workspace `name` (unlocked with `passphrase` when encrypted; none
// or a wrong one leaves it locked, with nothing of it loaded).
async function switchWorkspace(core, name, passphrase, key = null) {
  closeWorkspace(core);
  const notes = [];
  let error = null;
  let entry = null;
  try {
    entry = await getWorkspace(name);
  } catch (err) {
    error = `The workspace could not be read: ${describe(err)}`;
  }
  workspace = {name, entry, key, opened: true};
  if (entry && entry.encrypted && !key && passphrase) {
    try {
      workspace.key = await unlock(entry, passphrase);
      if (!workspace.key) error = `Wrong passphrase for workspace “${name}”: it stays locked.`;
    } catch (err) {
      error = `Workspace “${name}” could not be unlocked: ${describe(err)}`;
    }
  }
  const contents = await loadWorkspace(core, notes);
  dropTrackers();
  applyWorkspace();
  return {contents, notes, error};
}

// Whether anything of workspace `name` is stored.
async function workspaceTaken(name) {
  return Boolean((await getWorkspace(name)) || (await listSnapshots(name)).length || (await listRecords(name)).length);
}

async function openWorkspace(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  const done = await switchWorkspace(core, workspaceName(msg.name), msg.passphrase);
  return answerWorkspace(msg.request, done.contents, done.notes, done.error);
}

async function createWorkspace(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  const name = workspaceName(msg.name);
  const empty = {decisions: '', policy: null, policyName: ''};
  try {
    if (await workspaceTaken(name)) return answerWorkspace(msg.request, empty, [], `A workspace named “${name}” exists already.`);
    const entry = {name, encrypted: Boolean(msg.passphrase), created: new Date().toISOString()};
    let key = null;
    if (msg.passphrase) {
      const made = await newEncryption(msg.passphrase);
      Object.assign(entry, {kdf: made.kdf, verifier: made.verifier});
      key = made.key;
    }
    await putWorkspace(entry);
    const done = await switchWorkspace(core, name, '', key);
    return answerWorkspace(msg.request, done.contents, [`Created workspace “${name}”${key ? ', encrypted' : ''}.`], done.error);
  } catch (err) {
    return answerWorkspace(msg.request, empty, [], `The workspace could not be created: ${describe(err)}`);
  }
}

async function lockWorkspace(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  const done = await switchWorkspace(core, workspace.name, '');
  return answerWorkspace(msg.request, done.contents, [], done.error);
}

// Deletes every record of workspace `name` (snapshots, decisions, policy,
// intel, its entry); the default one is opened if it was the open one.
async function removeWorkspace(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  const name = workspaceName(msg.name);
  let error = null;
  try {
    await deleteWorkspaceSnapshots(name);
    await deleteWorkspaceEntry(name);
    dropTrackers();
  } catch (err) {
    error = `The workspace could not be deleted completely: ${describe(err)}`;
  }
  const next = name === workspace.name ? DEFAULT_WORKSPACE : workspace.name;
  const key = name === workspace.name ? null : workspace.key;
  const done = await switchWorkspace(core, next, '', key);
  return answerWorkspace(msg.request, done.contents, error ? [] : [`Deleted workspace “${name}”.`], error || done.error);
}

// Renames workspace `name` to `to` (refused when that name is taken): its
// entry, records and snapshots move as they are (a sealed record's
// authenticated data is its kind, not the workspace's name, so nothing is
// sealed again and a locked workspace can be renamed too).
async function renameWorkspace(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  const from = workspaceName(msg.name);
  const to = workspaceName(msg.to);
  let error = null;
  try {
    if (from === to) error = 'The new name is the same as the old one.';
    else if (await workspaceTaken(to)) error = `Not renamed: a workspace named “${to}” exists already.`;
    else {
      const entry = (await getWorkspace(from)) || {name: from, encrypted: false, created: new Date().toISOString()};
      await putWorkspace({...entry, name: to});
      for (const record of await listRecords(from)) await putRecord(to, record.kind, record.body);
      await renameWorkspaceSnapshots(from, to);
      await deleteWorkspaceEntry(from);
      dropTrackers();
    }
  } catch (err) {
    error = `The workspace could not be renamed: ${describe(err)}`;
  }
  const moved = !error && from === workspace.name;
  const done = await switchWorkspace(core, moved ? to : workspace.name, '', workspace.key);
  return answerWorkspace(msg.request, done.contents, error ? [] : [`Renamed workspace “${from}” to “${to}”.`],
    error || done.error);
}

// The workspace as one file (workspace_crypto.js exportLines): its records
// as stored, so that an encrypted one stays sealed and needs no key.
async function exportWorkspace(msg) {
  const name = workspaceName(msg.name);
  const answer = (file, blob, error) => post(toPage.workspaceFile({request: msg.request, name: file, blob, error}));
  try {
    const entry = (await getWorkspace(name)) || {name, encrypted: false};
    const records = (await listRecords(name)).map((r) => ({kind: r.kind, body: r.body}));
    for (const snap of await listSnapshots(name)) {
      records.push({kind: 'snapshot', body: snap.sealed ? snap.bytes
        : await encodeRecord('snapshot', describeSnapshot(snap), snap.bytes, null)});
    }
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'workspace';
    return answer(`exposure-lens-workspace-${safe}.elws`,
      new Blob(exportLines({...entry, name}, records), {type: 'application/x-ndjson'}), null);
  } catch (err) {
    return answer('', null, `The workspace could not be exported: ${describe(err)}`);
  }
}

// Adds the workspace of an export file under its name (refused when that
// name is taken) and opens it, locked if encrypted.
async function importWorkspace(msg) {
  const core = await corePromise.catch(() => null);
  if (!core) return;
  const empty = {decisions: '', policy: null, policyName: ''};
  let parsed;
  try {
    parsed = parseExport(await msg.file.text());
  } catch (err) {
    return answerWorkspace(msg.request, empty, [], `${msg.file.name || 'That file'} was not imported: ${describe(err)}`);
  }
  const name = workspaceName(parsed.workspace.name);
  try {
    if (await workspaceTaken(name)) {
      return answerWorkspace(msg.request, empty, [],
        `Not imported: a workspace named “${name}” exists already in this browser (delete it first).`);
    }
    // Plain records are checked before anything is written.
    const plain = [];
    if (!parsed.workspace.encrypted) {
      for (const r of parsed.records) plain.push(await decodeRecord(r.kind, r.body, null));
    }
    await putWorkspace({...parsed.workspace, name, created: new Date().toISOString()});
    for (const [i, r] of parsed.records.entries()) {
      if (r.kind !== 'snapshot') await putRecord(name, r.kind, r.body);
      else if (parsed.workspace.encrypted) await addSnapshot({workspace: name, sealed: true, bytes: r.body});
      else await addSnapshot({...plain[i].meta, workspace: name, bytes: plain[i].bytes});
    }
  } catch (err) {
    await deleteWorkspaceSnapshots(name).catch(() => {});
    await deleteWorkspaceEntry(name).catch(() => {});
    return answerWorkspace(msg.request, empty, [], `${msg.file.name || 'That file'} was not imported: ${describe(err)}`);
  }
  const done = await switchWorkspace(core, name, '');
  const count = parsed.records.length;
  return answerWorkspace(msg.request, done.contents,
    [`Imported workspace “${name}” (${count} ${count === 1 ? 'record' : 'records'})${parsed.workspace.encrypted ? ': unlock it with its passphrase' : ''}.`],
    done.error);
}

// The policy of the open workspace (null: the built-in one): kept for the
// next visit; the analyses get it from the page.
async function savePolicy(msg) {
  try {
    if (msg.policy === null) await forgetWorkspaceRecord('policy');
    else await saveWorkspaceRecord('policy', {name: msg.name}, new TextEncoder().encode(msg.policy));
  } catch (err) {
    post(toPage.notice({message: `The policy is used but not saved in the workspace: ${describe(err)}`}));
  }
}
