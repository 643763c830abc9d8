// The messages between the dashboard page (app.js) and its analysis worker
// (worker.js): the one definition both import. Each side makes what it
// sends with the constructors below (toWorker.analyze({...}),
// toPage.fileDone({...})) and reads what it receives with receiver(), so a
// misspelt type, a missing field, a field of the wrong kind or one the
// message does not have throws a ProtocolError where it happens instead of
// being dropped in silence.
//
// Page -> worker (ToWorker):
//   analyze {session, batch, memoryMb?, items: [{id, name, file?: File, url?: string}]}
//       Analyze the items, in order, into the session's analyzer. An item has
//       either a File (read with file.stream()) or a same-origin URL (fetched
//       and read from the response body). Files of one session accumulate:
//       the report always covers every file analyzed since the last reset.
//       memoryMb (the first batch of a session decides; default: the
//       worker's): what the session's analysis keeps in wasm memory before
//       it moves findings to a file of the origin private file system, when
//       the browser has one.
//   report-file {session, report}
//       Make the full report numbered `report` (see 'report') into a file to
//       download. Ignored unless it is the session's latest.
//   reset {session}
//       Drop the current session (its analyzer is deleted) and start a new,
//       empty one with the given id.
//   classify {request, files: [File]}
//       Say which files are threat intel (a CISA KEV catalog, an EPSS CSV,
//       CISA Vulnrichment records or table, a Metasploit, Exploit-DB or
//       Nuclei table) or a decisions file rather than scanner exports, from
//       their content.
//   set-decisions {session, request, decisions}
//       decisions: the text of a decisions file (docs/mobilization.md,
//       {"decisions": [...]}) that replaces the active one. The worker keeps
//       it for every later analysis too (a reset keeps it), applies it to
//       the session's analysis and, when that has a report, sends the
//       report again (the statuses, open risk and plan change). Answered by
//       'decisions-set'.
//   export {session, request, format}
//       Export the session's analysis as `format` (an id of 'ready''s
//       exportFormats: `exposure export --to FORMAT`). Answered by
//       'export-file'.
//   intel-preview {request, kev: File|null, epss: File|null, vulnrichment: [File],
//                  metasploit: File|null, exploitdb: File|null,
//                  nuclei: File|null, notes: [string]}
//       Build a threat-intel bundle from the files (a part without a file
//       is kept from the active bundle; Vulnrichment files add to its SSVC
//       assessments) but do not use it yet: answered by 'intel-proposal',
//       which says what would change. The bundle waits for 'intel-apply'
//       with the same request (a later preview or a reset drops it). Only
//       the page's threat-intel panel sends this: intel never changes
//       because of a file dropped among scans.
//   intel-apply {request}
//       Make the previewed bundle the active one, save it (IndexedDB, see
//       intel_store.js) and re-assess the session's findings with it.
//       The 'intel' message that follows names the files taken as intel
//       in its first note, followed by the preview's notes.
//       An unknown or dropped request: 'intel-error', nothing changes.
//   intel-discard {request}
//       Drop the previewed bundle.
//   intel-reset {}
//       Go back to the built-in bundle (and forget the saved one).
//   close-spills {}
//       The page is going away (pagehide): if the session's analysis keeps
//       findings in a spill file, delete the analysis now, which closes and
//       deletes the file, rather than leave scan data on disk until the
//       next visit. Answered by 'spills-closed' when there was one.
//
// Snapshots, kept in this browser (IndexedDB, see snapshot_store.js) per
// workspace (a name; the page's default is "default"), and compared over
// time with the core's tracker (core/track: diff and trend):
//   snapshot-list {request, workspace}
//       Answered by 'snapshots'.
//   snapshot-save {session, request, workspace, name}
//       Save the snapshot of the session's analysis (`exposure snapshot`)
//       in the workspace, named `name` ('' = after its files). Runs in the
//       queue, so it covers every file and decision sent before it.
//       Answered by 'snapshots'.
//   snapshot-import {request, workspace, files: [File]}
//       Save snapshot files (.snap: `exposure snapshot --out`) in the
//       workspace; a file that is no snapshot is refused with a note.
//       Answered by 'snapshots'.
//   snapshot-delete {request, workspace, id}
//       Delete a saved snapshot. Answered by 'snapshots'.
//   snapshot-export {request, id}
//       The saved snapshot's bytes, to download. Answered by 'snapshot-file'.
//   diff {request, workspace, old, new, format}
//       `exposure diff --format FORMAT` of two saved snapshots (ids), with
//       the workspace's snapshots older than `old` as the history (so that
//       reopened findings are told from new ones). Answered by 'diff-done'.
//   trend {request, workspace, format}
//       `exposure trend --format FORMAT` of every snapshot of the workspace.
//       Answered by 'trend-done'.
//   track {request, files: [File]}
//       The trend of the snapshot files given (each one point, in any
//       order: the tracker sorts by as_of) and the diff of the newest one
//       against the one before it (the older ones as its history; a single
//       snapshot against itself, so that its findings are all listed, as
//       persisting), both JSON, without storing anything. For a page that
//       shows snapshots it was handed (the <exposure-lens> widget). Answered
//       by 'trend-done' (workspace '') and then 'diff-done' (old and new 0).
//
// Workspaces (docs/workspaces.md): one is open at a time in the worker; its
// decisions, policy and threat intel are what the analyses get, and it
// keeps what the page changes of them. Each of these is answered by
// 'workspace' (export by 'workspace-file'):
//   workspace-open {request, name, passphrase}
//       Open workspace `name` ('' = "default"); an encrypted one is
//       unlocked with `passphrase`, or stays locked ('' or a wrong one).
//   workspace-create {request, name, passphrase}
//       Create and open a workspace, encrypted when passphrase is not ''.
//   workspace-lock {request}        forget the open workspace's key
//   workspace-delete {request, name}
//       Delete every stored byte of the workspace; if it was open, the
//       default one opens.
//   workspace-rename {request, name, to}
//       Rename workspace `name` to `to` (refused when `to` is taken).
//   workspace-export {request, name}    the workspace as one file
//   workspace-import {request, file}
//       Add the workspace of an export file and open it (locked if
//       encrypted); refused when its name is taken.
//   set-policy {policy, name}
//       The policy the page now sends with analyses (null: the built-in
//       one), to keep in the open workspace.
//
// Worker -> page (ToPage); the messages about a session carry its id so
// that the page can ignore those that arrive after a reset:
//   ready {version, formats, exportFormats}
//       The core loaded: its version, the scanner formats it reads
//       (core.formats()) and the formats it exports (core.exportFormats():
//       [{id, mediaType, extension}]).
//   fatal {message}                         the core failed to load, or a bug
//   file-start {session, id, size}          size in bytes, null if unknown
//   file-format {session, id, format}       format sniffed from the head ('' unknown)
//   progress {session, id, bytes, size, findings}
//       findings: while the file is read, about how many findings its bytes
//       so far hold (records counted by a marker of the format: the core
//       has no findings-so-far call), null when the format has no marker;
//       the file's last progress gives the analyzer's own count.
//   file-done {session, id, input, readError}
//       input: the object analyzer.end() returned (wasm/API.md), null when
//       the file could not be opened at all; readError: null, or a string
//       when reading failed (the part read before the failure is still
//       analyzed).
//   report-rows {session, batch, rows}
//       A slice of the findings table's rows (TableRowsReader in rows.js,
//       made from the report's table detail as it is rendered), in order; a
//       report's slices all come before it. Slices keep each message short
//       to deserialize, so the page never stalls on one.
//   report-assets {session, batch, assets}
//       A slice of the assets table's rows (TableRowsReader), in report
//       order, sent like 'report-rows' and before the report's findings.
//   report-exposures {session, batch, exposures: [{id, sources, findings}]}
//       A slice of the exposures that two or more findings report, in
//       report order, sent after the report's findings; the page groups
//       the rows of each id into one (exposureRows in rows.js).
//   report-actions {session, batch, actions}
//       A slice of the remediation plan's actions (TableRowsReader: rank,
//       title, risk removed, cumulative %, finding ids, asset names …), in
//       plan order, sent after the report's exposures and before
//       'report-coverage'.
//   report-coverage {session, batch, coverage, assets, exposures, actions}
//       Sent once the report's slices are all sent, just before 'report':
//       coverage is the report's (capCoverage in rows.js: each list capped,
//       with its total; null when the report is unreadable), assets,
//       exposures and actions how many elements the slices of each held.
//   report {session, batch, report, summary, attack, rows, spilledBytes, error}
//       Sent when the queue drains; batch is the last batch analyzed,
//       report the number of this report in the session (1, 2, ...),
//       summary the report's (null if unreadable), attack its attack
//       paths (attackPaths in rows.js; null when it has no graph), rows
//       how many rows its slices held, spilledBytes how many bytes of
//       findings went to the spill file. Sent again (same batch, after
//       new slices) when the active threat intel changes, since that
//       re-prioritizes. error: null, or a message when the report is
//       incomplete or unreadable.
//   report-file {session, report, blob, error}
//       Answers 'report-file': the full report (the bytes of `exposure
//       analyze`) as an application/json Blob. error as in 'report'.
//   export-file {session, request, format, blobs: [Blob], error}
//       Answers 'export': one Blob per file of the export (of the format's
//       media type; SARIF and Jira CSV may be split), none when error (a
//       message for the user, e.g. a format not available yet) is not null.
//   decisions-set {request, error}
//       Answers 'set-decisions': error null when the decisions are active,
//       else why the core refused them (nothing changed then).
//   classified {request, kinds: ['kev'|'epss'|'vulnrichment'|'metasploit'|
//       'exploitdb'|'nuclei'|'decisions'|'snapshot'|'']}   one kind per file
//   intel {intel, notes: [string]}
//       The active threat intel, at startup (restored or built-in) and after
//       every change. intel: {source: 'built-in'|'files', builtAt (ISO
//       time or null), bundle (the core's description, see wasm/API.md, or
//       null), kevFrom, epssFrom, ssvcFrom, metasploitFrom, exploitdbFrom,
//       nucleiFrom (where each part came from: a file name, "N files" or
//       'built-in', for SSVC possibly "X and Y"; null when the bundle has no
//       such part; a bundle saved before these parts existed lacks the new
//       ones)}.
//   intel-proposal {request, files: [{name, kind}], current, builtIn,
//                   proposed, notes, error}
//       Answers 'intel-preview': files as taken (kind: 'kev', 'epss', ...),
//       current the active bundle's description (wasm/API.md), builtIn the
//       built-in one's, proposed the description of the bundle that
//       'intel-apply' would make active (null, and error set, when a file
//       does not parse: nothing is pending then), notes what the build
//       has to say (a part kept from the bundle in use, ...).
//   spills-closed {session, closed}
//       Answers 'close-spills': closed is true when the session's analysis
//       was deleted with its spill file (the page must start over).
//   intel-busy {message}                    a build started
//   intel-error {message}                   a build failed; nothing changed
//   snapshots {request, workspace, workspaces, snapshots, notes, error}
//       The snapshots saved in `workspace`, oldest first (by as_of, then
//       when saved): [{id, workspace, name, as_of, saved (ISO time),
//       sources, findings, open, open_risk, size}] (no bytes); workspaces:
//       the names of every workspace that has a snapshot; notes: what an
//       import or save has to say; error: null, or why the request failed
//       (the list is still the store's).
//   snapshot-file {request, name, blob, error}
//       Answers 'snapshot-export': the snapshot's bytes and a file name,
//       or blob null and error.
//   diff-done {request, old, new, format, diff, blob, error}
//       Answers 'diff': for format 'json' `diff` is the parsed diff
//       (schema exposure-lens/diff/v1) and blob its bytes; for other
//       formats diff is null. error: null, or why no diff was made.
//   trend-done {request, workspace, format, trend, blob, error}
//       Answers 'trend', like 'diff-done' (schema exposure-lens/trend/v1).
//   workspace {request, name, encrypted, locked, decisions, policy,
//              policyName, workspaces: [{name, encrypted}], notes, error}
//       The workspace now open (after any workspace-* request): decisions
//       (a decisions file's text, '' = none) and policy (text or null) as
//       kept in it; locked: encrypted and not unlocked, so nothing of it is
//       loaded; error: why the request failed (a wrong passphrase, ...).
//   workspace-file {request, name, blob, error}
//       Answers 'workspace-export'.
//   notice {message}                     something the user should know

