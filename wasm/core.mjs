// Loads the wasm core and wraps it in the small API documented in API.md.
// Shared by the Node CLI, the dashboard's Web Worker and the edge worker.
import createExposureCore from './exposure_core.mjs';

// Thrown when the core fails in a way no input explains: a bug, memory
// exhausted, a method called out of order or after delete(). Problems with
// the data given (an export, an intel file, a bundle, a report detail) are
// never thrown: they come back as values (API.md).
export class CoreError extends Error {
  constructor({message, location}) {
    super(message);
    this.name = 'CoreError';
    this.location = location;
  }
}

// Every call into the bridge answers with an envelope, {value} or {error:
// {message, location}} (Guard in bridge.cc). This is the one place that
// opens one: {value, error: null} or {value: undefined, error}, the error
// always {message, location} with string members. Anything else is a bug.
function open(envelope) {
  if (envelope === null || typeof envelope !== 'object') {
    throw new CoreError({message: `the core answered ${String(envelope)}, not an envelope`, location: ''});
  }
  if (envelope.error === undefined) return {value: envelope.value, error: null};
  const {message, location} = envelope.error;
  return {value: undefined, error: {message: String(message), location: String(location ?? '')}};
}

// The value of a call whose public form has no place for an error: there,
// an error means the core failed, and it is thrown.
function valueOf(envelope) {
  const {value, error} = open(envelope);
  if (error) throw new CoreError(error);
  return value;
}

// A bound object of the core, owned here. call(fn) calls fn with it and
// returns fn's envelope; after delete() it answers with an error envelope
// instead, so a call on a deleted object fails the way its public method
// fails for any other error (thrown, or an error value). delete() may be
// called more than once.
class Owned {
  constructor(native, what) {
    this.native = native;
    this.what = what;
  }

  call(fn) {
    if (!this.native) return {error: {message: `${this.what} was deleted`, location: ''}};
    return fn(this.native);
  }

  delete() {
    if (this.native) this.native.delete();
    this.native = null;
  }
}

// The bound object a factory of the module makes (newAnalyzer, ...).
function make(mod, factory, what) {
  return new Owned(valueOf(mod[factory]()), what);
}

// Copies `bytes` into wasm memory at `address`. HEAPU8 is read afresh each
// time because growing the memory replaces the view.
function copyIn(mod, address, bytes) {
  mod.HEAPU8.set(bytes, address);
}

function toBytes(chunk) {
  return chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
}

// Bytes are copied into wasm memory in slices of at most this size, so the
// copy buffers a native object keeps stay small.
const SLICE_BYTES = 1 << 20;

// Feeds `bytes` to a native object with buffer(size) and feed(size), a
// slice at a time. Returns null or the first error (not thrown).
function feedSlices(mod, owned, bytes) {
  for (let off = 0; off < bytes.length; off += SLICE_BYTES) {
    const part = bytes.subarray(off, Math.min(off + SLICE_BYTES, bytes.length));
    const reserved = open(owned.call((n) => n.buffer(part.length)));
    if (reserved.error) return reserved.error;
    copyIn(mod, reserved.value, part);
    const {error} = open(owned.call((n) => n.feed(part.length)));
    if (error) return error;
  }
  return null;
}

const REPORT_CLOSED_EARLY = {message: 'the report was closed before its end', location: ''};

// A report read a piece at a time: next() gives the next piece (a copy) or
// null at the end, error() then null or {message, location}; close() frees
// it (required, also when not read to the end). A report that could not be
// opened (an unknown detail) is one that ends at once with its error.
function wrapReport(envelope) {
  const opened = open(envelope);
  let native = opened.value ?? null;  // null once ended, failed or closed
  let error = opened.error;
  let ended = Boolean(error);
  const release = () => {
    if (native) native.delete();
    native = null;
  };
  // The next piece as a view of wasm memory, valid only until the next
  // call into the core; null at the end.
  const nextView = () => {
    if (!native) return null;
    const piece = open(native.next());
    if (piece.error) error = piece.error;
    if (piece.error || !piece.value.length) {
      ended = true;
      release();
      return null;
    }
    return piece.value;
  };
  return {
    next() {
      const view = nextView();
      return view ? view.slice() : null;
    },
    // For a reader that copies each piece into a buffer of its own and
    // reuses it (a copy per piece is garbage to collect).
    nextView,
    error() {
      return error ?? (ended ? null : REPORT_CLOSED_EARLY);
    },
    close() {
      release();
    },
  };
}

