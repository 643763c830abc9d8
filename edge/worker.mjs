// Exposure Lens edge worker (workerd / Cloudflare Workers, ES module syntax).
//
// Runs the same wasm core as the CLI and the dashboard. The HTTP contract:
//   POST /v1/analyze?name=FILE  body = raw scanner export (streamed, any size up
//                               to MAX_BODY_BYTES) -> 200 JSON report, the same
//                               bytes `exposure analyze FILE` prints;
//                               &detail=table: the bytes of
//                               `exposure analyze --detail table FILE`
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
//   POST /v1/export?to=FORMAT   the same inputs -> the bytes of `exposure
//                               export --to FORMAT FILE...` (sarif, ocsf,
//                               jira-csv, csv, openvex, cyclonedx-vex, html,
//                               markdown); X-Exposure-Parts says how many files
//                               the export has, &part=N (1-based) gives file N
// A multipart body may carry a `decisions` field (docs/mobilization.md) next
// to `policy`: both apply to analyze, coverage, plan and export alike.
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

// Used when the MAX_BODY_BYTES binding is absent (e.g. deployed without it).
const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;
// Bytes of the upload read at a time (see bodyReader).
const UPLOAD_BUFFER_BYTES = 256 * 1024;
// The name only labels the input in the report; a cap keeps it sane.
const MAX_NAME_LENGTH = 1024;
// Parts of one multipart request (files and the policy field).
const MAX_PARTS = 64;
// The policy and decisions fields' text, each.
const MAX_POLICY_BYTES = 1024 * 1024;
const MAX_DECISIONS_BYTES = 4 * 1024 * 1024;

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
  '/v1/export': {POST: exportInputs},
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

// Parses the configured limit. A malformed value is a deployment error: fail
// closed (500) rather than silently accept unbounded bodies.
function maxBodyBytes(env) {
  const raw = env.MAX_BODY_BYTES;
  if (raw === undefined || raw === null || raw === '') {
    return DEFAULT_MAX_BODY_BYTES;
  }
  const text = String(raw).trim();
  if (!/^[0-9]+$/.test(text)) {
    throw new Error(`MAX_BODY_BYTES is not a whole number: ${JSON.stringify(raw)}`);
  }
  return Number(text);
}

function tooLarge(limit) {
  return new HttpError(413, `request body exceeds the limit of ${limit} bytes`);
}

// Runs `respond(analyzer, inCore)` on an analyzer fed with the request's
// inputs: the raw body as one file named by ?name=, or the files of a
// multipart/form-data body. The analyzer is freed when this returns
// (a report streamed from it keeps what it needs).
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

  const limit = maxBodyBytes(env);
  // Reject a declared oversize body before reading any of it.
  const declared = request.headers.get('Content-Length');
  if (declared !== null) {
    const length = Number(declared);
    if (Number.isFinite(length) && length > limit) {
      throw tooLarge(limit);
    }
  }

  const promise = getCore();
  const core = await promise;
  // Runs a call into the core. Problems with the upload come back as
  // values (in the report's inputs[].errors); a throw is the core failing
  // (a CoreError: memory exhausted, a bug) or a trap, after which the
  // instance is suspect and no later request gets it.
  const inCore = (fn) => {
    try {
      return fn();
    } catch (err) {
      dropCore(promise);
      throw err;
    }
  };

  const analyzer = inCore(() => core.newAnalyzer());
  try {
    const sink = boundary === null ?
      rawSink(analyzer, name, inCore) : multipartSink(analyzer, boundary, inCore);
    if (request.body) {
      // Count while streaming: chunked uploads have no Content-Length, and
      // the declared one is only trusted for the early reject above.
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
    return respond(analyzer, inCore);
  } finally {
    // Free the session whatever happened; a failure here must not mask the
    // original outcome, so it only retires the instance and is logged.
    try {
      analyzer.delete();
    } catch (err) {
      dropCore(promise);
      console.error('edge worker: analyzer.delete() failed:', err && err.stack ? err.stack : err);
    }
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

// The raw body is one input.
function rawSink(analyzer, name, inCore) {
  inCore(() => analyzer.begin(name));
  return {
    push: (bytes) => inCore(() => analyzer.feed(bytes)),
    finish: () => inCore(() => analyzer.end()),
  };
}

// Each file part of a multipart body is one input, analyzed as it
// arrives; the `policy` and `decisions` fields (no filename) are read whole
// (they are small) and applied before the report is made.
function multipartSink(analyzer, boundary, inCore) {
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
        files++;
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
        return;
      }
      part.bytes += bytes.length;
      if (part.bytes > part.limit) {
        throw new HttpError(400, `the ${part.field} field is larger than ${part.limit} bytes`);
      }
      part.text += decoder.decode(bytes, {stream: true});
    },
    onPartEnd() {
      if (part.file) {
        inCore(() => analyzer.end());
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
  const wrap = (fn) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof MultipartError) throw new HttpError(400, err.message);
      throw err;
    }
  };
  return {
    push: (bytes) => wrap(() => reader.push(bytes)),
    finish: () => wrap(() => {
      reader.finish();
      if (files === 0) throw new HttpError(400, 'the multipart body has no file part');
    }),
  };
}