export class ProtocolError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ProtocolError';
  }
}

// Field kinds: what a value must be, in words for the error.
const kind = (what, test) => ({what, test});
const integer = kind('an integer', Number.isInteger);
const number = kind('a number', (v) => typeof v === 'number' && !Number.isNaN(v));
const string = kind('a string', (v) => typeof v === 'string');
const boolean = kind('a boolean', (v) => typeof v === 'boolean');
const object = kind('an object', (v) => v !== null && typeof v === 'object' && !Array.isArray(v));
const array = kind('an array', Array.isArray);
// File is a Blob; a realm without Blob has no file to send either.
const blob = kind('a Blob or File', (v) => typeof Blob !== 'undefined' && v instanceof Blob);
const nullable = (k) => kind(`${k.what} or null`, (v) => v === null || k.test(v));
const optional = (k) => kind(`${k.what} or absent`, (v) => v === undefined || k.test(v));
const arrayOf = (k) => kind(`an array of which each is ${k.what}`, (v) => Array.isArray(v) && v.every(k.test));
const item = kind('an item {id, name, file} or {id, name, url}', (v) => object.test(v)
  && Number.isInteger(v.id) && typeof v.name === 'string'
  && (blob.test(v.file) ? v.url === undefined : v.file === undefined && typeof v.url === 'string')
  && Object.keys(v).every((key) => ['id', 'name', 'file', 'url'].includes(key)));

