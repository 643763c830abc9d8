// Exposure Lens edge worker (workerd / Cloudflare Workers, ES module syntax).
//
// Runs the same wasm core as the CLI and the dashboard. The HTTP contract:
//   POST /v1/analyze?name=FILE  body = raw scanner export (streamed, any size up
//                               to MAX_BODY_BYTES) -> 200 JSON report, the same
//                               bytes `exposure analyze FILE` prints;
//                               &detail=table: the bytes of
//                               `exposure analyze --detail table FILE`;
//                               &pretty=1: of `exposure analyze --pretty`
//   POST /v1/analyze            body = multipart/form-data: every file part is
//                               an input (its filename names it), in order,
//                               and an optional `policy` field is the policy:
//                               the report of `exposure analyze --policy P
//                               FILE...` (inventories and scans together)
//   POST /v1/coverage           the same inputs -> the bytes of
//                               `exposure coverage --format json FILE...`
//   POST /v1/plan               the same inputs -> the bytes of `exposure plan
//                               --format F --top N FILE...` (?format=json
//                               (default), csv, markdown or text; ?top=N)
//   POST /v1/paths              the same inputs -> the bytes of `exposure paths
//                               --format F --jewel J... FILE...` (?format=json
//                               (default), table, markdown or dot; ?jewel=
//                               repeatable); 422 when no crown jewel matches
//   POST /v1/export?to=FORMAT   the same inputs -> the bytes of `exposure
//                               export --to FORMAT FILE...` (sarif, ocsf,
//                               jira-csv, csv, openvex, cyclonedx-vex, html,
//                               markdown); X-Exposure-Parts says how many files
//                               the export has, &part=N (1-based) gives file N
//   POST /v1/snapshot           the same inputs -> the bytes of `exposure
//                               snapshot --out FILE FILE...` (zstd-compressed
//                               JSON lines, application/zstd, as an
//                               attachment "exposure-snapshot.zst"); scanner
//                               exports and inventories only: merging earlier
//                               snapshots or reports is the CLI's. 422 when
//                               no input is in a supported format
// A multipart body may carry a `decisions` field (docs/mobilization.md) next
// to `policy`: both apply to analyze, coverage, plan, paths, export and
// snapshot.
//
// Snapshots compared over time (issue 19): multipart/form-data only. A file
// may be an Exposure Lens snapshot, a JSON report or a scanner export (what
// it is comes from its content). The `policy` and `decisions` fields, when
// given, must come before the first file: each snapshot is made as its
// files arrive.
//   POST /v1/diff               file parts named `old` (one or more: one
//                               snapshot), then `new` (the same), any number
//                               of `history` (each file one earlier
//                               snapshot), and `fail_on` text fields (a gate
//                               each, e.g. `new:kev`, `severity>=high`) ->
//                               the bytes of `exposure diff --format F --top N
//                               --old OLD... --new NEW... --history H...`
//                               (?format=json (default), csv, markdown, html
//                               or table; ?top=N). The files of a side must
//                               come one after another. With gates, the
//                               response (still 200) says what they count:
//                                 X-Exposure-Gates: new:kev=2; severity>=high=0
//                               (each gate, `=`, its count of open findings;
//                               split on the last `=`), and
//                                 X-Exposure-Gates-Tripped: 1
//                               how many counted any (the CLI exits 3 then)
//   POST /v1/trend              file parts, each one snapshot (a point of the
//                               trend), oldest first -> the bytes of
//                               `exposure trend --format F FILE...`
//                               (?format=json (default), csv, html or table)
// A side or a point whose files hold no snapshot, report or recognised
// export is a 422 naming it.
//   GET  /v1/health             -> {"status":"ok","version":"..."}
//   GET  /v1/formats            -> the core's list of supported formats
// Every error is JSON: {"error": {"code": <HTTP status>, "message": "..."}}.
//
// Isolation: the compiled core is shared by all requests of an isolate (it is
// code plus an allocator), but every request gets its own analyzer session,
// freed once its response has been sent (or the client went away), so
// nothing a tenant uploads outlives its request or is visible to another
// one. The report streams out as it is rendered: an isolate holds about a
// megabyte of it at a time, not the whole report.

import wasm from './exposure_core.wasm';
import {loadCore} from './core.mjs';
import {MultipartError, MultipartReader, multipartBoundary} from './multipart.mjs';

// Used when the limit bindings are absent (e.g. deployed without them);
// docs/edge.md explains each.
const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;
const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;
const DEFAULT_MAX_FINDINGS = 120000;
const DEFAULT_MAX_FILES = 32;
// Bytes of the upload read at a time (see bodyReader).
const UPLOAD_BUFFER_BYTES = 256 * 1024;
// The report's pieces are about 1 MiB (see reportBody).
const REPORT_BUFFER_BYTES = 1024 * 1024 + 64 * 1024;
// The name only labels the input in the report; a cap keeps it sane.
const MAX_NAME_LENGTH = 1024;
// ?jewel= selectors per /v1/paths request.
const MAX_JEWEL_SELECTORS = 64;
// Parts of one multipart request (files and the policy field).
const MAX_PARTS = 64;
// The policy and decisions fields' text, each.
const MAX_POLICY_BYTES = 1024 * 1024;
const MAX_DECISIONS_BYTES = 4 * 1024 * 1024;
// A fail_on field's text (a gate is a few dozen characters).
const MAX_GATE_BYTES = 1024;

