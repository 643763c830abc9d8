// The Exposure Lens Node API: the wasm core (the same bytes as the native
// CLI for the same inputs) on files, buffers or streams. Every call runs
// its own analysis and frees it before it returns; calls may overlap.
//
//   import {analyze, plan, exportFindings, diff} from 'exposure-lens';
//   const report = await analyze(['scan.nessus', {name: 'img.json', stream}]);
//
// An input is a file path (string or file: URL), or {name, path},
// {name, bytes} (Uint8Array, ArrayBuffer or string) or {name, stream} (a
// Node Readable, a web ReadableStream or any async iterable of chunks).
// Inputs stream into the core 256 KiB at a time; no file is read whole.
// Problems with an input's content are not exceptions: they are in the
// report's inputs[].errors, as with the CLI. A bad argument is a
// TypeError; a file that cannot be read, an invalid policy or decisions
// file, an unknown output format reject the call with an Error naming it.

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadCore} from './core.mjs';

const CHUNK_BYTES = 256 * 1024;
const here = path.dirname(fileURLToPath(import.meta.url));

let corePromise = null;
// One core per process, loaded on first use; a failed load is retried.
function getCore() {
  if (!corePromise) {
    corePromise = fs.promises.readFile(path.join(here, 'exposure_core.wasm'))
      .then((wasmBinary) => loadCore({wasmBinary}))
      .catch((err) => {
        corePromise = null;
        throw err;
      });
  }
  return corePromise;
}

export async function version() {
  return (await getCore()).version();
}

// [{id, name, ...}] of the input formats the core reads.
export async function formats() {
  return (await getCore()).formats();
}

function inputName(input) {
  if (typeof input === 'string') return path.basename(input);
  if (input instanceof URL) return path.basename(fileURLToPath(input));
  if (input && typeof input === 'object') {
    if (typeof input.name === 'string' && input.name) return input.name;
    if (typeof input.path === 'string') return path.basename(input.path);
  }
  throw new TypeError('an input is a path, a file: URL, or {name, path | bytes | stream}');
}

function toBytes(chunk) {
  if (typeof chunk === 'string') return new TextEncoder().encode(chunk);
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('a chunk of an input must be bytes or a string');
}

// The input's bytes, a chunk at a time.
async function* chunksOf(input) {
  let file = null;
  if (typeof input === 'string') file = input;
  else if (input instanceof URL) file = fileURLToPath(input);
  else if (typeof input.path === 'string') file = input.path;
  if (file !== null) {
    yield* fs.createReadStream(file, {highWaterMark: CHUNK_BYTES});
    return;
  }
  if (input.bytes !== undefined) {
    const bytes = toBytes(input.bytes);
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
    return;
  }
  if (input.stream && typeof input.stream[Symbol.asyncIterator] === 'function') {
    for await (const chunk of input.stream) yield toBytes(chunk);
    return;
  }
  throw new TypeError(`input ${inputName(input)}: give a path, bytes or a stream`);
}

function inputList(inputs, what = 'inputs') {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  if (list.length === 0) throw new TypeError(`${what}: give at least one input`);
  for (const input of list) inputName(input);  // checks the shape
  return list;
}

// Feeds every input to `session` (an analyzer or a tracker side). A file
// that cannot be read rejects the call (the session is freed by the
// caller).
async function feedAll(session, inputs) {
  for (const input of inputs) {
    session.begin(inputName(input));
    for await (const chunk of chunksOf(input)) session.feed(chunk);
    session.end();
  }
}