// type -> {field: kind}. Fields are checked the same whether a message is
// made or received; rows of 'report-rows' (and of 'report-assets',
// 'report-exposures', 'report-actions') only as an array (they are many, and rows.js made
// them).
const TO_WORKER = {
  'analyze': {session: integer, batch: integer, memoryMb: optional(number), items: arrayOf(item),
    policy: optional(string)},
  'report-file': {session: integer, report: integer},
  'reset': {session: integer},
  'classify': {request: integer, files: arrayOf(blob)},
  'intel-preview': {request: integer, kev: nullable(blob), epss: nullable(blob), vulnrichment: arrayOf(blob),
    metasploit: nullable(blob), exploitdb: nullable(blob), nuclei: nullable(blob), notes: arrayOf(string)},
  'intel-apply': {request: integer},
  'intel-discard': {request: integer},
  'intel-reset': {},
  'close-spills': {},
  'set-decisions': {session: integer, request: integer, decisions: string},
  'export': {session: integer, request: integer, format: string},
  'snapshot-list': {request: integer, workspace: string},
  'snapshot-save': {session: integer, request: integer, workspace: string, name: string},
  'snapshot-import': {request: integer, workspace: string, files: arrayOf(blob)},
  'snapshot-delete': {request: integer, workspace: string, id: integer},
  'snapshot-export': {request: integer, id: integer},
  'diff': {request: integer, workspace: string, old: integer, new: integer, format: string},
  'trend': {request: integer, workspace: string, format: string},
  'track': {request: integer, files: arrayOf(blob)},
  'workspace-open': {request: integer, name: string, passphrase: string},
  'workspace-create': {request: integer, name: string, passphrase: string},
  'workspace-lock': {request: integer},
  'workspace-delete': {request: integer, name: string},
  'workspace-rename': {request: integer, name: string, to: string},
  'workspace-export': {request: integer, name: string},
  'workspace-import': {request: integer, file: blob},
  'set-policy': {policy: nullable(string), name: string},
};
const TO_PAGE = {
  'ready': {version: string, formats: array, exportFormats: array},
  'fatal': {message: string},
  'file-start': {session: integer, id: integer, size: nullable(number)},
  'file-format': {session: integer, id: integer, format: string},
  'progress': {session: integer, id: integer, bytes: number, size: nullable(number), findings: nullable(number)},
  'file-done': {session: integer, id: integer, input: nullable(object), readError: nullable(string)},
  'report-rows': {session: integer, batch: integer, rows: array},
  'report-assets': {session: integer, batch: integer, assets: array},
  'report-exposures': {session: integer, batch: integer, exposures: array},
  'report-actions': {session: integer, batch: integer, actions: array},
  'report-coverage': {session: integer, batch: integer, coverage: nullable(object),
    assets: integer, exposures: integer, actions: integer},
  'report': {session: integer, batch: integer, report: integer, summary: nullable(object),
    attack: nullable(object), rows: integer, spilledBytes: number, error: nullable(string)},
  'report-file': {session: integer, report: integer, blob, error: nullable(string)},
  'export-file': {session: integer, request: integer, format: string, blobs: arrayOf(blob),
    error: nullable(string)},
  'decisions-set': {request: integer, error: nullable(string)},
  'policy-error': {message: string},
  'classified': {request: integer, kinds: arrayOf(string)},
  'intel': {intel: object, notes: arrayOf(string)},
  'intel-proposal': {request: integer, files: arrayOf(object), current: nullable(object),
    builtIn: nullable(object), proposed: nullable(object), notes: arrayOf(string), error: nullable(string)},
  'spills-closed': {session: integer, closed: boolean},
  'intel-busy': {message: string},
  'intel-error': {message: string},
  'snapshots': {request: integer, workspace: string, workspaces: arrayOf(string), snapshots: arrayOf(object),
    notes: arrayOf(string), error: nullable(string)},
  'snapshot-file': {request: integer, name: string, blob: nullable(blob), error: nullable(string)},
  'diff-done': {request: integer, old: integer, new: integer, format: string, diff: nullable(object),
    blob: nullable(blob), error: nullable(string)},
  'trend-done': {request: integer, workspace: string, format: string, trend: nullable(object),
    blob: nullable(blob), error: nullable(string)},
  'workspace': {request: integer, name: string, encrypted: boolean, locked: boolean, decisions: string,
    policy: nullable(string), policyName: string, workspaces: arrayOf(object), notes: arrayOf(string),
    error: nullable(string)},
  'workspace-file': {request: integer, name: string, blob: nullable(blob), error: nullable(string)},
  'notice': {message: string},
};