// One load per isolate. A failed load is forgotten so that the next request
// retries instead of failing forever.
let corePromise = null;
function getCore() {
  if (!corePromise) {
    const promise = loadCore({wasmModule: wasm}).catch((err) => {
      dropCore(promise);
      throw err;
    });
    corePromise = promise;
  }
  return corePromise;
}

// After a trap (abort, out of memory, a bug) the wasm instance's memory is in
// an unknown state, possibly still holding another request's data: stop
// handing it out. Requests already holding it finish or fail on their own.
function dropCore(promise) {
  if (corePromise === promise) corePromise = null;
}

// Thrown for expected failures; turned into a JSON error with its status.
class HttpError extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

// Methods per known path. OPTIONS is answered for every known path (CORS
// preflight when enabled, plain Allow otherwise); HEAD mirrors GET.
const ROUTES = {
  '/v1/analyze': {POST: analyze},
  '/v1/coverage': {POST: coverage},
  '/v1/plan': {POST: plan},
  '/v1/paths': {POST: paths},
  '/v1/export': {POST: exportInputs},
  '/v1/snapshot': {POST: snapshot},
  '/v1/diff': {POST: diff},
  '/v1/trend': {POST: trend},
  '/v1/health': {GET: health, HEAD: health},
  '/v1/formats': {GET: formats, HEAD: formats},
};

function allowedMethods(route) {
  return [...Object.keys(route), 'OPTIONS'].join(', ');
}

function jsonResponse(value, status = 200, headers = {}) {
  return new Response(JSON.stringify(value), {
    status,
    headers: {'Content-Type': 'application/json; charset=utf-8', ...headers},
  });
}

function errorResponse(status, message, headers = {}) {
  return jsonResponse({error: {code: status, message}}, status, headers);
}

// Parses a configured limit (decimal digits; unset or empty: `fallback`). A
// malformed value is a deployment error: fail closed (500) rather than
// silently accept unbounded requests.
function limitBinding(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === null || raw === '') {
    return fallback;
  }
  const text = String(raw).trim();
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new Error(`${name} is not a whole number: ${JSON.stringify(raw)}`);
  }
  return Number(text);
}

function maxBodyBytes(env) {
  return limitBinding(env, 'MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES);
}

// What one request may make the core read and keep, whatever its body's
// size (see Analyzer::SetLimits): a compressed body is counted after
// decompression, and findings are what the memory of an analysis grows with.
function analysisLimits(env) {
  return {
    decompressed: limitBinding(env, 'MAX_DECOMPRESSED_BYTES', DEFAULT_MAX_DECOMPRESSED_BYTES),
    findings: limitBinding(env, 'MAX_FINDINGS', DEFAULT_MAX_FINDINGS),
    files: limitBinding(env, 'MAX_FILES', DEFAULT_MAX_FILES),
  };
}

// A 413 once the session passed a limit of analysisLimits(); checked after
// every call that feeds it, so the rest of the body is never read.
function checkLimits(session, inCore) {
  const exceeded = inCore(() => session.limitExceeded());
  if (exceeded) throw new HttpError(413, exceeded);
}

function tooLarge(limit) {
  return new HttpError(413, `request body exceeds the limit of ${limit} bytes`);
}

// The request's body limit, after refusing a declared oversize body before
// reading any of it.
function bodyLimit(request, env) {
  const limit = maxBodyBytes(env);
  const declared = request.headers.get('Content-Length');
  if (declared !== null) {
    const length = Number(declared);
    if (Number.isFinite(length) && length > limit) {
      throw tooLarge(limit);
    }
  }
  return limit;
}

// The core for one request, and `inCore(fn)`, which runs a call into it.
// Problems with the upload come back as values (in the report's
// inputs[].errors, a tracker's {error}); a throw is the core failing (a
// CoreError: memory exhausted, a bug) or a trap, after which the instance
// is suspect and no later request gets it.
async function requestCore() {
  const promise = getCore();
  const core = await promise;
  const inCore = (fn) => {
    try {
      return fn();
    } catch (err) {
      dropCore(promise);
      throw err;
    }
  };
  const retire = () => dropCore(promise);
  return {core, inCore, retire};
}

// Pushes the request's body into `sink` ({push(bytes), finish()}) as it
// arrives, counting it against `limit`: chunked uploads have no
// Content-Length, and the declared one is only trusted for the early reject
// in bodyLimit().
async function pumpBody(request, limit, sink) {
  if (request.body) {
    const reader = bodyReader(request.body);
    let received = 0;
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > limit) {
        // Stop the upload; the rest of the body is never read.
        await reader.cancel().catch(() => {});
        throw tooLarge(limit);
      }
      sink.push(value);
    }
  }
  sink.finish();
}