// intel objects given out by loadIntel() -> their Owned native Intel.
const intels = new WeakMap();

function ownedIntel(intel) {
  const owned = intels.get(intel);
  if (!owned) throw new CoreError({message: 'not an intel object of this core', location: ''});
  return owned;
}

function wrapAnalyzer(mod) {
  const owned = make(mod, 'newAnalyzer', 'the analyzer');
  const call = (fn) => owned.call(fn);
  // options.pretty: indented, as `exposure analyze --pretty`.
  const openReport = (detail = 'full', options = {}) =>
    wrapReport(call((n) => n.openReport(String(detail), Boolean(options && options.pretty))));
  const exportChunks = (format) => {
    const parts = [[]];
    let current = 0;
    let failure = null;
    // A throw must not unwind through the core: each callback answers
    // false instead, and the core stops the export with an error.
    const host = {
      part(n) {
        try {
          current = n;
          while (parts.length <= n) parts.push([]);
          return true;
        } catch (err) {
          failure = err;
          return false;
        }
      },
      write(view) {
        try {
          parts[current].push(view.slice());
          return true;
        } catch (err) {
          failure = err;
          return false;
        }
      },
    };
    const {error} = open(call((n) => n.exportTo(String(format), host)));
    if (error) {
      const message = failure ? `${error.message} (${failure.message ?? failure})` : error.message;
      return {error: {message, location: error.location}};
    }
    return {parts};
  };
  return {
    // Problems with the input go into its record (end()); a throw here
    // means the core failed.
    begin(name) {
      valueOf(call((n) => n.begin(String(name))));
    },
    feed(chunk) {
      const error = feedSlices(mod, owned, toBytes(chunk));
      if (error) throw new CoreError(error);
    },
    end() {
      return JSON.parse(valueOf(call((n) => n.end())));
    },
    // intel: an object from core.loadIntel()/loadBuiltInIntel(), or null
    // for the built-in bundle. Applies to the next report(), including
    // files already ended.
    // Sets the policy (docs/risk-model.md: criticality, exposure, SLAs,
    // sites, scopes, ...) from its JSON text. Returns null, or the error
    // ({message, location}) when the text is not a valid policy, which then
    // changes nothing.
    setPolicy(json) {
      return open(call((n) => n.setPolicy(String(json)))).error;
    },
    // Applies a decisions file (docs/mobilization.md: accepted, false
    // positive, not affected, deferred) to every report from now on.
    // Returns null, or the error ({message, location}) when the text is not
    // a valid decisions file, which then changes nothing.
    setDecisions(json) {
      return open(call((n) => n.setDecisions(String(json)))).error;
    },
    // `exposure plan --format FORMAT --top TOP` of the files ended so far:
    // {text} or {error} (an unknown format). top 0: 20 actions for text and
    // markdown, all for json and csv.
    plan(format = 'json', top = 0) {
      const {value, error} = open(call((n) => n.plan(String(format), Number(top) || 0)));
      return error ? {error} : {text: value};
    },
    // `exposure paths --format FORMAT --jewel SELECTOR...` of the files
    // ended so far (docs/attack-paths.md): {text} or {error} (an unknown
    // format, or selectors that name no crown jewel). format 'json'
    // (default), 'table', 'markdown' or 'dot'; jewels: an array of
    // selectors (ids, asset ids or label globs), empty for every jewel.
    paths(format = 'json', jewels = []) {
      const list = Array.isArray(jewels) ? jewels.map(String) : [];
      const {value, error} = open(call((n) => n.paths(String(format), list)));
      return error ? {error} : {text: value};
    },
    // `exposure export --to FORMAT` as it is written: {parts: [[Uint8Array,
    // ...], ...]}, one array of pieces (about 1 MiB each, copies) per file
    // (SARIF beyond 25,000 results and Jira CSV beyond 1,500 rows are
    // split; name part n > 0 "FILE-<n+1>.ext"), to make a Blob of without
    // joining them; or {error}. Only a piece at a time is in wasm memory.
    exportChunks(format) {
      return exportChunks(format);
    },
    // The same with each file joined into one Uint8Array: {parts} or
    // {error}.
    exportAs(format) {
      const result = exportChunks(format);
      if (result.error) return result;
      return {parts: result.parts.map((chunks) => {
        const size = chunks.reduce((n, c) => n + c.length, 0);
        const joined = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) {
          joined.set(c, at);
          at += c.length;
        }
        return joined;
      })};
    },
    // The snapshot of the files ended so far (`exposure snapshot`): {bytes}
    // (a copy: zstd-compressed JSON lines, docs/continuous.md) or {error}.
    snapshot() {
      const {value, error} = open(call((n) => n.snapshot()));
      return error ? {error} : {bytes: value.slice()};
    },
    setIntel(intel) {
      if (!intel) {
        valueOf(call((n) => n.useBuiltInIntel()));
        return;
      }
      const source = ownedIntel(intel);
      valueOf(call((n) => source.call((i) => n.setIntel(i))));
    },
    // Lets the analysis keep about `budgetBytes` of its findings and report
    // layout in wasm memory and move the rest to `space`, an object with
    // synchronous methods that throw on failure:
    //   append(bytes)        add the bytes at the end (copy them)
    //   read(offset, into)   fill the Uint8Array `into` from `offset`
    //   truncate(size)       drop what lies past `size`
    //   close()              the analysis is freed: release the space
    // Before the first begin(); returns false (and uses no space) after.
    setSpill(space, budgetBytes) {
      const message = (err) => `spill space: ${err && err.message ? err.message : err}`;
      const host = {
        spillAppend(bytes) {
          try {
            space.append(bytes);
            return '';
          } catch (err) {
            return message(err);
          }
        },
        spillRead(offset, address, size) {
          try {
            space.read(offset, new Uint8Array(mod.HEAPU8.buffer, address, size));
            return '';
          } catch (err) {
            return message(err);
          }
        },
        spillTruncate(size) {
          try {
            space.truncate(size);
          } catch {
            // Only space is lost: later appends go past the old end.
          }
        },
        spillClose() {
          try {
            space.close();
          } catch {
            // Nothing left to tell.
          }
        },
      };
      return valueOf(call((n) => n.setSpill(host, Number(budgetBytes))));
    },
    // Bytes of findings moved to the spill space so far.
    spilledBytes() {
      return valueOf(call((n) => n.spilledBytes()));
    },
    // Limits for untrusted uploads (0: none, the default), before the first
    // begin(): the decompressed bytes and the findings of all files
    // together. Past one, the file being read stops there (an error in its
    // record) and limitExceeded() says which.
    setLimits(maxDecompressedBytes, maxFindings) {
      valueOf(call((n) => n.setLimits(Number(maxDecompressedBytes) || 0, Number(maxFindings) || 0)));
    },
    // '' within the limits, else the message naming the limit passed.
    limitExceeded() {
      return valueOf(call((n) => n.limitExceeded()));
    },
    report() {
      return valueOf(call((n) => n.report()));
    },
    // The bytes of `exposure coverage --format json` for the files ended so
    // far: what the scans cover of the inventories (API.md).
    coverage() {
      return valueOf(call((n) => n.coverage()));
    },
    // The report in pieces, none of them copied into one string: {parts}
    // (Uint8Arrays, to make a Blob of) or {parts, error} when the report is
    // incomplete or could not be made (the parts then lack the rest).
    // detail: 'full' (the bytes of report()) or 'table' (see API.md).
    reportParts(detail = 'full', options = {}) {
      const report = openReport(detail, options);
      const parts = [];
      for (let piece; (piece = report.next());) parts.push(piece);
      const error = report.error();
      report.close();
      return error ? {parts, error} : {parts};
    },
    openReport,
    // The report as a ReadableStream of Uint8Arrays, rendered as it is
    // read: one piece at a time in memory, however large the report. An
    // incomplete report errors the stream at its end; cancelling it frees
    // what it holds.
    reportStream(detail = 'full', options = {}) {
      let report = null;
      const close = () => {
        if (report) report.close();
        report = null;
      };
      return new ReadableStream({
        start() {
          report = openReport(detail, options);
        },
        pull(controller) {
          const piece = report.next();
          if (piece) {
            controller.enqueue(piece);
            return;
          }
          const error = report.error();
          close();
          if (error) controller.error(new Error(error.message));
          else controller.close();
        },
        cancel: close,
      }, {highWaterMark: 1});
    },
    delete() {
      owned.delete();
    },
  };
}