// 'report-file' -> 'REPORT_FILE' (the constant), 'reportFile' (the maker).
const constantName = (type) => type.toUpperCase().replace(/-/g, '_');
const makerName = (type) => type.replace(/-(.)/g, (_, c) => c.toUpperCase());

// The type constants of one direction. Reading a constant it does not have
// (ToPage.REDY) throws rather than give undefined, which would compare
// unequal to every type without a word.
function typeConstants(schemas) {
  const table = Object.freeze(Object.fromEntries(Object.keys(schemas).map((t) => [constantName(t), t])));
  return new Proxy(table, {
    get(target, key) {
      if (typeof key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(key) && !Object.hasOwn(target, key)) {
        throw new ProtocolError(`no message type ${key}`);
      }
      return target[key];
    },
  });
}

export const ToWorker = typeConstants(TO_WORKER);
export const ToPage = typeConstants(TO_PAGE);

const SCHEMAS = new Map([[ToWorker, {name: 'page -> worker', schemas: TO_WORKER}],
  [ToPage, {name: 'worker -> page', schemas: TO_PAGE}]]);

// `message` checked against its type's fields; returned as is.
function check(direction, message) {
  const {name, schemas} = direction;
  if (!object.test(message)) throw new ProtocolError(`${name}: a message must be an object`);
  const {type} = message;
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) {
    throw new ProtocolError(`${name}: unknown message type ${JSON.stringify(type)}`);
  }
  const fields = schemas[type];
  for (const key of Object.keys(message)) {
    if (key !== 'type' && !Object.hasOwn(fields, key)) {
      throw new ProtocolError(`${name}: '${type}' has no field ${JSON.stringify(key)}`);
    }
  }
  for (const [key, k] of Object.entries(fields)) {
    if (!k.test(message[key])) {
      throw new ProtocolError(`${name}: '${type}'.${key} must be ${k.what}`);
    }
  }
  return message;
}