// Frees a session of the core whatever happened; a failure here must not
// mask the original outcome, so it only retires the instance and is logged.
function release(session, what, retire) {
  try {
    session.delete();
  } catch (err) {
    retire();
    console.error(`edge worker: ${what}.delete() failed:`, err && err.stack ? err.stack : err);
  }
}

// Runs `respond(analyzer, inCore, inputs)` on an analyzer fed with the
// request's inputs: the raw body as one file named by ?name=, or the files
// of a multipart/form-data body; `inputs` are their records (analyzer.end()).
// The analyzer is freed when this returns (a report streamed from it keeps
// what it needs).
async function withInputs(request, env, respond) {
  const url = new URL(request.url);
  const boundary = parseBoundary(request.headers.get('Content-Type'));
  const name = url.searchParams.get('name');
  if (boundary === null) {
    if (!name) {
      throw new HttpError(400,
          'missing query parameter "name" (the file name to show in the report), ' +
          'e.g. POST /v1/analyze?name=scan.nessus; or send the files as multipart/form-data');
    }
    checkName(name, 'query parameter "name"');
  }

  const limit = bodyLimit(request, env);
  const limits = analysisLimits(env);
  const {core, inCore, retire} = await requestCore();
  const analyzer = inCore(() => core.newAnalyzer());
  try {
    inCore(() => analyzer.setLimits(limits.decompressed, limits.findings));
    const inputs = [];
    const sink = boundary === null ?
      rawSink(analyzer, name, inCore, inputs) :
      multipartSink(analyzer, boundary, inCore, inputs, limits);
    await pumpBody(request, limit, sink);
    return respond(analyzer, inCore, inputs);
  } finally {
    release(analyzer, 'analyzer', retire);
  }
}

function parseBoundary(contentType) {
  try {
    return multipartBoundary(contentType);
  } catch (err) {
    throw new HttpError(400, err.message);
  }
}

function checkName(name, what) {
  if (name.length > MAX_NAME_LENGTH) {
    throw new HttpError(400, `${what} is longer than ${MAX_NAME_LENGTH} characters`);
  }
}

// Runs a step of a MultipartReader: a malformed body is a 400.
function multipartStep(fn) {
  try {
    fn();
  } catch (err) {
    if (err instanceof MultipartError) throw new HttpError(400, err.message);
    throw err;
  }
}

// The raw body is one input.
function rawSink(analyzer, name, inCore, inputs) {
  inCore(() => analyzer.begin(name));
  return {
    push: (bytes) => {
      inCore(() => analyzer.feed(bytes));
      checkLimits(analyzer, inCore);
    },
    finish: () => {
      inputs.push(inCore(() => analyzer.end()));
      checkLimits(analyzer, inCore);
    },
  };
}

// Each file part of a multipart body is one input, analyzed as it
// arrives; the `policy` and `decisions` fields (no filename) are read whole
// (they are small) and applied before the report is made.
function multipartSink(analyzer, boundary, inCore, inputs, limits) {
  let part = null;  // {file: true} or {field, text, bytes, limit}
  let files = 0;
  const decoder = new TextDecoder();
  const reader = new MultipartReader(boundary, {
    onPart({name, filename}) {
      if (reader.parts > MAX_PARTS) {
        throw new HttpError(400, `more than ${MAX_PARTS} parts in one request`);
      }
      if (filename !== null) {
        if (!filename) throw new HttpError(400, `part "${name.slice(0, 80)}" has an empty filename`);
        checkName(filename, 'a part\'s filename');
        if (++files > limits.files) {
          throw new HttpError(413, `more than ${limits.files} files in one request`);
        }
        part = {file: true};
        inCore(() => analyzer.begin(filename));
      } else if (name === 'policy' || name === 'decisions') {
        part = {field: name, text: '', bytes: 0,
          limit: name === 'policy' ? MAX_POLICY_BYTES : MAX_DECISIONS_BYTES};
      } else {
        throw new HttpError(400,
            `unknown form field "${name.slice(0, 80)}": send files (with a filename) and at most a "policy" and a "decisions" field`);
      }
    },
    onData(bytes) {
      if (part.file) {
        inCore(() => analyzer.feed(bytes));
        checkLimits(analyzer, inCore);
        return;
      }
      addFieldBytes(part, bytes, decoder);
    },
    onPartEnd() {
      if (part.file) {
        inputs.push(inCore(() => analyzer.end()));
        checkLimits(analyzer, inCore);
      } else {
        part.text += decoder.decode();
        const text = part.text;
        const error = inCore(() => part.field === 'policy' ?
          analyzer.setPolicy(text) : analyzer.setDecisions(text));
        if (error) throw new HttpError(400, `${part.field}: ${error.message}`);
      }
      part = null;
    },
  });
  return {
    push: (bytes) => multipartStep(() => reader.push(bytes)),
    finish: () => multipartStep(() => {
      reader.finish();
      if (files === 0) throw new HttpError(400, 'the multipart body has no file part');
    }),
  };
}