// Snapshots compared over time: `exposure diff` and `exposure trend`
// (API.md).
function wrapTracker(mod) {
  const owned = make(mod, 'newTracker', 'the tracker');
  const errorOf = (envelope) => open(envelope).error;
  const text = (envelope) => {
    const {value, error} = open(envelope);
    return error ? {error} : {text: value};
  };
  const tracker = {
    setIntel(intel) {
      const source = ownedIntel(intel);
      valueOf(owned.call((n) => source.call((i) => n.setIntel(i))));
    },
    setPolicy(json) {
      return errorOf(owned.call((n) => n.setPolicy(String(json))));
    },
    setDecisions(json) {
      return errorOf(owned.call((n) => n.setDecisions(String(json))));
    },
    // Starts a snapshot: 'old', 'new', 'history' (each call another one)
    // or 'point' (a point of the trend). null or {message, location}.
    side(kind) {
      return errorOf(owned.call((n) => n.side(String(kind))));
    },
    // As the analyzer's: the limits apply to the scanner exports of each
    // snapshot, the decompressed bytes counted over all of them.
    setLimits(maxDecompressedBytes, maxFindings) {
      valueOf(owned.call((n) => n.setLimits(Number(maxDecompressedBytes) || 0, Number(maxFindings) || 0)));
    },
    limitExceeded() {
      return valueOf(owned.call((n) => n.limitExceeded()));
    },
    // Files of the snapshot being built: snapshots, reports or exports.
    begin(name) {
      valueOf(owned.call((n) => n.begin(String(name))));
    },
    feed(chunk) {
      const error = feedSlices(mod, owned, toBytes(chunk));
      if (error) throw new CoreError(error);
    },
    end() {
      valueOf(owned.call((n) => n.end()));
    },
    // Finishes the snapshot: {snapshot: {as_of, sources, findings, assets,
    // open, open_risk, errors}} or {error} (no file gave anything).
    close() {
      const {value, error} = open(owned.call((n) => n.close()));
      return error ? {error} : {snapshot: JSON.parse(value)};
    },
    // One snapshot from whole files in one call: [{name, bytes}].
    addSnapshot(kind, files) {
      const error = tracker.side(kind);
      if (error) return {error};
      for (const {name, bytes} of files) {
        tracker.begin(name);
        tracker.feed(bytes);
        tracker.end();
      }
      return tracker.close();
    },
    // `exposure diff --format FORMAT --top TOP`: {text} or {error}.
    diff(format = 'json', top = 0) {
      return text(owned.call((n) => n.diff(String(format), Number(top) || 0)));
    },
    // --fail-on gates over the diff: {gates: [{gate, count}]} or {error}.
    gates(list) {
      const {value, error} = open(owned.call((n) => n.gates(list.map(String).join('\n'))));
      return error ? {error} : {gates: JSON.parse(value)};
    },
    // `exposure trend --format FORMAT` of the 'point' snapshots.
    trend(format = 'json') {
      return text(owned.call((n) => n.trend(String(format))));
    },
    delete() {
      owned.delete();
    },
  };
  return tracker;
}