function makers(constants) {
  const direction = SCHEMAS.get(constants);
  return Object.freeze(Object.fromEntries(Object.keys(direction.schemas).map((type) => [
    makerName(type),
    (fields = {}) => {
      if (Object.hasOwn(fields, 'type')) throw new ProtocolError(`${direction.name}: '${type}' is made without a type field`);
      return check(direction, {type, ...fields});
    },
  ])));
}

// Message constructors: toWorker.analyze({session, batch, items}) for the
// page, toPage.fileDone({session, id, input, readError}) for the worker.
// Each returns the message, checked.
export const toWorker = makers(ToWorker);
export const toPage = makers(ToPage);

// A function that checks a message received (`data`, from ToWorker or
// ToPage as `constants` says) and calls the handler of its type with it,
// returning what the handler returns. `handlers` maps every type of the
// direction, and nothing else, to a function; this is checked here, once,
// so a type added without a handler fails when the page or worker loads.
export function receiver(constants, handlers) {
  const direction = SCHEMAS.get(constants);
  if (!direction) throw new ProtocolError('receiver: pass ToWorker or ToPage');
  const types = Object.keys(direction.schemas);
  for (const key of Object.keys(handlers)) {
    if (!types.includes(key)) throw new ProtocolError(`${direction.name}: a handler for unknown type ${JSON.stringify(key)}`);
  }
  for (const type of types) {
    if (typeof handlers[type] !== 'function') throw new ProtocolError(`${direction.name}: no handler for '${type}'`);
  }
  return (data) => {
    const message = check(direction, data);
    return handlers[message.type](message);
  };
}