// Runs `respond(tracker, inCore, sides)` on a tracker fed with the files
// of the request's multipart/form-data body, one snapshot per side (see
// trackerSink; `sides` counts the snapshots made per side). The tracker is
// freed when this returns.
async function withTracker(request, env, form, respond) {
  const {pathname} = new URL(request.url);
  const boundary = parseBoundary(request.headers.get('Content-Type'));
  if (boundary === null) {
    throw new HttpError(400, `POST ${pathname} takes multipart/form-data: ${form.expects}`);
  }
  const limit = bodyLimit(request, env);
  const limits = analysisLimits(env);
  const {core, inCore, retire} = await requestCore();
  const tracker = inCore(() => core.newTracker());
  try {
    inCore(() => tracker.setLimits(limits.decompressed, limits.findings));
    const sides = new Map();
    await pumpBody(request, limit, trackerSink(tracker, boundary, inCore, form, sides, limits));
    return respond(tracker, inCore, sides);
  } finally {
    release(tracker, 'tracker', retire);
  }
}

// Adds `bytes` of a text form field (policy, decisions, fail_on) to its
// text, refusing a field larger than its limit.
function addFieldBytes(part, bytes, decoder) {
  part.bytes += bytes.length;
  if (part.bytes > part.limit) {
    throw new HttpError(400, `the ${part.field} field is larger than ${part.limit} bytes`);
  }
  part.text += decoder.decode(bytes, {stream: true});
}

// A multipart body's files fed to a tracker as they arrive. `form.sideOf(field)`
// is the side a file part of that field name goes to: 'old' or 'new' (all
// the side's files make one snapshot, so they must come one after another),
// 'history' or 'point' (each file is a snapshot of its own), or null: the
// field is refused (`form.expects` says what is taken). Text fields:
// `policy` and `decisions`, before the first file (a snapshot is made as
// its files arrive, with the settings known then), and `form.fields`
// ({name: {limit, take(text)}}).
function trackerSink(tracker, boundary, inCore, form, sides, limits) {
  let part = null;     // {file: true} or {field, text, bytes, limit, take}
  let current = null;  // the snapshot being built: {side, label}
  let files = 0;
  const decoder = new TextDecoder();
  const closeSnapshot = () => {
    const {error} = inCore(() => tracker.close());
    if (error) throw new HttpError(422, `${current.label}: ${error.message}`);
    sides.set(current.side, (sides.get(current.side) ?? 0) + 1);
    current = null;
  };
  const settings = {
    policy: {limit: MAX_POLICY_BYTES, take: (text) => tracker.setPolicy(text)},
    decisions: {limit: MAX_DECISIONS_BYTES, take: (text) => tracker.setDecisions(text)},
  };
  const reader = new MultipartReader(boundary, {
    onPart({name, filename}) {
      if (reader.parts > MAX_PARTS) {
        throw new HttpError(400, `more than ${MAX_PARTS} parts in one request`);
      }
      if (filename !== null) {
        if (!filename) throw new HttpError(400, `part "${name.slice(0, 80)}" has an empty filename`);
        checkName(filename, 'a part\'s filename');
        const side = form.sideOf(name);
        if (!side) {
          throw new HttpError(400, `unknown file field "${name.slice(0, 80)}": ${form.expects}`);
        }
        const whole = side === 'old' || side === 'new';
        if (current && (current.side !== side || !whole)) closeSnapshot();
        if (!current) {
          if (whole && sides.has(side)) {
            throw new HttpError(400,
                `the "${side}" files must come one after another, not split by other parts`);
          }
          const error = inCore(() => tracker.side(side));
          if (error) throw new Error(`tracker.side(${side}): ${error.message}`);
          current = {side, label: whole ? `the ${side} side` : filename};
        }
        if (++files > limits.files) {
          throw new HttpError(413, `more than ${limits.files} files in one request`);
        }
        part = {file: true};
        inCore(() => tracker.begin(filename));
        return;
      }
      const setting = Object.hasOwn(settings, name) ? settings[name] : null;
      const field = setting ?? (Object.hasOwn(form.fields, name) ? form.fields[name] : null);
      if (!field) {
        const names = ['policy', 'decisions', ...Object.keys(form.fields)].map((n) => `"${n}"`);
        throw new HttpError(400,
            `unknown form field "${name.slice(0, 80)}": text fields are ${names.join(', ')}; ${form.expects}`);
      }
      if (setting && files > 0) {
        throw new HttpError(400,
            `the ${name} field must come before the files: each snapshot is made as its files arrive`);
      }
      part = {field: name, text: '', bytes: 0, limit: field.limit, take: field.take};
    },
    onData(bytes) {
      if (part.file) {
        inCore(() => tracker.feed(bytes));
        checkLimits(tracker, inCore);
        return;
      }
      addFieldBytes(part, bytes, decoder);
    },
    onPartEnd() {
      if (part.file) {
        inCore(() => tracker.end());
        checkLimits(tracker, inCore);
      } else {
        part.text += decoder.decode();
        const {text, take} = part;
        const error = inCore(() => take(text));
        if (error) throw new HttpError(400, `${part.field}: ${error.message}`);
      }
      part = null;
    },
  });
  return {
    push: (bytes) => multipartStep(() => reader.push(bytes)),
    finish: () => multipartStep(() => {
      reader.finish();
      if (files === 0) throw new HttpError(400, `the multipart body has no file part: ${form.expects}`);
      closeSnapshot();
    }),
  };
}