function wrapIntel(owned, description) {
  const intel = {
    description,
    delete() {
      owned.delete();
    },
  };
  intels.set(intel, owned);
  return intel;
}

// {intel} or {error}: `load` loads into a new native Intel and answers
// with its description.
function newIntel(mod, load) {
  const made = open(mod.newIntel());
  if (made.error) return {error: made.error};
  const owned = new Owned(made.value, 'the intel');
  const {value, error} = open(load(owned));
  if (error) {
    owned.delete();
    return {error};
  }
  return {intel: wrapIntel(owned, JSON.parse(value))};
}

function loadIntel(mod, bytes, origin) {
  const data = toBytes(bytes);
  return newIntel(mod, (owned) => {
    const reserved = owned.call((n) => n.buffer(data.length));
    const {value: address, error} = open(reserved);
    if (error) return reserved;
    copyIn(mod, address, data);
    return owned.call((n) => n.load(data.length, String(origin)));
  });
}

function loadBuiltInIntel(mod) {
  return newIntel(mod, (owned) => owned.call((n) => n.loadBuiltIn()));
}

function wrapIntelBuilder(mod) {
  const owned = make(mod, 'newIntelBuilder', 'the intel builder');
  const errorOf = (envelope) => open(envelope).error;
  return {
    begin(kind, name) {
      return errorOf(owned.call((n) => n.begin(String(kind), String(name))));
    },
    feed(chunk) {
      return feedSlices(mod, owned, toBytes(chunk));
    },
    end() {
      return errorOf(owned.call((n) => n.end()));
    },
    build(base, origin = 'your files') {
      // No base: a bundle of the files alone, built on an intel never loaded.
      const empty = base ? null : make(mod, 'newIntel', 'the intel');
      const source = base ? ownedIntel(base) : empty;
      try {
        const built = open(owned.call((n) => source.call((b) => n.build(b, String(origin)))));
        if (built.error) return {error: built.error};
        const out = JSON.parse(built.value);
        // A view into wasm memory: copied before anything else runs.
        const bytes = valueOf(owned.call((n) => n.bytes())).slice();
        return {
          bytes, kevFrom: out.kev_from, epssFrom: out.epss_from, ssvcFrom: out.ssvc_from, ssvcBase: out.ssvc_base,
          metasploitFrom: out.metasploit_from, exploitdbFrom: out.exploitdb_from, nucleiFrom: out.nuclei_from,
          description: out.bundle,
        };
      } finally {
        if (empty) empty.delete();
      }
    },
    delete() {
      owned.delete();
    },
  };
}