function textOf(value) {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function applySettings(session, {policy, decisions} = {}) {
  for (const [what, value] of [['policy', policy], ['decisions', decisions]]) {
    const text = textOf(value);
    if (text === null) continue;
    const error = what === 'policy' ? session.setPolicy(text) : session.setDecisions(text);
    if (error) throw new Error(`${what}: ${error.message}`);
  }
}

// Runs `fn(analyzer)` on an analyzer fed with `inputs` and the options'
// policy and decisions, and frees it.
async function withAnalysis(inputs, options, fn) {
  const list = inputList(inputs);
  const core = await getCore();
  const analyzer = core.newAnalyzer();
  try {
    applySettings(analyzer, options);
    await feedAll(analyzer, list);
    return fn(analyzer);
  } finally {
    analyzer.delete();
  }
}

// The report (`exposure analyze`), parsed. options.detail 'table' gives
// the findings table's subset (`--detail table`). reportStream's
// options.pretty indents the bytes (`--pretty`).
export async function analyze(inputs, options = {}) {
  const text = await withAnalysis(inputs, options, (a) => {
    const parts = a.reportParts(options.detail ?? 'full');
    if (parts.error) throw new Error(`the report is incomplete: ${parts.error.message}`);
    return Buffer.concat(parts.parts).toString('utf8');
  });
  return JSON.parse(text);
}

// The report's bytes as a web ReadableStream, rendered as it is read: for
// reports too large to hold (the inputs are read before it starts; the
// stream keeps what it needs of the analysis).
export function reportStream(inputs, options = {}) {
  return withAnalysis(inputs, options,
    (a) => a.reportStream(options.detail ?? 'full', {pretty: Boolean(options.pretty)}));
}

// `exposure plan --format F --top N`: the text.
export function plan(inputs, options = {}) {
  return withAnalysis(inputs, options, (a) => {
    const {text, error} = a.plan(options.format ?? 'json', options.top ?? 0);
    if (error) throw new Error(`plan: ${error.message}`);
    return text;
  });
}

// `exposure paths --format F --jewel J...`: the text.
export function paths(inputs, options = {}) {
  return withAnalysis(inputs, options, (a) => {
    const {text, error} = a.paths(options.format ?? 'json', options.jewels ?? []);
    if (error) throw new Error(`paths: ${error.message}`);
    return text;
  });
}

// `exposure export --to FORMAT`: one Uint8Array per file of the export
// (SARIF and Jira CSV split; name file n > 0 "NAME-<n+1>.ext").
export function exportFindings(inputs, options = {}) {
  if (typeof options.to !== 'string') throw new TypeError('exportFindings: options.to names the format');
  return withAnalysis(inputs, options, (a) => {
    const {parts, error} = a.exportAs(options.to);
    if (error) throw new Error(`export: ${error.message}`);
    return parts;
  });
}
export {exportFindings as export};

// `exposure snapshot`: its bytes (zstd-compressed JSON lines).
export function snapshot(inputs, options = {}) {
  return withAnalysis(inputs, options, (a) => {
    const {bytes, error} = a.snapshot();
    if (error) throw new Error(`snapshot: ${error.message}`);
    return bytes;
  });
}

// Runs `fn(tracker)` after adding each snapshot: `sides` is [[kind,
// inputs], ...]; each entry one snapshot made of its inputs (snapshots,
// reports or scanner exports).
async function withTracker(sides, options, fn) {
  const core = await getCore();
  const tracker = core.newTracker();
  try {
    applySettings(tracker, options);
    for (const [kind, inputs, label] of sides) {
      const error = tracker.side(kind);
      if (error) throw new Error(error.message);
      await feedAll(tracker, inputList(inputs, label));
      const closed = tracker.close();
      if (closed.error) throw new Error(`${label}: ${closed.error.message}`);
    }
    return fn(tracker);
  } finally {
    tracker.delete();
  }
}

// `exposure diff --old OLD... --new NEW... --history H... --format F
// --top N --fail-on G...`: {text, gates: [{gate, count}]} (gates only
// with options.failOn; a gate counting any finding is where the CLI exits
// 3). old and new: inputs of one snapshot each; options.history: an array
// of earlier snapshots, each its inputs.
export function diff(oldInputs, newInputs, options = {}) {
  const history = (options.history ?? []).map((h, i) => ['history', h, `history[${i}]`]);
  return withTracker([['old', oldInputs, 'old'], ['new', newInputs, 'new'], ...history], options, (t) => {
    const {text, error} = t.diff(options.format ?? 'json', options.top ?? 0);
    if (error) throw new Error(`diff: ${error.message}`);
    if (!options.failOn) return {text, gates: []};
    const counted = t.gates(options.failOn);
    if (counted.error) throw new Error(counted.error.message);
    return {text, gates: counted.gates};
  });
}

// `exposure trend --format F`: points is an array, oldest first, each one
// snapshot (its inputs).
export function trend(points, options = {}) {
  if (!Array.isArray(points) || points.length === 0) throw new TypeError('trend: give at least one point');
  return withTracker(points.map((p, i) => ['point', p, `point ${i + 1}`]), options, (t) => {
    const {text, error} = t.trend(options.format ?? 'json');
    if (error) throw new Error(`trend: ${error.message}`);
    return text;
  });
}