// A query parameter that must be one of `types`' keys (default `fallback`).
function formatParam(url, types, fallback = 'json') {
  const format = url.searchParams.get('format') ?? fallback;
  if (!Object.hasOwn(types, format)) {
    const names = Object.keys(types);
    throw new HttpError(400, `query parameter "format" must be ${names.slice(0, -1).join(', ')} or ${names.at(-1)}, ` +
        `not ${JSON.stringify(format.slice(0, 40))}`);
  }
  return format;
}

function topParam(url) {
  const topText = url.searchParams.get('top') ?? '0';
  if (!/^[0-9]{1,7}$/.test(topText)) {
    throw new HttpError(400, `query parameter "top" must be a whole number, not ${JSON.stringify(topText.slice(0, 40))}`);
  }
  return Number(topText);
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPES = {
  json: JSON_TYPE,
  csv: 'text/csv; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  table: 'text/plain; charset=utf-8',
};

// A rendered diff or trend. HTML is sent as an attachment, so that a
// browser never renders it as a page of this origin.
function textResponse(text, format, name, headers = {}) {
  const extra = format === 'html' ? {'Content-Disposition': `attachment; filename="${name}.html"`} : {};
  return new Response(text, {
    status: 200,
    headers: {'Content-Type': TEXT_TYPES[format], ...extra, ...headers},
  });
}

// The snapshot is made from the analysis of the inputs, as `exposure
// snapshot` makes it from scanner exports.
async function snapshot(request, env) {
  return withInputs(request, env, (analyzer, inCore, inputs) => {
    if (!inputs.some((input) => input.format)) {
      const first = inputs.flatMap((input) => input.errors)[0];
      throw new HttpError(422, 'no recognised export was read' + (first ? `: ${first.message}` : '') +
          ' (snapshots and reports are compared by /v1/diff and /v1/trend, not merged here)');
    }
    const {bytes, error} = inCore(() => analyzer.snapshot());
    if (error) throw new Error(`snapshot: ${error.message}`);
    return new Response(bytes, {
      status: 200,
      headers: {
        'Content-Type': 'application/zstd',
        'Content-Disposition': 'attachment; filename="exposure-snapshot.zst"',
      },
    });
  });
}

const DIFF_FORMATS = ['json', 'csv', 'markdown', 'html', 'table'];
const DIFF_FIELDS = 'file parts named "old" (one or more), then "new" (one or more), ' +
    'and any "history" (each an earlier snapshot)';

async function diff(request, env) {
  const url = new URL(request.url);
  const format = formatParam(url, Object.fromEntries(DIFF_FORMATS.map((f) => [f, TEXT_TYPES[f]])));
  const top = topParam(url);
  const gates = [];
  const form = {
    expects: `send ${DIFF_FIELDS}`,
    sideOf: (field) => (['old', 'new', 'history'].includes(field) ? field : null),
    fields: {
      fail_on: {
        limit: MAX_GATE_BYTES,
        take(text) {
          for (const line of text.split('\n')) {
            if (line.trim()) gates.push(line.trim());
          }
          return null;
        },
      },
    },
  };
  return withTracker(request, env, form, (tracker, inCore, sides) => {
    const missing = ['old', 'new'].filter((side) => !sides.has(side));
    if (missing.length) {
      throw new HttpError(400, `no "${missing.join('" or "')}" file: a diff needs ${DIFF_FIELDS}`);
    }
    const headers = {};
    if (gates.length) {
      const counted = inCore(() => tracker.gates(gates));
      if (counted.error) {
        // The core names the CLI's option; here it is the form field.
        throw new HttpError(400, `fail_on ${counted.error.message.replace(/^--fail-on /, '')}`);
      }
      headers['X-Exposure-Gates'] = counted.gates.map(({gate, count}) => `${gate}=${count}`).join('; ');
      headers['X-Exposure-Gates-Tripped'] = String(counted.gates.filter(({count}) => count > 0).length);
    }
    const {text, error} = inCore(() => tracker.diff(format, top));
    if (error) throw new Error(`diff: ${error.message}`);
    return textResponse(text, format, 'exposure-diff', headers);
  });
}

const TREND_FORMATS = ['json', 'csv', 'html', 'table'];

async function trend(request, env) {
  const url = new URL(request.url);
  const format = formatParam(url, Object.fromEntries(TREND_FORMATS.map((f) => [f, TEXT_TYPES[f]])));
  const form = {
    expects: 'send file parts, each one snapshot (a point of the trend), oldest first',
    sideOf: () => 'point',
    fields: {},
  };
  return withTracker(request, env, form, (tracker, inCore) => {
    const {text, error} = inCore(() => tracker.trend(format));
    if (error) throw new Error(`trend: ${error.message}`);
    return textResponse(text, format, 'exposure-trend');
  });
}

async function analyze(request, env) {
  const url = new URL(request.url);
  const detail = url.searchParams.get('detail') ?? 'full';
  if (detail !== 'full' && detail !== 'table') {
    throw new HttpError(400, `query parameter "detail" must be "full" or "table", not ${JSON.stringify(detail.slice(0, 40))}`);
  }
  const prettyText = url.searchParams.get('pretty') ?? '0';
  if (prettyText !== '0' && prettyText !== '1') {
    throw new HttpError(400, `query parameter "pretty" must be 0 or 1, not ${JSON.stringify(prettyText.slice(0, 40))}`);
  }
  const pretty = prettyText === '1';
  return withInputs(request, env, (analyzer, inCore) => new Response(
      reportBody(analyzer, detail, pretty, inCore), {
        status: 200,
        headers: {'Content-Type': 'application/json; charset=utf-8'},
      }));
}

async function coverage(request, env) {
  return withInputs(request, env, (analyzer, inCore) => new Response(
      inCore(() => analyzer.coverage()), {
        status: 200,
        headers: {'Content-Type': 'application/json; charset=utf-8'},
      }));
}

async function plan(request, env) {
  const url = new URL(request.url);
  const types = {json: JSON_TYPE, csv: TEXT_TYPES.csv, markdown: TEXT_TYPES.markdown, text: 'text/plain; charset=utf-8'};
  const format = formatParam(url, types);
  const top = topParam(url);
  return withInputs(request, env, (analyzer, inCore) => {
    const {text, error} = inCore(() => analyzer.plan(format, top));
    if (error) throw new Error(`plan: ${error.message}`);
    return new Response(text, {status: 200, headers: {'Content-Type': types[format]}});
  });
}

// The attack paths of the request's inputs under its policy field (zones,
// reach, crown_jewels): ?format=json|table|markdown|dot, ?jewel= (may
// repeat) keeps the jewels it names.
async function paths(request, env) {
  const url = new URL(request.url);
  const types = {json: JSON_TYPE, table: TEXT_TYPES.table, markdown: TEXT_TYPES.markdown,
    dot: 'text/vnd.graphviz; charset=utf-8'};
  const format = formatParam(url, types);
  const jewels = url.searchParams.getAll('jewel');
  if (jewels.length > MAX_JEWEL_SELECTORS || jewels.some((j) => j.length > MAX_NAME_LENGTH)) {
    throw new HttpError(400, `at most ${MAX_JEWEL_SELECTORS} "jewel" parameters of at most ${MAX_NAME_LENGTH} characters`);
  }
  return withInputs(request, env, (analyzer, inCore) => {
    const {text, error} = inCore(() => analyzer.paths(format, jewels));
    if (error) {
      // Selectors that name no jewel are the client's to fix.
      if (error.message.startsWith('--jewel')) {
        throw new HttpError(422, `jewel: ${error.message.replace(/^--jewel /, '')}`);
      }
      throw new Error(`paths: ${error.message}`);
    }
    return new Response(text, {status: 200, headers: {'Content-Type': types[format]}});
  });
}

// The export comes out of the core a piece at a time (only a piece is in
// wasm memory) and is sent as a Blob of those pieces; a split export
// answers one part per request.
async function exportInputs(request, env) {
  const url = new URL(request.url);
  const to = url.searchParams.get('to');
  const core = await getCore();
  const known = core.exportFormats();
  const format = known.find((f) => f.id === to);
  if (!format) {
    throw new HttpError(400, `query parameter "to" must be one of ${known.map((f) => f.id).join(', ')}` +
        (to === null ? '' : `, not ${JSON.stringify(to.slice(0, 40))}`));
  }
  const partText = url.searchParams.get('part') ?? '1';
  if (!/^[1-9][0-9]{0,5}$/.test(partText)) {
    throw new HttpError(400, `query parameter "part" must be a number from 1, not ${JSON.stringify(partText.slice(0, 40))}`);
  }
  const part = Number(partText);
  return withInputs(request, env, (analyzer, inCore) => {
    const {parts, error} = inCore(() => analyzer.exportChunks(format.id));
    if (error) throw new Error(`export ${format.id}: ${error.message}`);
    if (part > parts.length) {
      throw new HttpError(400, `the export has ${parts.length} part${parts.length === 1 ? '' : 's'}, not ${part}`);
    }
    const name = `exposure-lens${part > 1 ? `-${part}` : ''}${format.extension}`;
    return new Response(new Blob(parts[part - 1]), {
      status: 200,
      headers: {
        'Content-Type': format.mediaType,
        'Content-Disposition': `attachment; filename="${name}"`,
        'X-Exposure-Parts': String(parts.length),
      },
    });
  });
}

// Reads a request body into one reused buffer where the runtime allows it
// (a byte stream: workerd's bodies are): the upload then leaves no garbage
// chunk behind per read (a 100 MB upload held 59 MB of them at its peak
// with a default reader, 16 MB with this one). read() resolves like a
// default reader's; each value is valid until the next read().
function bodyReader(body) {
  let byob;
  try {
    byob = body.getReader({mode: 'byob'});
  } catch {
    return body.getReader();
  }
  let buffer = new ArrayBuffer(UPLOAD_BUFFER_BYTES);
  return {
    async read() {
      const result = await byob.read(new Uint8Array(buffer));
      if (!result.done) buffer = result.value.buffer;
      return result;
    },
    cancel() {
      return byob.cancel();
    },
  };
}

// The report as a response body rendered while it is sent: one piece
// (about 1 MiB) at a time in wasm memory and in JavaScript, however large
// the report (often larger than the export). The report keeps its analysis
// alive after analyzer.delete() and frees it once sent or cancelled (the
// client went away). The first piece is rendered before the response
// starts, so a failure to begin is still an error status; a failure later
// can only cut the body short.
function reportBody(analyzer, detail, pretty, inCore) {
  const report = inCore(() => analyzer.openReport(detail, {pretty}));
  const close = () => {
    try {
      report.close();
    } catch (err) {
      console.error('edge worker: closing a report failed:', err && err.stack ? err.stack : err);
    }
  };
  // The pieces are copied into one buffer, reused: a new buffer per piece
  // (a report of 300 MB is 300 of them) would be garbage that the isolate
  // holds until it is collected, most of the memory a request took.
  let buffer = new Uint8Array(REPORT_BUFFER_BYTES);
  // The next piece in `buffer` (a view of it), or null at the end; throws
  // on a failure of the core, or of the report when it is incomplete.
  const nextPiece = () => {
    const view = inCore(() => report.nextView());
    if (!view) {
      const error = report.error();
      close();
      if (error) throw new Error(`incomplete report: ${error.message}`);
      return null;
    }
    if (view.length > buffer.length) buffer = new Uint8Array(view.length);
    buffer.set(view);
    return buffer.subarray(0, view.length);
  };
  let first;
  try {
    first = nextPiece();
  } catch (err) {
    close();
    throw err;
  }
  if (typeof IdentityTransformStream === 'function') {
    // workerd's own stream: a write settles once the bytes were taken by
    // the response, so the buffer may be refilled then.
    const {readable, writable} = new IdentityTransformStream();
    const writer = writable.getWriter();
    (async () => {
      let piece = first;
      try {
        while (piece) {
          try {
            await writer.write(piece);
          } catch {
            close();  // the client went away: nothing to tell
            return;
          }
          piece = nextPiece();
        }
        await writer.close();
      } catch (err) {
        // The core failed, or the report is incomplete: the body is cut
        // short (its status was sent with the first piece).
        close();
        console.error(`edge worker: ${err && err.message ? err.message : err}`);
        writer.abort(err).catch(() => {});
      }
    })();
    return readable;
  }
  // Elsewhere a plain stream, one copy per piece.
  return new ReadableStream({
    start(controller) {
      if (first) controller.enqueue(first.slice());
      else controller.close();
      first = null;
    },
    pull(controller) {
      let piece;
      try {
        piece = nextPiece();
      } catch (err) {
        console.error(`edge worker: ${err.message}`);
        controller.error(err);
        return;
      }
      if (piece) controller.enqueue(piece.slice());
      else controller.close();
    },
    cancel: close,
  }, {highWaterMark: 1});
}

async function health() {
  const core = await getCore();
  return jsonResponse({status: 'ok', version: core.version()});
}

async function formats() {
  const core = await getCore();
  return jsonResponse(core.formats());
}

// Per-tenant API keys. The API_KEY_HASHES binding (a secret on Cloudflare,
// an environment variable for `serve`) is JSON {"tenant": "hex SHA-256 of
// the tenant's key"}; unset or empty: no keys, every request is served (a
// local or private deployment). A malformed value fails closed: every
// request but health is a 500 until it is fixed.
const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_API_KEY_LENGTH = 512;
let keyTableCache = {raw: undefined, table: null};

// [{tenant, hash: Uint8Array(32)}], or null when no keys are configured.
function keyTable(env) {
  const raw = env.API_KEY_HASHES;
  if (raw === keyTableCache.raw) return keyTableCache.table;
  let table = null;
  if (raw !== undefined && raw !== null && String(raw).trim() !== '') {
    let parsed;
    try {
      parsed = JSON.parse(String(raw));
    } catch {
      throw new Error('API_KEY_HASHES is not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('API_KEY_HASHES must be a JSON object {"tenant": "hex SHA-256"}');
    }
    table = [];
    for (const [tenant, hash] of Object.entries(parsed)) {
      if (!TENANT_NAME.test(tenant)) {
        throw new Error(`API_KEY_HASHES: tenant name ${JSON.stringify(tenant.slice(0, 80))} ` +
                        'must be 1-64 letters, digits, ".", "_" or "-"');
      }
      if (typeof hash !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hash)) {
        throw new Error(`API_KEY_HASHES: the hash of tenant ${tenant} is not 64 hex digits`);
      }
      table.push({tenant, hash: hexBytes(hash)});
    }
    if (table.length === 0) throw new Error('API_KEY_HASHES names no tenant');
  }
  keyTableCache = {raw, table};
  return table;
}

function hexBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes;
}