/**
 * @param {{wasmModule?: WebAssembly.Module, wasmBinary?: ArrayBuffer|Uint8Array,
 *          wasmUrl?: string|URL}} options exactly one way to get the wasm code
 */
export async function loadCore(options = {}) {
  const {wasmModule, wasmBinary, wasmUrl} = options;
  let instantiateWasm;
  if (wasmModule || wasmUrl) {
    // Instantiate ourselves: workerd cannot fetch or compile from bytes, and
    // the browser compiles while streaming.
    instantiateWasm = (imports, receive) => {
      const compiled = wasmModule
        ? Promise.resolve(wasmModule)
        : WebAssembly.compileStreaming(fetch(wasmUrl));
      compiled
        .then((module) => WebAssembly.instantiate(module, imports)
          .then((instance) => receive(instance, module)))
        .catch((err) => loadFailed(err));
      return {};
    };
  } else if (!wasmBinary) {
    throw new Error('loadCore: pass wasmModule, wasmBinary or wasmUrl');
  }
  // The loader never settles if instantiation fails; this makes it reject.
  let loadFailed;
  const failure = new Promise((_, reject) => { loadFailed = reject; });
  const mod = await Promise.race([
    createExposureCore({
      wasmBinary,
      instantiateWasm,
      locateFile: (path) => path,
      print: () => {},
      printErr: () => {},
      onAbort: (what) => loadFailed(new Error(`wasm core aborted: ${what}`)),
    }),
    failure,
  ]);
  const sniffBytes = valueOf(mod.sniffBytes());
  // Copies the head of a file where detect() and detectIntel() look;
  // returns its length and whether it is the whole file.
  const head = (headBytes) => {
    const bytes = toBytes(headBytes).subarray(0, sniffBytes);
    copyIn(mod, valueOf(mod.detectBuffer()), bytes);
    return [bytes.length, bytes.length < sniffBytes];
  };
  return {
    module: mod,
    version: () => valueOf(mod.version()),
    formats: () => JSON.parse(valueOf(mod.formats())),
    // [{id, mediaType, extension}] of every export format (API.md).
    exportFormats: () => JSON.parse(valueOf(mod.exportFormats())),
    detect(name, headBytes) {
      void name;  // detection is by content only
      return valueOf(mod.detect(...head(headBytes)));
    },
    newAnalyzer: () => wrapAnalyzer(mod),
    newTracker: () => wrapTracker(mod),
    // The wasm instance's memory in bytes: the most any analysis of this
    // core needed so far (wasm memory grows and never shrinks).
    memoryBytes: () => mod.HEAPU8.buffer.byteLength,
    detectIntel: (headBytes) => valueOf(mod.detectIntel(...head(headBytes))),
    builtInIntel: () => JSON.parse(valueOf(mod.builtInIntel())),
    loadIntel: (bytes, origin = 'your files') => loadIntel(mod, bytes, origin),
    loadBuiltInIntel: () => loadBuiltInIntel(mod),
    newIntelBuilder: () => wrapIntelBuilder(mod),
    // The `exposure` CLI with `host` as its file system and terminal (see
    // RunCli in bridge.cc and exposure.mjs); the value is its exit code.
    runCli: (args, host) => valueOf(mod.runCli(args, host)),
  };
}