async function analyze(request, env) {
  const url = new URL(request.url);
  const detail = url.searchParams.get('detail') ?? 'full';
  if (detail !== 'full' && detail !== 'table') {
    throw new HttpError(400, `query parameter "detail" must be "full" or "table", not ${JSON.stringify(detail.slice(0, 40))}`);
  }
  return withInputs(request, env, (analyzer, inCore) => new Response(
      reportBody(analyzer, detail, inCore), {
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
  const format = url.searchParams.get('format') ?? 'json';
  const types = {json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8',
    markdown: 'text/markdown; charset=utf-8', text: 'text/plain; charset=utf-8'};
  if (!Object.hasOwn(types, format)) {
    throw new HttpError(400, `query parameter "format" must be json, csv, markdown or text, not ${JSON.stringify(format.slice(0, 40))}`);
  }
  const topText = url.searchParams.get('top') ?? '0';
  if (!/^[0-9]{1,7}$/.test(topText)) {
    throw new HttpError(400, `query parameter "top" must be a whole number, not ${JSON.stringify(topText.slice(0, 40))}`);
  }
  return withInputs(request, env, (analyzer, inCore) => {
    const {text, error} = inCore(() => analyzer.plan(format, Number(topText)));
    if (error) throw new Error(`plan: ${error.message}`);
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
function reportBody(analyzer, detail, inCore) {
  const report = inCore(() => analyzer.openReport(detail));
  const close = () => {
    try {
      report.close();
    } catch (err) {
      console.error('edge worker: closing a report failed:', err && err.stack ? err.stack : err);
    }
  };
  let first;
  try {
    first = inCore(() => report.next());
  } catch (err) {
    close();
    throw err;
  }
  const failure = () => {
    const error = report.error();
    close();
    return error ? new Error(`incomplete report: ${error.message}`) : null;
  };
  if (!first) {
    const error = failure();
    if (error) throw error;
  }
  return new ReadableStream({
    start(controller) {
      if (first) controller.enqueue(first);
      else controller.close();
      first = null;
    },
    pull(controller) {
      let piece;
      try {
        piece = inCore(() => report.next());
      } catch (err) {
        close();
        controller.error(err);
        return;
      }
      if (piece) {
        controller.enqueue(piece);
        return;
      }
      const error = failure();
      if (error) {
        console.error(`edge worker: ${error.message}`);
        controller.error(error);
      } else {
        controller.close();
      }
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
  // A split export says how many parts it has, and names its file.
  const expose = 'X-Exposure-Parts, Content-Disposition';
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

async function route(request, env) {
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
      // The API takes a raw body and a query string; Content-Type is the only
      // request header a browser client needs to send.
      headers['Access-Control-Allow-Headers'] = 'Content-Type';
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
  const response = await handler(request, env);
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
    let response;
    try {
      response = await route(request, env);
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
    return finish(response, request, env);
  },
};