// The tenant whose key the request carries (null when no keys are
// configured), or a 401. The key's SHA-256 is compared with every
// tenant's hash in full, without stopping at the first difference or the
// first match, so the time taken says nothing about how close a guess was
// or which tenant matched.
async function authenticate(request, env) {
  const table = keyTable(env);
  if (table === null) return null;
  const refuse = (why) => new HttpError(401, `${why}: send "Authorization: Bearer KEY"`,
      {'WWW-Authenticate': 'Bearer realm="exposure-lens"'});
  const header = request.headers.get('Authorization');
  if (header === null) throw refuse('missing API key');
  const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(header);
  if (!match || match[1].length > MAX_API_KEY_LENGTH) throw refuse('malformed Authorization header');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(match[1])));
  let tenant = null;
  for (const entry of table) {
    let diff = 0;
    for (let i = 0; i < 32; i++) diff |= digest[i] ^ entry.hash[i];
    if (diff === 0 && tenant === null) tenant = entry.tenant;
  }
  if (tenant === null) throw refuse('invalid API key');
  return tenant;
}

// Parses ALLOW_ORIGIN: null when CORS is off, else '*' or a Set of origins.
function corsPolicy(env) {
  const raw = env.ALLOW_ORIGIN;
  if (raw === undefined || raw === null) return null;
  const origins = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
  if (origins.length === 0) return null;
  if (origins.includes('*')) return '*';
  return new Set(origins);
}

// The CORS headers for this request, or {} when none apply (CORS off, or the
// Origin is not allowed: then the browser blocks the response, as intended).
function corsHeaders(request, env) {
  const policy = corsPolicy(env);
  if (!policy) return {};
  // A split export says how many parts it has, and names its file; a diff
  // says what its gates count.
  const expose = 'X-Exposure-Parts, Content-Disposition, X-Exposure-Gates, X-Exposure-Gates-Tripped';
  if (policy === '*') {
    return {'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': expose};
  }
  const headers = {'Vary': 'Origin'};
  const origin = request.headers.get('Origin');
  if (origin && policy.has(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Expose-Headers'] = expose;
  }
  return headers;
}

async function route(request, env, context) {
  const {pathname} = new URL(request.url);
  const routeMethods = Object.hasOwn(ROUTES, pathname) ? ROUTES[pathname] : null;
  if (!routeMethods) {
    throw new HttpError(404, `no such endpoint: ${pathname}`);
  }
  const allow = allowedMethods(routeMethods);
  if (request.method === 'OPTIONS') {
    const headers = {'Allow': allow};
    const cors = corsHeaders(request, env);
    if (cors['Access-Control-Allow-Origin']) {
      headers['Access-Control-Allow-Methods'] = allow;
      // The API takes a raw body and a query string: Content-Type and,
      // with API keys, Authorization are what a browser client sends.
      headers['Access-Control-Allow-Headers'] = 'Content-Type, Authorization';
      headers['Access-Control-Max-Age'] = '600';
    }
    return new Response(null, {status: 204, headers});
  }
  const handler = Object.hasOwn(routeMethods, request.method) ?
    routeMethods[request.method] : null;
  if (!handler) {
    throw new HttpError(405, `method ${request.method} not allowed on ${pathname}; allowed: ${allow}`,
        {'Allow': allow});
  }
  // Health stays open for load balancers and uptime checks: it says only
  // that the core loads, and its version.
  if (pathname !== '/v1/health') {
    context.tenant = await authenticate(request, env);
  }
  const response = await handler(request, env, context);
  if (request.method === 'HEAD') {
    return new Response(null, {status: response.status, headers: response.headers});
  }
  return response;
}

// Headers every response carries, success or error.
function finish(response, request, env) {
  const headers = new Headers(response.headers);
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Cache-Control', 'no-store');
  let cors = {};
  try {
    cors = corsHeaders(request, env);
  } catch {
    // A CORS misconfiguration must not turn into an unhandled exception.
  }
  for (const [key, value] of Object.entries(cors)) {
    // Vary may already be set; append rather than overwrite.
    if (key === 'Vary') headers.append(key, value);
    else headers.set(key, value);
  }
  return new Response(response.body, {status: response.status, headers});
}

export default {
  async fetch(request, env, ctx) {
    const started = Date.now();
    const context = {tenant: null};
    let response;
    try {
      response = await route(request, env, context);
    } catch (err) {
      if (err instanceof HttpError) {
        response = errorResponse(err.status, err.message, err.headers);
      } else {
        // A bug or a failed core load: log the details for the operator, but
        // give the client only a generic message (no stack, no internals).
        console.error('edge worker: unexpected error:', err && err.stack ? err.stack : err);
        response = errorResponse(500, 'internal error');
      }
    }
    response = finish(response, request, env);
    logRequest(request, response, context, started);
    return response;
  },
};

// One line per request for the operator: the tenant, the endpoint and the
// outcome. Never the data: no file names, no query string, no body.
function logRequest(request, response, context, started) {
  const {pathname} = new URL(request.url);
  console.log(JSON.stringify({
    tenant: context.tenant,
    method: request.method,
    path: pathname,
    status: response.status,
    ms: Date.now() - started,
  }));
}
