// Exposure Lens dashboard: UI thread only. All parsing and analysis happens in
// worker.js (the messages between the two are defined in protocol.js); this
// module turns the worker's messages into DOM updates.
//
// Security contract: every string that comes from a scanner export (titles,
// asset names, file names, error messages …) is untrusted and reaches the DOM
// only through textContent / createTextNode / element properties, never as
// markup.

import {ProtocolError, ToPage, receiver, toWorker} from './protocol.js';
import {RowTextPool, SCAN_CLASSES, SEVERITY_RANK, exposureRows, exposureRowsWith, gapLabel, str} from './rows.js';
import {PathsView} from './paths_view.js';
import {OverviewView, overviewTally, tallyRow} from './overview_view.js';
import {IntelView} from './intel_view.js';
import {PARETO_ACTIONS, actionsHeadline, niceCeiling, pctText, renderPareto} from './pareto_chart.js';
import {intelChanges} from './intel_check.js';
import {VirtualTable} from './virtual_table.js';
import {eachSliced, filterSliced, sortSliced} from './slices.js';
import {$, el, svg} from './dom.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const SEVERITY_LABEL = {critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info'};
// Actions drawn at once (the findings and assets tables draw only the rows
// in view, see virtual_table.js).
const MAX_ROWS = 2000;
// CVEs listed in a cell before collapsing the rest into "+N".
const MAX_CVES_SHOWN = 3;

const numberFormat = new Intl.NumberFormat();
const DEFAULT_WORKSPACE = 'default';

const els = {
  app: $('app'),
  banner: $('banner'),
  runStatus: $('run-status'),
  dropZone: $('drop-zone'),
  fileInput: $('file-input'),
  loadDemo: $('load-demo'),
  clear: $('clear'),
  cancel: $('cancel'),
  formatsNote: $('formats-note'),
  fileStatus: $('file-status'),
  download: $('download-report'),
  kevStat: $('kev-stat'),
  filter: $('filter'),
  tableNote: $('table-note'),
  table: $('findings-table'),
  tbody: $('findings-table').tBodies[0],
  tabs: $('view-tabs'),
  modeToggle: $('mode-toggle'),
  modeExposures: $('mode-exposures'),
  modeFindings: $('mode-findings'),
  countExposures: $('count-exposures'),
  countFindings: $('count-findings'),
  sourceHeader: $('source-header'),
  assetFilter: $('asset-filter'),
  assetsNote: $('assets-note'),
  assetsTable: $('assets-table'),
  assetsBody: $('assets-table').tBodies[0],
  coverageAsOf: $('coverage-asof'),
  coverageNote: $('coverage-note'),
  matrixBody: $('coverage-matrix').tBodies[0],
  coverageLists: $('coverage-lists'),
  coreVersion: $('core-version'),
  intelPanel: $('intel-panel'),
  intelStatus: $('intel-status'),
  intelActive: $('intel-active'),
  intelKev: $('intel-kev'),
  intelEpss: $('intel-epss'),
  intelSsvc: $('intel-ssvc'),
  intelExploits: $('intel-exploits'),
  intelError: $('intel-error'),
  intelNotes: $('intel-notes'),
  intelInput: $('intel-input'),
  intelReset: $('intel-reset'),
  intelPreview: $('intel-preview'),
  intelChanges: $('intel-changes'),
  intelWarnings: $('intel-warnings'),
  intelPreviewNotes: $('intel-preview-notes'),
  intelApply: $('intel-apply'),
  intelDiscard: $('intel-discard'),
  intelConfirmRow: $('intel-confirm-row'),
  intelConfirm: $('intel-confirm'),
  intelHeld: $('intel-held'),
  intelHeldFiles: $('intel-held-files'),
  intelHeldReview: $('intel-held-review'),
  intelHeldDismiss: $('intel-held-dismiss'),
  exportBar: $('export-bar'),
  decisionsNote: $('decisions-note'),
  downloadDecisions: $('download-decisions'),
  actionsHeadline: $('actions-headline'),
  actionsNote: $('actions-note'),
  pareto: $('pareto'),
  paretoChart: $('pareto-chart'),
  actionsTable: $('actions-table'),
  actionsBody: $('actions-table').tBodies[0],
  decideDialog: $('decide-dialog'),
  decideForm: $('decide-form'),
  decideTarget: $('decide-target'),
  decideStatus: $('decide-status'),
  decideJustificationField: $('decide-justification-field'),
  decideJustification: $('decide-justification'),
  decideReason: $('decide-reason'),
  decideUntil: $('decide-until'),
  decideBy: $('decide-by'),
  decideRemove: $('decide-remove'),
  decideCancel: $('decide-cancel'),
  trendView: $('view-trend'),
  workspace: $('workspace'),
  workspaceList: $('workspace-list'),
  workspacePanel: $('workspace-panel'),
  workspaceState: $('workspace-state'),
  workspaceNew: $('workspace-new'),
  workspaceLock: $('workspace-lock'),
  workspaceRename: $('workspace-rename'),
  workspaceRenameForm: $('workspace-rename-form'),
  workspaceRenameName: $('workspace-rename-name'),
  workspaceRenameCancel: $('workspace-rename-cancel'),
  workspaceExport: $('workspace-export'),
  workspaceImportInput: $('workspace-import-input'),
  workspaceDelete: $('workspace-delete'),
  workspaceCreateForm: $('workspace-create-form'),
  workspaceCreateName: $('workspace-create-name'),
  workspaceCreatePassphrase: $('workspace-create-passphrase'),
  workspaceCreateAgain: $('workspace-create-again'),
  workspaceCreateError: $('workspace-create-error'),
  workspaceCreateCancel: $('workspace-create-cancel'),
  workspaceUnlockForm: $('workspace-unlock-form'),
  workspacePassphrase: $('workspace-passphrase'),
  workspaceUnlockError: $('workspace-unlock-error'),
  workspaceDeleteConfirm: $('workspace-delete-confirm'),
  workspaceDeleteQuestion: $('workspace-delete-question'),
  workspaceDeleteYes: $('workspace-delete-yes'),
  workspaceDeleteNo: $('workspace-delete-no'),
  saveSnapshot: $('save-snapshot'),
  snapshotInput: $('snapshot-input'),
  snapshotStatus: $('snapshot-status'),
  snapshotNotes: $('snapshot-notes'),
  snapshotsNote: $('snapshots-note'),
  snapshotsBody: $('snapshots-table').tBodies[0],
  trendSection: $('trend-section'),
  trendBody: $('trend-table').tBodies[0],
  chartRisk: $('chart-risk'),
  chartOpen: $('chart-open'),
  chartFlow: $('chart-flow'),
  diffSection: $('diff-section'),
  diffOld: $('diff-old'),
  diffNew: $('diff-new'),
  diffNote: $('diff-note'),
  diffSummary: $('diff-summary'),
  diffHeadline: $('diff-headline'),
  diffClasses: $('diff-classes'),
};

const state = {
  // Session id shared with the worker; bumped by "Clear" so that late
  // messages from the dropped session are ignored.
  session: 0,
  nextFileId: 1,
  nextBatch: 1,
  lastBatchSent: 0,
  files: new Map(), // file id -> row record (see addFileRow)
  formatNames: new Map(), // format id -> human name, from core.formats()
  rows: [], // findings prepared for the table (TableRowsReader in rows.js)
  exposureRows: [], // one row per exposure (exposureRows in rows.js)
  mode: 'findings', // which of the two the findings table shows
  incomingRows: [], // slices of the next report's rows, as they arrive
  rowTexts: new RowTextPool(), // the texts of incomingRows, one copy each
  incomingAssets: [], // ... of its asset rows
  incomingExposures: [], // ... of its exposures that several findings report
  incomingActions: [], // ... of its plan's actions
  incomingCoverage: null, // its 'report-coverage' message
  view: [], // rows after filter + sort
  reportJob: 0, // the handleReport() whose report is wanted (older ones stop)
  viewJob: 0, // the updateView() whose view is wanted (older ones stop)
  sort: {key: 'risk', dir: 'desc'},
  filterTerms: [],
  tab: 'overview', // the view shown (see selectTab)
  assets: [], // asset rows (TableRowsReader)
  assetView: [], // after filter + sort
  assetJob: 0, // as viewJob, for updateAssetView()
  assetSort: {key: 'risk', dir: 'desc'},
  assetFilterTerms: [],
  assetsStale: false, // the assets table waits for its tab to be shown
  summary: null, // the report's summary, null before one
  coverage: null, // the report's coverage (capCoverage in rows.js)
  actions: [], // the plan's actions (TableRowsReader), in plan order
  actionsStale: false, // the Actions view waits for its tab to be shown
  pathsStale: false, // the Attack paths view waits for its tab to be shown
  rowsById: null, // finding id -> row, made when first needed (findingRow)
  // The user's decisions: the entries of a decisions file
  // (docs/mobilization.md), kept across Clear like the worker keeps them.
  decisions: [],
  // The policy file's text the next analyses get (a dropped policy, or the
  // demo's), and its name; null: the built-in policy.
  policy: null,
  policyName: '',
  // set-decisions sent and not answered: request -> the list before it.
  pendingDecisions: new Map(),
  nextDecisions: 1,
  exportFormats: [], // core.exportFormats(): [{id, mediaType, extension}]
  exporting: null, // {request, format} while an export is being made
  nextExport: 1,
  deciding: null, // {ids, opener} while the decision dialog is open
  report: 0, // the number of the report shown (the worker's), 0 = none
  reportUrl: null, // its full version's object URL, once made
  preparingReport: false,
  fatal: false,
  // Dropped files waiting for the worker to say which are threat intel:
  // request id -> {files: File[], panel: whether they came through the
  // threat-intel panel}.
  classifying: new Map(),
  nextClassify: 1,
  // Threat-intel files that came among scans and were held back (never
  // applied from there): {kind -> File[]}, null when none.
  heldIntel: null,
  // The threat-intel preview shown: {request, warnings: [string]}, null
  // when none; its bundle waits in the worker for 'intel-apply'.
  intelPreview: null,
  nextPreview: 1,
  // Snapshots (Trend view): the workspace shown, its snapshots (the
  // worker's 'snapshots' list, oldest first), the trend and diff shown,
  // and the requests whose answers are awaited (older answers are
  // ignored).
  workspace: DEFAULT_WORKSPACE,
  // The open workspace's state as the worker last told ('workspace'), and
  // the request whose answer is awaited (older answers are ignored).
  workspaceLocked: false,
  workspaceEncrypted: false,
  workspaceRequest: 0,
  workspaceRemember: false, // whether the answer awaited is remembered for the next visit
  snapshots: [],
  nextTrack: 1,
  listRequest: 0,
  saving: 0, // the request of a save not answered yet, 0 = none
  trendRequest: 0,
  diffRequest: 0,
  diff: null, // the diff shown (exposure-lens/diff/v1), with {old, new} ids
  downloads: new Map(), // request -> file name, of downloads asked for
};

// The findings and assets tables draw the rows in view of state.view and
// state.assetView (virtual_table.js).
const findingsTable = new VirtualTable({scroller: $('findings-scroll'), table: els.table, render: (row) => renderRow(row)});
const assetsTable = new VirtualTable({scroller: $('assets-scroll'), table: els.assetsTable,
  render: (row) => renderAssetRow(row), estimate: 48});

const worker = new Worker(new URL('./worker.js', import.meta.url), {type: 'module'});
worker.addEventListener('message', (event) => handleWorkerMessage(event.data));
worker.addEventListener('error', (event) => {
  // A module worker that fails to load (e.g. missing core.mjs) lands here.
  event.preventDefault();
  fail(`The analysis worker failed to start${event.message ? `: ${event.message}` : '.'}`);
});

// ---------------------------------------------------------------------------
// Worker messages

// The handler of a message about a session's file: messages from a session
// dropped by "Clear" are ignored, as are those about a file no longer shown.
const forFile = (handle) => (msg) => {
  if (msg.session !== state.session) return;
  const file = state.files.get(msg.id);
  if (file) handle(file, msg);
};
// The handler of a message about a session: ignored once it is dropped.
const forSession = (handle) => (msg) => {
  if (msg.session === state.session) handle(msg);
};

const receive = receiver(ToPage, {
  [ToPage.READY]: (msg) => {
    els.coreVersion.textContent = `· core ${msg.version}`;
    for (const f of msg.formats) state.formatNames.set(f.id, f.name);
    const names = [...state.formatNames.values()];
    if (names.length) els.formatsNote.textContent = `Supported: ${names.join(', ')}.`;
    makeExportButtons(msg.exportFormats);
  },
  [ToPage.FATAL]: (msg) => fail(msg.message),
  [ToPage.CLASSIFIED]: (msg) => routeFiles(msg.request, msg.kinds),
  [ToPage.INTEL]: (msg) => renderIntel(msg.intel, msg.notes),
  [ToPage.INTEL_BUSY]: (msg) => setIntelState('building', msg.message),
  [ToPage.INTEL_ERROR]: (msg) => showIntelError(msg.message),
  [ToPage.INTEL_PROPOSAL]: (msg) => showIntelPreview(msg),
  [ToPage.SPILLS_CLOSED]: (msg) => spillsClosed(msg.session, msg.closed),
  [ToPage.FILE_START]: forFile((file, msg) => startFile(file, msg.size)),
  [ToPage.FILE_FORMAT]: forFile((file, msg) => setFileFormat(file, msg.format)),
  [ToPage.PROGRESS]: forFile((file, msg) => setFileProgress(file, msg.bytes, msg.size, msg.findings)),
  [ToPage.FILE_DONE]: forFile((file, msg) => finishFile(file, msg.input, msg.readError)),
  // Interned as they arrive, so that the duplicates the message brought are
  // garbage before the next scavenge (RowTextPool in rows.js).
  [ToPage.REPORT_ROWS]: forSession((msg) => state.incomingRows.push(state.rowTexts.intern(msg.rows))),
  [ToPage.REPORT_ASSETS]: forSession((msg) => state.incomingAssets.push(msg.assets)),
  [ToPage.REPORT_EXPOSURES]: forSession((msg) => state.incomingExposures.push(msg.exposures)),
  [ToPage.REPORT_ACTIONS]: forSession((msg) => state.incomingActions.push(msg.actions)),
  [ToPage.REPORT_COVERAGE]: forSession((msg) => { state.incomingCoverage = msg; }),
  [ToPage.REPORT]: forSession((msg) => {
    els.app.dataset.spilledBytes = String(msg.spilledBytes);
    handleReport(msg.summary, msg.rows, msg.error, msg.batch, msg.report, msg.attack);
  }),
  [ToPage.REPORT_FILE]: forSession((msg) => receiveReportFile(msg.report, msg.blob, msg.error)),
  [ToPage.EXPORT_FILE]: forSession((msg) => receiveExport(msg)),
  [ToPage.DECISIONS_SET]: (msg) => decisionsAnswered(msg.request, msg.error),
  [ToPage.POLICY_ERROR]: (msg) => showBanner(msg.message),
  [ToPage.SNAPSHOTS]: (msg) => receiveSnapshots(msg),
  [ToPage.SNAPSHOT_FILE]: (msg) => receiveDownload(msg.request, msg.blob, msg.error, msg.name),
  [ToPage.WORKSPACE]: (msg) => receiveWorkspace(msg),
  [ToPage.WORKSPACE_FILE]: (msg) => receiveDownload(msg.request, msg.blob, msg.error, msg.name),
  [ToPage.NOTICE]: (msg) => showBanner(msg.message),
  [ToPage.DIFF_DONE]: (msg) => receiveDiff(msg),
  [ToPage.TREND_DONE]: (msg) => receiveTrend(msg),
});

function handleWorkerMessage(data) {
  try {
    receive(data);
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    fail(`Internal error: the page received a message it does not understand from the analysis worker (${err.message}).`);
  }
}

function fail(message) {
  state.fatal = true;
  els.banner.textContent = message;
  els.banner.hidden = false;
  for (const file of state.files.values()) {
    if (file.state === 'queued' || file.state === 'reading') {
      finishFile(file, null, 'not analyzed: the analysis engine is unavailable');
    }
  }
  setBusy(false);
  els.loadDemo.disabled = true;
  updateExportButtons();
  els.intelReset.disabled = true;
  els.intelInput.disabled = true;
  els.intelApply.disabled = true;
  els.intelConfirm.disabled = true;
  setIntelState('error', 'unavailable');
}

// ---------------------------------------------------------------------------
// Adding files

// ?memory=MB: what an analysis keeps in memory before it moves findings to
// a file in the browser's private storage (default: the worker's).
const MEMORY_MB = (() => {
  const value = new URLSearchParams(location.search).get('memory');
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
})();

// items: [{name, file?: File, url?: string}]
function analyze(items) {
  if (!items.length || state.fatal) return;
  const batch = state.nextBatch++;
  const payload = items.map((item) => {
    const id = state.nextFileId++;
    addFileRow(id, item.name, item.file ? item.file.size : null);
    return {id, ...item};
  });
  state.lastBatchSent = batch;
  setBusy(true);
  worker.postMessage(toWorker.analyze({session: state.session, batch, memoryMb: MEMORY_MB, items: payload,
    ...(state.policy === null ? {} : {policy: state.policy})}));
  els.clear.disabled = false;
}

// Files from a picker or a drop. The worker says from their content which
// are threat intel (KEV catalog, EPSS CSV, Vulnrichment records or table,
// exploit catalogue tables), decisions, policies or snapshots; see
// routeFiles. `panel`: they came through the threat-intel panel, the only
// way intel changes.
function addFiles(fileList, panel = false) {
  const files = Array.from(fileList || []);
  if (!files.length || state.fatal) return;
  const request = state.nextClassify++;
  state.classifying.set(request, {files, panel});
  worker.postMessage(toWorker.classify({request, files}));
}

async function routeFiles(request, kinds) {
  const pending = state.classifying.get(request);
  if (!pending) return;
  state.classifying.delete(request);
  const {files, panel} = pending;
  if (panel) {
    routeIntelFiles(files, kinds);
    return;
  }
  const exports = [];
  const byKind = {
    kev: [], epss: [], vulnrichment: [], metasploit: [], exploitdb: [], nuclei: [], decisions: [], snapshot: [],
    policy: [],
  };
  files.forEach((file, i) => {
    const kind = Array.isArray(kinds) ? kinds[i] : '';
    if (Object.hasOwn(byKind, kind)) byKind[kind].push(file);
    else exports.push(file);
  });
  // Threat intel among scans is held back, never applied: a file named like
  // a scan holding a tiny KEV catalog would otherwise drop every KEV mark,
  // for good. The panel can take it from here, with a preview.
  if (INTEL_KINDS.some((kind) => byKind[kind].length)) {
    holdIntel(Object.fromEntries(INTEL_KINDS.map((kind) => [kind, byKind[kind]])));
  }
  // Decisions first: the worker runs jobs in order, so the exports dropped
  // together with them are assessed with them.
  if (byKind.decisions.length) await restoreDecisions(byKind.decisions);
  if (byKind.snapshot.length) importSnapshots(byKind.snapshot);
  // A policy applies to the analyses that start after it: the last one
  // dropped wins, and it is read here (policies are a few KB).
  if (byKind.policy.length) {
    state.policy = await byKind.policy[byKind.policy.length - 1].text();
    state.policyName = byKind.policy[byKind.policy.length - 1].name;
    // Kept in the workspace (the demo's policy is not: it comes with the demo).
    worker.postMessage(toWorker.setPolicy({policy: state.policy, name: state.policyName}));
  }
  analyze(exports.map((file) => ({name: file.name, file})));
}

async function loadDemo() {
  els.loadDemo.disabled = true;
  try {
    const indexUrl = new URL('demo/index.json', document.baseURI);
    const response = await fetch(indexUrl, {cache: 'no-cache'});
    if (!response.ok) throw new Error(`demo/index.json: HTTP ${response.status}`);
    const index = await response.json();
    const names = Array.isArray(index && index.files)
      ? index.files.filter((n) => typeof n === 'string' && n !== '')
      : [];
    if (!names.length) throw new Error('demo/index.json lists no files');
    // The demo estate's policy (zones, reach, crown jewels), when listed.
    if (typeof index.policy === 'string' && index.policy !== '') {
      const policyUrl = new URL(`demo/${encodeURIComponent(index.policy)}`, document.baseURI);
      const policy = await fetch(policyUrl, {cache: 'no-cache'});
      if (!policy.ok) throw new Error(`demo/${index.policy}: HTTP ${policy.status}`);
      state.policy = await policy.text();
      state.policyName = index.policy;
    }
    // encodeURIComponent keeps every name inside demo/ ("../x" stays a file name).
    analyze(names.map((name) => ({
      name,
      url: new URL(`demo/${encodeURIComponent(name)}`, document.baseURI).href,
    })));
  } catch (err) {
    showBanner(`Could not load the demo data: ${err && err.message ? err.message : err}`);
  } finally {
    if (!state.fatal) els.loadDemo.disabled = false;
  }
}

// "Cancel analysis": the worker stops reading at its next chunk and drops
// the session's analysis (a reset, as Clear); the file list stays, each
// file not done marked cancelled, and new files start a new analysis.
function cancelRun() {
  if (els.app.dataset.busy !== 'true') return;
  state.session++;
  worker.postMessage(toWorker.reset({session: state.session}));
  state.exporting = null;
  let cancelled = 0;
  for (const file of state.files.values()) {
    if (file.state !== 'queued' && file.state !== 'reading') continue;
    cancelled++;
    setFileState(file, 'cancelled');
    file.progress.hidden = true;
    file.pct.hidden = true;
    if (!file.formatEl.dataset.format) file.formatEl.textContent = 'not analyzed';
    file.result.replaceChildren(el('p', 'file-note', 'Cancelled: this file was not analyzed.'));
  }
  // Files of the run that were done belonged to the dropped analysis too.
  state.files.clear();
  setBusy(false);
  dropIncoming();
  state.reportJob++;
  renderReport(null, []);
  els.runStatus.textContent = `Analysis cancelled (${cancelled} ${cancelled === 1 ? 'file' : 'files'} not analyzed); `
    + 'nothing is shown. Add files to start again.';
  // The button is hidden now: the focus goes to the one that clears the list.
  els.clear.focus({preventScroll: true});
}

function clearAll() {
  state.session++;
  worker.postMessage(toWorker.reset({session: state.session}));
  state.files.clear();
  els.fileStatus.replaceChildren();
  els.clear.disabled = true;
  els.banner.hidden = true;
  state.exporting = null; // its answer belongs to the dropped session
  dropHeldIntel();
  setBusy(false);
  dropIncoming();
  state.reportJob++;
  renderReport(null, []);
}

// Scan data at rest: beyond its memory budget an analysis keeps findings
// in a file of the origin private file system, which would otherwise stay
// on disk after the tab closes, until the next visit's worker removes it.
// Leaving the page (closing the tab or the browser, navigating away,
// entering the back-forward cache) deletes such an analysis with its file.
// pagehide, not unload or beforeunload: those keep a page out of the
// back-forward cache and are not fired reliably on mobile.
window.addEventListener('pagehide', () => {
  if (!state.fatal) worker.postMessage(toWorker.closeSpills());
});

// The worker deleted the analysis on pagehide; seen only when the page
// comes back from the back-forward cache, whose analysis is then gone.
function spillsClosed(session, closed) {
  if (!closed || session !== state.session) return;
  clearAll();
  showBanner('The analysis was closed when you left the page, so that none of its findings stayed on disk. '
    + 'Add the files again to see it.');
}

// Forgets the slices of a report not complete yet.
function dropIncoming() {
  state.incomingRows = [];
  state.rowTexts = new RowTextPool();
  state.incomingAssets = [];
  state.incomingExposures = [];
  state.incomingActions = [];
  state.incomingCoverage = null;
}

// ---------------------------------------------------------------------------
// Threat intel panel

// The kinds of threat-intel file (the core's detectIntel ids).
const INTEL_KINDS = ['kev', 'epss', 'vulnrichment', 'metasploit', 'exploitdb', 'nuclei'];

// What each kind of intel file is, for the page's words.
const INTEL_KIND_NAMES = {
  kev: 'a KEV catalog',
  epss: 'EPSS scores',
  vulnrichment: 'a Vulnrichment record',
  metasploit: 'a Metasploit table',
  exploitdb: 'an Exploit-DB table',
  nuclei: 'a Nuclei table',
};

// byKind: kind -> File[] (every INTEL_KINDS key).
function holdIntel(byKind) {
  state.heldIntel = byKind;
  const items = INTEL_KINDS.flatMap((kind) => byKind[kind].map((file) => {
    const li = el('li', null, `${file.name}: ${INTEL_KIND_NAMES[kind]}`);
    li.dataset.kind = kind;
    li.dataset.name = file.name;
    return li;
  }));
  els.intelHeldFiles.replaceChildren(...items);
  els.intelHeld.hidden = false;
}

function dropHeldIntel() {
  state.heldIntel = null;
  els.intelHeldFiles.replaceChildren();
  els.intelHeld.hidden = true;
}

// Files given to the threat-intel panel: the intel among them is
// previewed; anything else is named and left alone (scans go through the
// main picker).
function routeIntelFiles(files, kinds) {
  const byKind = Object.fromEntries(INTEL_KINDS.map((kind) => [kind, []]));
  const others = [];
  files.forEach((file, i) => {
    const kind = Array.isArray(kinds) ? kinds[i] : '';
    if (Object.hasOwn(byKind, kind)) byKind[kind].push(file);
    else others.push(file.name);
  });
  const notIntel = others.length
    ? `Not threat intel, not used: ${others.join(', ')} (add scanner exports with “Choose files…” above).`
    : '';
  if (INTEL_KINDS.some((kind) => byKind[kind].length)) {
    previewIntel(byKind, notIntel ? [notIntel] : []);
  } else if (notIntel) {
    showIntelError(notIntel);
  }
}

// Asks the worker to build the bundle the files would make (without using
// it): showIntelPreview shows the answer.
function previewIntel(byKind, notes = []) {
  // One file of each kind makes a bundle; with several, the last one wins.
  // Vulnrichment files (CVE records) all count.
  const last = (kind, what) => {
    const list = byKind[kind];
    if (list.length > 1) notes.push(`${list.length} ${what} were given; used ${list[list.length - 1].name}.`);
    return list.length ? list[list.length - 1] : null;
  };
  const request = state.nextPreview++;
  state.intelPreview = {request, warnings: []};
  hideIntelPreview(false);
  els.intelError.hidden = true;
  setIntelState('building', 'Reading…');
  worker.postMessage(toWorker.intelPreview({
    request,
    kev: last('kev', 'KEV catalogs'),
    epss: last('epss', 'EPSS files'),
    vulnrichment: byKind.vulnrichment,
    metasploit: last('metasploit', 'Metasploit tables'),
    exploitdb: last('exploitdb', 'Exploit-DB tables'),
    nuclei: last('nuclei', 'Nuclei tables'),
    notes,
  }));
}

function showIntelPreview(msg) {
  if (!state.intelPreview || state.intelPreview.request !== msg.request) return;
  els.intelPanel.dataset.previews = String(Number(els.intelPanel.dataset.previews) + 1);
  if (msg.error) {
    state.intelPreview = null;
    showIntelError(msg.error);
    return;
  }
  const {changes, warnings} = intelChanges(msg);
  state.intelPreview.warnings = warnings;
  els.intelChanges.replaceChildren(...changes.map((change) => {
    const li = el('li', null, change.text);
    li.dataset.kind = change.kind;
    li.dataset.cves = change.after ? String(change.after.cves) : '';
    li.dataset.date = change.after ? change.after.date : '';
    li.dataset.beforeCves = change.before ? String(change.before.cves) : '';
    li.dataset.beforeDate = change.before ? change.before.date : '';
    return li;
  }));
  els.intelWarnings.replaceChildren(...warnings.map((w) => el('li', null, w)));
  els.intelPreview.dataset.warnings = String(warnings.length);
  els.intelPreviewNotes.replaceChildren(...msg.notes.map((n) => el('li', null, str(n))));
  els.intelConfirmRow.hidden = true;
  els.intelApply.disabled = false;
  els.intelPreview.hidden = false;
  setIntelState('preview', warnings.length ? 'Check the warnings before applying' : 'Not applied yet');
  els.intelApply.focus();
}

// hideIntelPreview(true) also tells the worker to drop the bundle.
function hideIntelPreview(discard) {
  if (discard && state.intelPreview) {
    worker.postMessage(toWorker.intelDiscard({request: state.intelPreview.request}));
    state.intelPreview = null;
  }
  els.intelPreview.hidden = true;
  els.intelConfirmRow.hidden = true;
  els.intelChanges.replaceChildren();
  els.intelWarnings.replaceChildren();
  els.intelPreviewNotes.replaceChildren();
  els.intelPreview.dataset.warnings = '0';
}

// Apply: at once without warnings; with some, only from the confirmation
// button it reveals.
function applyIntel(confirmed) {
  const preview = state.intelPreview;
  if (!preview) return;
  if (preview.warnings.length && !confirmed) {
    els.intelConfirmRow.hidden = false;
    els.intelConfirm.focus();
    return;
  }
  els.intelApply.disabled = true;
  els.intelConfirmRow.hidden = true;
  setIntelState('building', 'Applying…');
  worker.postMessage(toWorker.intelApply({request: preview.request}));
}

function showIntelError(message) {
  setIntelState('error', '');
  els.intelError.textContent = message;
  els.intelError.hidden = false;
  if (!els.intelPreview.hidden) {
    state.intelPreview = null;
    hideIntelPreview(false);
  }
}

function setIntelState(value, status) {
  els.intelPanel.dataset.state = value;
  if (status != null) els.intelStatus.textContent = status;
}

// "2025-08-25T17:04:19.9796Z" -> "2025-08-25"
function day(text) {
  return str(text).slice(0, 10);
}

function fromText(label) {
  if (!label) return '';
  return label === 'built-in' ? ' (from the built-in bundle)' : ` (from ${label})`;
}

function renderIntel(info, notes) {
  els.intelPanel.dataset.updates = String(Number(els.intelPanel.dataset.updates) + 1);
  els.intelError.hidden = true;
  state.intelPreview = null;
  hideIntelPreview(false);
  const bundle = info && info.bundle;
  const builtIn = !info || info.source === 'built-in';
  els.intelPanel.dataset.source = builtIn ? 'built-in' : 'files';
  setIntelState('ready', '');
  els.intelReset.disabled = builtIn;
  if (builtIn) {
    els.intelActive.textContent = 'Built-in (shipped with Exposure Lens)';
  } else {
    const when = info.builtAt ? new Date(info.builtAt) : null;
    const at = when && !Number.isNaN(when.getTime()) ? ` on ${when.toLocaleString()}` : '';
    els.intelActive.textContent = `Your files (built${at})`;
  }

  const kev = bundle && bundle.kev;
  els.intelKev.dataset.version = kev ? str(kev.catalog_version) : '';
  els.intelKev.dataset.cves = kev ? String(Number(kev.cves) || 0) : '0';
  els.intelKev.textContent = kev
    ? `catalog ${str(kev.catalog_version)}, released ${day(kev.date_released)}: `
      + `${numberFormat.format(Number(kev.cves) || 0)} known exploited CVEs${builtIn ? '' : fromText(info.kevFrom)}`
    : 'none: no KEV catalog in this bundle (drop CISA\'s known_exploited_vulnerabilities.json)';

  const epss = bundle && bundle.epss;
  els.intelEpss.dataset.date = epss ? day(epss.score_date) : '';
  els.intelEpss.dataset.cves = epss ? String(Number(epss.cves) || 0) : '0';
  els.intelEpss.dataset.coverage = epss ? str(epss.coverage) : '';
  if (epss) {
    const model = epss.model_version ? `, model ${str(epss.model_version)}` : '';
    const coverage = epss.coverage === 'partial'
      ? ' (partial coverage; drop the full daily EPSS CSV to refresh)'
      : ' (full daily file)';
    els.intelEpss.textContent = `scores of ${day(epss.score_date)}${model}: `
      + `${numberFormat.format(Number(epss.cves) || 0)} CVEs scored${coverage}${builtIn ? '' : fromText(info.epssFrom)}`;
  } else {
    els.intelEpss.textContent = 'none: no EPSS scores in this bundle (drop a daily epss_scores-YYYY-MM-DD.csv)';
  }

  const ssvc = bundle && bundle.ssvc;
  els.intelSsvc.dataset.date = ssvc ? str(ssvc.latest_assessed) : '';
  els.intelSsvc.dataset.cves = ssvc ? String(Number(ssvc.cves) || 0) : '0';
  els.intelSsvc.textContent = ssvc
    ? `${str(ssvc.label)}, assessed up to ${str(ssvc.latest_assessed) || '—'}: `
      + `${numberFormat.format(Number(ssvc.cves) || 0)} CVEs${builtIn ? '' : fromText(info.ssvcFrom)}`
    : 'none: no SSVC decision points in this bundle (drop CISA Vulnrichment CVE records)';

  const exploits = bundle && bundle.exploits;
  els.intelExploits.dataset.cves = exploits ? String(Number(exploits.cves) || 0) : '0';
  if (exploits) {
    const sources = [
      ['Metasploit', exploits.metasploit_date, info && info.metasploitFrom],
      ['Exploit-DB', exploits.exploitdb_date, info && info.exploitdbFrom],
      ['Nuclei', exploits.nuclei_date, info && info.nucleiFrom],
    ].filter(([, date]) => date != null).map(([name, date, from]) =>
      `${name} ${str(date) || '(undated)'}${builtIn ? '' : fromText(from)}`);
    els.intelExploits.textContent = `${sources.join(', ')}: `
      + `${numberFormat.format(Number(exploits.cves) || 0)} CVEs with public exploit code`;
  } else {
    els.intelExploits.textContent = 'none: no exploit catalogues in this bundle';
  }

  els.intelNotes.replaceChildren(...(Array.isArray(notes) ? notes : []).map((n) => el('li', null, str(n))));
  intelView.setBundle(`Intel in use: ${els.intelActive.textContent}. KEV: ${els.intelKev.textContent}. `
    + `EPSS: ${els.intelEpss.textContent}.`);
}

// ---------------------------------------------------------------------------
// Per-file status rows

function addFileRow(id, name, size) {
  const li = el('li', 'file-row');
  li.dataset.id = String(id);
  li.dataset.state = 'queued';

  const head = el('div', 'file-head');
  const nameEl = el('span', 'file-name', name);
  nameEl.title = name;
  const formatEl = el('span', 'file-format badge', 'queued');
  formatEl.dataset.format = '';
  const sizeEl = el('span', 'file-size muted', size == null ? '' : formatBytes(size));
  head.append(nameEl, formatEl, sizeEl);

  const progressLine = el('div', 'file-progress');
  const progress = document.createElement('progress');
  progress.max = 100;
  progress.value = 0;
  progress.setAttribute('aria-label', `Reading ${name}`);
  const pct = el('span', 'file-pct muted', '0%');
  progressLine.append(progress, pct);

  const result = el('div', 'file-result');
  li.append(head, progressLine, result);
  els.fileStatus.append(li);

  const file = {id, name, state: 'queued', li, formatEl, sizeEl, progress, pct, result};
  state.files.set(id, file);
  return file;
}

function setFileState(file, value) {
  file.state = value;
  file.li.dataset.state = value;
}

function startFile(file, size) {
  setFileState(file, 'reading');
  file.formatEl.textContent = 'detecting…';
  if (size != null) file.sizeEl.textContent = formatBytes(size);
  // Without a known size the bar stays indeterminate (no value attribute).
  if (size == null) file.progress.removeAttribute('value');
  updateRunStatus();
}

function setFileFormat(file, format) {
  file.formatEl.dataset.format = format || '';
  file.formatEl.textContent = format ? (state.formatNames.get(format) || format) : 'unknown format';
}

// bytes read of `size` (null: unknown) and about how many findings they
// hold (null: the format gives no estimate; see 'progress').
function setFileProgress(file, bytes, size, findings) {
  let text = formatBytes(bytes);
  if (size) {
    const pct = Math.min(100, Math.floor((bytes / size) * 100));
    file.progress.value = pct;
    text = `${pct}% · ${formatBytes(bytes)} of ${formatBytes(size)}`;
  }
  if (findings != null) text += ` · ≈ ${numberFormat.format(findings)} findings`;
  file.pct.textContent = text;
  file.li.dataset.bytes = String(bytes);
  file.li.dataset.findingsSoFar = findings == null ? '' : String(findings);
}

function finishFile(file, input, readError) {
  const errors = [];
  if (readError) errors.push({message: readError});
  if (input && Array.isArray(input.errors)) errors.push(...input.errors);

  if (input) setFileFormat(file, input.format);
  else if (!file.formatEl.dataset.format) file.formatEl.textContent = 'not analyzed';
  file.progress.value = 100;
  file.progress.hidden = true;
  file.pct.hidden = true;

  const result = file.result;
  result.replaceChildren();
  if (input) {
    const counts = el('div', 'file-counts');
    counts.append(
      countEl('file-findings', input.findings, 'finding', 'findings'),
      countEl('file-assets', input.assets, 'asset', 'assets'),
      countEl('file-services', input.services, 'service', 'services'),
    );
    // Inventories add assets, never findings: say so rather than show a
    // bare "0 findings".
    if (input.kind === 'inventory') counts.prepend(el('span', 'badge kind-badge', 'inventory'));
    file.li.dataset.kind = str(input.kind);
    result.append(counts);
  }
  if (errors.length) {
    const list = el('ul', 'file-errors');
    for (const e of errors.slice(0, 5)) {
      const text = e.location ? `${e.message} (${e.location})` : String(e.message ?? e);
      list.append(el('li', null, text));
    }
    if (errors.length > 5) list.append(el('li', 'muted', `… and ${errors.length - 5} more`));
    result.append(list);
  }
  // "error": nothing usable came out of the file; "warning": partial results.
  const partial = Boolean(input && input.partial);
  if (partial && !errors.length) result.append(el('p', 'file-note', 'Only part of this file could be analyzed.'));
  const findings = input ? Number(input.findings) || 0 : 0;
  setFileState(file, errors.length || partial ? (findings > 0 ? 'warning' : 'error') : 'done');
  updateRunStatus();
}

function countEl(cls, value, singular, plural) {
  const n = Number(value) || 0;
  const span = el('span', `count ${cls}`);
  span.dataset.value = String(n);
  span.append(el('strong', null, numberFormat.format(n)), document.createTextNode(` ${n === 1 ? singular : plural}`));
  return span;
}

function updateRunStatus() {
  let done = 0;
  let total = 0;
  for (const f of state.files.values()) {
    total++;
    if (f.state !== 'queued' && f.state !== 'reading') done++;
  }
  els.runStatus.textContent = total === 0 ? ''
    : done < total ? `Analyzing… ${done} of ${total} files done`
      : `${total} ${total === 1 ? 'file' : 'files'} analyzed`;
}

function setBusy(busy) {
  els.app.dataset.busy = busy ? 'true' : 'false';
  els.cancel.hidden = !busy;
  els.app.setAttribute('aria-busy', busy ? 'true' : 'false');
  updateExportButtons();
}

// ---------------------------------------------------------------------------
// Report → totals and table

// The rows of a report arrive in slices ('report-rows'), then the report
// itself: its summary, how many rows it has, and an error (why it is
// incomplete or unreadable) or null.
// With many rows the exposure rows and the Overview's counts are made in
// slices (slices.js) before anything is drawn; a newer report, Clear or
// Cancel meanwhile drops this one.
async function handleReport(summary, rowCount, error, batch, number, attack) {
  const job = ++state.reportJob;
  const live = () => job === state.reportJob;
  const rows = state.incomingRows.flat();
  const assets = state.incomingAssets.flat();
  const exposures = state.incomingExposures.flat();
  const actions = state.incomingActions.flat();
  const sent = state.incomingCoverage;
  dropIncoming();
  if (error) showBanner(`The analysis engine returned an incomplete report: ${error}`);
  else if (rows.length !== rowCount) showBanner(`The analysis engine sent ${rows.length} of ${rowCount} findings.`);
  else if (!sent || assets.length !== sent.assets || exposures.length !== sent.exposures
    || actions.length !== sent.actions) {
    showBanner('The analysis engine sent an incomplete list of assets, exposures or actions.');
  }
  const shared = new Map(exposures.map((e) => [e.id, e]));
  const grouped = await exposureRowsWith(rows, shared, (list, fn) => eachSliced(list, fn, live));
  const tally = overviewTally();
  if (!grouped || !(await eachSliced(rows, (row) => tallyRow(tally, row), live))) return;
  renderReport(summary, rows, number, {assets, exposures, actions, coverage: sent ? sent.coverage : null, attack,
    exposureRows: grouped, tally});
  // Only the report that follows the last batch we sent ends the run; an
  // earlier one may arrive when files were added while a run was going on.
  if (batch === state.lastBatchSent) setBusy(false);
  els.app.dataset.reports = String(Number(els.app.dataset.reports) + 1);
}

// rows: as made by TableRowsReader (rows.js); number: the worker's number
// of the report (0 for none); more: its asset rows, exposure infos, actions,
// coverage and attack paths, and when handleReport made them: its
// exposure rows and the Overview's tally.
function renderReport(reportSummary, rows, number = 0, more = {}) {
  const summary = reportSummary || {};
  state.summary = reportSummary;
  const bySeverity = summary.by_severity || {};
  for (const sev of SEVERITIES) setNumber($(`total-${sev}`), bySeverity[sev]);
  setNumber($('total-findings'), summary.findings);
  setNumber($('total-exposures'), summary.exposures);
  setNumber($('total-assets'), summary.assets);
  setNumber($('total-services'), summary.services);
  setNumber($('total-cves'), countOf(summary.cves));
  const kev = countOf(summary.kev_cves);
  els.kevStat.hidden = !(kev > 0);
  setNumber($('total-kev'), kev);
  // Validation: findings with exploit evidence (levels 1-4) and those proven
  // on their asset (level 4).
  const byValidation = summary.by_validation && typeof summary.by_validation === 'object'
    ? summary.by_validation : {};
  const validated = ['1', '2', '3', '4'].reduce((n, k) => n + (Number(byValidation[k]) || 0), 0);
  const confirmed = Number(byValidation['4']) || 0;
  $('validated-stat').hidden = !(validated > 0);
  setNumber($('total-validated'), validated);
  $('confirmed-stat').hidden = !(confirmed > 0);
  setNumber($('total-confirmed'), confirmed);
  setNumber($('total-open_risk'), summary.open_risk);
  const decided = summary.decided && typeof summary.decided === 'object' ? summary.decided : {};
  setNumber($('total-decided'), Object.values(decided).reduce((n, v) => n + (Number(v) || 0), 0));

  resetDownload(reportSummary ? number : 0);
  const previousRows = state.rows.length;
  state.rows = rows;
  // Built once per report: the toggle and every sort/filter reuse them.
  state.exposureRows = more.exposureRows
    || exposureRows(rows, new Map((more.exposures || []).map((e) => [e.id, e])));
  setNumber(els.countExposures, state.exposureRows.length);
  setNumber(els.countFindings, rows.length);
  // A report with as many rows (decisions or intel changed) stays where
  // the table was.
  updateView(rows.length > 0 && rows.length === previousRows);

  state.assets = more.assets || [];
  state.coverage = more.coverage || null;
  state.assetsStale = true;
  if (state.tab === 'assets') updateAssetView();
  renderCoverage();

  state.actions = more.actions || [];
  state.rowsById = null;
  state.actionsStale = true;
  if (state.tab === 'actions') renderActions();

  overviewView.set(reportSummary, rows, state.actions, more.tally || null);
  if (state.tab === 'overview') overviewView.render();
  intelView.set(rows, Boolean(reportSummary));
  if (state.tab === 'intel') intelView.render();

  pathsView.set(more.attack || null, Boolean(reportSummary));
  state.pathsStale = true;
  if (state.tab === 'paths') renderPaths();
  updateExportButtons();
}

// "Download JSON report": the worker renders the full report only when it
// is asked for (it is often larger than the inputs). The first click asks;
// the answer becomes the link's target and is saved, and later clicks save
// it again until the next report replaces it.
const DOWNLOAD_LABEL = 'Download JSON report';

function resetDownload(number) {
  if (state.reportUrl) URL.revokeObjectURL(state.reportUrl);
  state.reportUrl = null;
  state.report = number;
  state.preparingReport = false;
  els.download.removeAttribute('href');
  els.download.removeAttribute('aria-busy');
  els.download.textContent = DOWNLOAD_LABEL;
  els.download.hidden = !number;
}

function requestReportFile(event) {
  if (state.reportUrl) return; // made: the browser follows the link
  event.preventDefault();
  if (state.preparingReport || !state.report) return;
  state.preparingReport = true;
  els.download.setAttribute('aria-busy', 'true');
  els.download.textContent = 'Preparing the report…';
  worker.postMessage(toWorker.reportFile({session: state.session, report: state.report}));
}

// blob: the full report numbered `number`, made by the worker (the page
// never copies it).
function receiveReportFile(number, blob, error) {
  if (number !== state.report || !state.preparingReport) return; // replaced since
  state.preparingReport = false;
  els.download.removeAttribute('aria-busy');
  els.download.textContent = DOWNLOAD_LABEL;
  if (error) showBanner(`The analysis engine returned an incomplete report: ${error}`);
  state.reportUrl = URL.createObjectURL(blob);
  els.download.href = state.reportUrl;
  els.download.click(); // the download that was asked for
}

// The summary may give counts or lists; show a number either way.
function countOf(value) {
  if (Array.isArray(value)) return value.length;
  return Number(value) || 0;
}

function setNumber(node, value) {
  const n = countOf(value);
  node.dataset.value = String(n);
  node.textContent = numberFormat.format(n);
}

// Sort key for text: case-insensitive, with digit runs zero-padded so that
// "10.0.0.9" < "10.0.0.10" and "CVE-2021-999" < "CVE-2021-1000".
function naturalKey(text) {
  return text.toLowerCase().replace(/\d+/g, (d) => d.padStart(12, '0'));
}

function haystackOf(row) {
  if (row.haystack === null) {
    row.haystack = [row.severity, row.title, row.ruleId, row.asset, row.place, row.cves.join(' '), row.format, row.input,
      row.status, statusLabel(row.status), row.decisionExpired ? 'expired' : '', row.id]
      .join('\n').toLowerCase();
  }
  return row.haystack;
}

// Text sort keys for one row. Computed lazily: the default severity sort
// does not need them, and for 100k rows they cost hundreds of milliseconds.
function sortKeys(row) {
  if (row.keys === null) {
    row.keys = {
      title: naturalKey(row.title),
      asset: naturalKey(row.asset),
      // Findings with a port sort by port number, then the rest by component.
      place: row.port != null
        ? `0${String(row.port).padStart(6, '0')}${naturalKey(row.place)}` : `1${naturalKey(row.place)}`,
      cves: row.cves.length ? naturalKey(row.cves[0]) : '\uffff',
      format: row.format.toLowerCase(),
      // Open first, then the decided, then what scanners closed.
      status: `${STATUS_ORDER.indexOf(row.status) + 1 || 9}${row.status}`,
    };
  }
  return row.keys;
}

// Text keys must have been made (sortKeys) for every row compared.
function compareRows(key) {
  if (key === 'severity') return (a, b) => a.rank - b.rank;
  if (key === 'risk') return (a, b) => a.risk - b.risk;
  return (a, b) => (a.keys[key] < b.keys[key] ? -1 : a.keys[key] > b.keys[key] ? 1 : 0);
}

// The rows of the findings table in its mode.
function modeRows() {
  return state.mode === 'exposures' ? state.exposureRows : state.rows;
}

// Filters and sorts the findings table's rows in slices (slices.js): with
// a million rows neither blocks the page. The table keeps showing the
// previous view, and the note says what is going on, until the new one is
// made; a newer call (a key typed, a header clicked) replaces an older one
// still running. keepScroll: the same rows again (a new report), so the
// table stays where it was. Resolves when the view shown is this call's.
async function updateView(keepScroll = false) {
  const job = ++state.viewJob;
  const live = () => job === state.viewJob;
  const terms = state.filterTerms;
  const rows = modeRows();
  els.table.setAttribute('aria-busy', 'true');
  els.app.dataset.viewBusy = 'true';
  let view = rows;
  if (terms.length) {
    view = await filterSliced(rows, (row) => {
      const h = haystackOf(row);
      return terms.every((t) => h.includes(t));
    }, live);
    if (!view) return;
  }
  const {key, dir} = state.sort;
  if (key !== 'severity' && key !== 'risk' && !(await eachSliced(view, sortKeys, live))) return;
  const primary = compareRows(key);
  const sign = dir === 'asc' ? 1 : -1;
  // Ties: most severe first, then report order, so the order is deterministic.
  view = await sortSliced(view, (a, b) => sign * primary(a, b) || b.rank - a.rank || a.index - b.index, live);
  if (!view) return;
  state.view = view;
  els.table.removeAttribute('aria-busy');
  els.app.dataset.viewBusy = 'false';
  renderTable(keepScroll);
}

function renderTable(keepScroll = false) {
  const view = state.view;
  findingsTable.set(view.length, (i) => view[i], keepScroll);

  const total = modeRows().length;
  const what = state.mode === 'exposures' ? 'exposures' : 'findings';
  if (state.rows.length === 0) {
    els.tableNote.textContent = 'No findings yet.';
  } else if (view.length === 0) {
    els.tableNote.textContent = `No ${what} match the filter (${numberFormat.format(total)} in total).`;
  } else {
    let note = `Showing ${numberFormat.format(view.length)}`;
    if (state.mode === 'exposures') note += ' exposures';
    else note += view.length === 1 ? ' finding' : ' findings';
    if (view.length !== total) note += ` matching (${numberFormat.format(total)} in total)`;
    els.tableNote.textContent = `${note}.`;
  }
  els.app.dataset.viewRows = String(view.length);
  setSortState(els.table, state.sort);
}

function setSortState(table, sort) {
  for (const th of table.tHead.rows[0].cells) {
    th.setAttribute('aria-sort', th.dataset.key === sort.key
      ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none');
  }
}

function renderRow(row) {
  const tr = document.createElement('tr');

  const riskCell = el('td', 'col-risk');
  riskCell.append(el('span', 'risk-score', String(row.risk)));
  if (row.decision) riskCell.append(el('span', `ssvc ssvc-${row.decision.replace(/[^a-z-]/g, '')}`, row.decision));
  if (row.kev) riskCell.append(el('span', 'kev-badge', 'KEV'));
  if (row.validation !== null && row.validation !== 0) {
    // The evidence ladder (docs/validation.md): refuted, then public PoC up
    // to confirmed on this asset; a bare version match shows nothing.
    const badge = el('span', `validation validation-l${row.validation < 0 ? 'r' : row.validation}`,
      row.validationLabel);
    badge.dataset.level = String(row.validation);
    badge.title = `Validation level ${row.validation}: ${row.validationLabel}`;
    riskCell.append(badge);
  }
  if (row.epss != null) {
    const epss = el('span', 'epss muted', `EPSS ${(row.epss * 100).toFixed(1)}%`);
    epss.dataset.value = String(row.epss);
    if (Number.isFinite(row.epssPercentile)) {
      epss.title = `Exploit probability in the next 30 days; percentile ${(row.epssPercentile * 100).toFixed(1)}`;
    }
    riskCell.append(epss);
  }
  if (row.due) riskCell.append(el('span', 'due muted', `due ${row.due}`));
  if (row.why) riskCell.title = row.why;

  const sevCell = el('td', 'col-severity');
  sevCell.dataset.severity = row.severity;
  sevCell.append(el('span', `sev-pill sev-${row.severity}`, SEVERITY_LABEL[row.severity]));

  const titleCell = el('td', 'col-title');
  titleCell.append(el('span', 'title-text', row.title));
  if (row.ruleId && row.ruleId !== row.title) titleCell.append(el('span', 'rule-id muted', row.ruleId));

  const assetCell = el('td', 'col-asset', row.asset || '—');
  const placeCell = el('td', 'col-place', row.place || '—');

  const cveCell = el('td', 'col-cves');
  if (row.cves.length) {
    // One unbreakable span per CVE, so ids never wrap at their hyphens.
    row.cves.slice(0, MAX_CVES_SHOWN).forEach((cve, i) => {
      if (i > 0) cveCell.append(document.createTextNode(', '));
      cveCell.append(el('span', 'cve', cve));
    });
    if (row.cves.length > MAX_CVES_SHOWN) {
      const more = el('span', 'more muted', ` +${row.cves.length - MAX_CVES_SHOWN}`);
      more.title = row.cves.join(', ');
      cveCell.append(more);
    }
  } else {
    cveCell.textContent = '—';
  }

  const formatCell = el('td', 'col-format', row.format || '—');
  if (row.input && !row.sources) formatCell.title = row.input;
  if (row.sources) {
    // An exposure several findings report: which tools agree, and how many
    // findings the row stands for.
    formatCell.dataset.tools = String(row.tools);
    formatCell.dataset.grouped = String(row.grouped);
    if (row.tools >= 2) {
      formatCell.append(el('span', 'corroborated', `corroborated by ${row.tools} tools`));
    }
    formatCell.append(el('span', 'grouped muted', `${numberFormat.format(row.grouped)} findings`));
  }
  tr.dataset.finding = row.id;
  tr.append(riskCell, sevCell, titleCell, assetCell, placeCell, cveCell, formatCell, statusCell(row));
  return tr;
}

// Triage status: open, a decision's or a scanner's; "expired" when a
// decision's date has passed (the finding counts as open again); the
// decision's details as the tooltip; and the button that opens the
// decision dialog (the click is handled on the table body).
function statusCell(row) {
  const td = el('td', 'col-status');
  td.dataset.status = row.status;
  td.append(el('span', `status status-${row.status.replace(/[^a-z_]/g, '')}`, statusLabel(row.status)));
  if (row.decisionExpired) {
    td.dataset.expired = 'true';
    td.append(el('span', 'status-expired', 'expired'));
  }
  const t = row.triage;
  if (t) {
    td.title = [
      t.justification && `justification: ${t.justification.replace(/_/g, ' ')}`,
      t.reason && `reason: ${t.reason}`,
      t.by && `by: ${t.by}`,
      t.until && `until: ${t.until}`,
    ].filter(Boolean).join('\n');
  }
  const decide = el('button', 'button subtle small decide', 'Decide');
  decide.type = 'button';
  decide.setAttribute('aria-haspopup', 'dialog');
  decide.setAttribute('aria-label', `Decide on ${row.title}${row.asset ? ` (${row.asset})` : ''}`);
  td.append(decide);
  return td;
}

// ---------------------------------------------------------------------------
// Views: a tablist over seven tabpanels (WAI-ARIA tabs pattern: one tab in
// the tab order, arrow keys / Home / End move and select).

const TABS = ['overview', 'findings', 'assets', 'coverage', 'actions', 'paths', 'trend', 'intel'];

function selectTab(name, focus) {
  state.tab = name;
  els.app.dataset.view = name;
  for (const tab of TABS) {
    const button = $(`tab-${tab}`);
    const selected = tab === name;
    button.setAttribute('aria-selected', selected ? 'true' : 'false');
    button.tabIndex = selected ? 0 : -1;
    $(`view-${tab}`).hidden = !selected;
    if (selected && focus) button.focus();
  }
  // The Overview, the assets table and the plan render when first looked at
  // after a report (the Overview's charts take the width of its shown panel).
  if (name === 'overview') overviewView.render();
  if (name === 'assets' && state.assetsStale) updateAssetView();
  if (name === 'actions' && state.actionsStale) renderActions();
  if (name === 'paths' && state.pathsStale) renderPaths();
  if (name === 'intel') intelView.render();
}

function onTabKey(event) {
  const current = TABS.indexOf(state.tab);
  const next = {
    ArrowRight: (current + 1) % TABS.length,
    ArrowLeft: (current + TABS.length - 1) % TABS.length,
    Home: 0,
    End: TABS.length - 1,
  }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  selectTab(TABS[next], true);
}

// "Exposures | Raw findings": which rows the findings table shows.
function setMode(mode) {
  if (mode === state.mode) return;
  state.mode = mode;
  els.modeToggle.dataset.mode = mode;
  els.modeExposures.setAttribute('aria-pressed', mode === 'exposures' ? 'true' : 'false');
  els.modeFindings.setAttribute('aria-pressed', mode === 'findings' ? 'true' : 'false');
  els.sourceHeader.textContent = mode === 'exposures' ? 'Sources' : 'Source';
  updateView();
}

// ---------------------------------------------------------------------------
// Assets table

const CRITICALITY_RANK = {critical: 4, high: 3, medium: 2, low: 1};
const CONFIDENCE_RANK = {exact: 3, strong: 2, weak: 1};

function assetHaystack(row) {
  if (row.haystack === null) {
    row.haystack = [row.name, row.kind, row.confidence, ...row.identityKeys, ...row.conflicts,
      row.inInventory ? 'in inventory' : 'not in inventory',
      row.scannedBy.join(' '), row.lastScanned, row.owner, row.businessUnit, row.environment, row.site,
      row.criticality, row.gaps.map(gapLabel).join(' '), row.gaps.join(' ')]
      .join('\n').toLowerCase();
  }
  return row.haystack;
}

function assetKeys(row) {
  if (row.keys === null) {
    row.keys = {
      name: naturalKey(row.name),
      kind: row.kind,
      scannedBy: row.scannedBy.length ? row.scannedBy.join(',') : '\uffff',
      // Never scanned sorts as the oldest.
      lastScanned: row.lastScanned,
      owner: row.owner ? naturalKey(row.owner) : '\uffff',
      unit: row.businessUnit || row.site ? naturalKey(`${row.businessUnit}\n${row.site}`) : '\uffff',
      gaps: `${String(row.gaps.length).padStart(2, '0')}${row.gaps.join(',')}`,
    };
  }
  return row.keys;
}

// Text keys must have been made (assetKeys) for every row compared.
function compareAssets(key) {
  if (key === 'risk') return (a, b) => a.risk - b.risk;
  if (key === 'findings') return (a, b) => a.findings - b.findings;
  if (key === 'inventory') return (a, b) => Number(a.inInventory) - Number(b.inInventory);
  if (key === 'identity') {
    return (a, b) => (CONFIDENCE_RANK[a.confidence] ?? 0) - (CONFIDENCE_RANK[b.confidence] ?? 0);
  }
  if (key === 'criticality') {
    return (a, b) => (CRITICALITY_RANK[a.criticality] ?? 0) - (CRITICALITY_RANK[b.criticality] ?? 0);
  }
  return (a, b) => (a.keys[key] < b.keys[key] ? -1 : a.keys[key] > b.keys[key] ? 1 : 0);
}

// Like updateView(), for the assets table.
async function updateAssetView() {
  state.assetsStale = false;
  const job = ++state.assetJob;
  const live = () => job === state.assetJob;
  const terms = state.assetFilterTerms;
  let view = state.assets;
  if (terms.length) {
    view = await filterSliced(view, (row) => {
      const h = assetHaystack(row);
      return terms.every((t) => h.includes(t));
    }, live);
    if (!view) return;
  }
  const {key, dir} = state.assetSort;
  const numeric = ['risk', 'findings', 'inventory', 'identity', 'criticality'].includes(key);
  if (!numeric && !(await eachSliced(view, assetKeys, live))) return;
  const primary = compareAssets(key);
  const sign = dir === 'asc' ? 1 : -1;
  // Ties: riskiest first, then report order.
  view = await sortSliced(view, (a, b) => sign * primary(a, b) || b.risk - a.risk || a.index - b.index, live);
  if (!view) return;
  state.assetView = view;
  assetsTable.set(view.length, (i) => view[i]);

  const total = state.assets.length;
  if (total === 0) {
    els.assetsNote.textContent = 'No assets yet.';
  } else if (view.length === 0) {
    els.assetsNote.textContent = `No assets match the filter (${numberFormat.format(total)} in total).`;
  } else {
    let note = `Showing ${numberFormat.format(view.length)} ${view.length === 1 ? 'asset' : 'assets'}`;
    if (view.length !== total) note += ` matching (${numberFormat.format(total)} in total)`;
    els.assetsNote.textContent = `${note}.`;
  }
  setSortState(els.assetsTable, state.assetSort);
}

function renderAssetRow(row) {
  const tr = document.createElement('tr');
  tr.dataset.id = row.id;
  const name = el('td', 'col-name');
  name.append(el('span', 'asset-name', row.name));
  if (row.environment) name.append(el('span', 'muted asset-env', row.environment));
  // Identity: how sure the merge is and the key it rests on; every key and
  // conflict in the tooltip.
  const identity = el('td', 'col-identity');
  identity.dataset.confidence = row.confidence;
  identity.append(el('span', `confidence confidence-${row.confidence || 'none'}`, row.confidence || '—'));
  if (row.identityKeys.length) identity.append(el('span', 'muted identity-key', row.identityKeys[0]));
  if (row.conflicts.length) identity.append(el('span', 'gap-text identity-conflicts', `${row.conflicts.length} conflicting`));
  identity.title = [...row.identityKeys, ...row.conflicts.map((c) => `conflict: ${c}`)].join('\n');
  const inventory = el('td', 'col-inventory', row.inInventory ? 'yes' : 'no');
  inventory.dataset.value = row.inInventory ? 'yes' : 'no';
  const scanned = el('td', 'col-scanned', row.scannedBy.length
    ? row.scannedBy.map((f) => state.formatNames.get(f) || f).join(', ') : 'nobody');
  if (!row.scannedBy.length) scanned.classList.add('gap-text');
  scanned.dataset.formats = row.scannedBy.join(',');
  const last = el('td', 'col-date', row.lastScanned ? day(row.lastScanned) : '—');
  if (row.lastScanned) last.title = row.lastScanned;
  const unit = el('td', 'col-unit');
  if (row.businessUnit) unit.append(el('span', 'unit', row.businessUnit));
  if (row.site) unit.append(el('span', 'muted site', row.site));
  if (!row.businessUnit && !row.site) unit.textContent = '—';
  const risk = el('td', 'col-risk');
  risk.append(el('span', 'risk-score', String(row.risk)));
  if (row.maxSeverity) {
    const sev = el('span', `sev-pill sev-${row.maxSeverity}`, SEVERITY_LABEL[row.maxSeverity]);
    sev.title = 'Most severe finding';
    risk.append(sev);
  }
  const gaps = el('td', 'col-gaps');
  gaps.dataset.gaps = row.gaps.join(',');
  if (row.gaps.length) {
    for (const gap of row.gaps) gaps.append(el('span', `gap gap-${gap.replace(/[^a-z_]/g, '')}`, gapLabel(gap)));
  } else {
    gaps.append(el('span', 'muted', 'none'));
  }
  tr.append(name, el('td', 'col-kind', kindLabel(row.kind)), identity, inventory, scanned, last,
    el('td', 'col-owner', row.owner || '—'), unit, el('td', 'col-criticality', row.criticality || '—'),
    risk, el('td', 'col-count', numberFormat.format(row.findings)), gaps);
  return tr;
}

// "container_image" -> "container image"
function kindLabel(kind) {
  return kind ? kind.replace(/_/g, ' ') : '—';
}

// ---------------------------------------------------------------------------
// Coverage view

const CLASS_LABEL = {
  network: 'network scan',
  host: 'host scan',
  container_sca: 'container / SCA scan',
  code_web: 'code or web scan',
  cloud: 'cloud scan',
};
const CLASS_TITLE = {
  network: 'Network', host: 'Host', container_sca: 'Container / SCA', code_web: 'Code / web', cloud: 'Cloud',
};
const COVERAGE_CARDS = ['inventory_assets', 'scanned_assets', 'inventory_only', 'scanned_only', 'unauthenticated', 'stale'];

function renderCoverage() {
  const summary = state.summary;
  const counts = (summary && summary.coverage) || {};
  for (const key of COVERAGE_CARDS) {
    const node = $(`cov-${key}`);
    const value = counts[key];
    // null: not known without an inventory, which is not the same as 0.
    node.dataset.value = value == null ? '' : String(value);
    node.textContent = value == null ? '—' : numberFormat.format(Number(value) || 0);
  }
  const coverage = state.coverage;
  els.coverageAsOf.textContent = coverage && coverage.as_of ? `as of ${coverage.as_of}` : '';
  if (!summary) {
    els.coverageNote.textContent = 'No results yet.';
  } else if (!coverage || !coverage.inventory) {
    els.coverageNote.textContent = 'No inventory was given, so assets nobody scanned cannot be found and '
      + '"in inventory" is unknown. Drop an asset inventory next to the scans: a CMDB or asset export as CSV or '
      + 'JSON, ServiceNow, AWS Config, Google Cloud Asset Inventory, Azure Resource Graph or runZero.';
  } else {
    els.coverageNote.textContent = `Inventories compared with what the scans saw; a scan older than `
      + `${coverage.stale_days ?? 30} days counts as stale.`;
  }
  els.coverageNote.dataset.inventory = coverage && coverage.inventory ? 'true' : 'false';

  const rows = [];
  if (coverage) {
    rows.push(matrixRow('All assets', null, coverage.by_class));
    for (const scope of coverage.by_scope) rows.push(matrixRow(str(scope.name), scope, scope.by_class));
  }
  els.matrixBody.replaceChildren(...rows);
  renderCoverageLists(coverage);
}

// One row of the scope × scanner class matrix: a header cell, then one cell
// per class that says covered/expected and % and, when it is empty or not
// full, why, in words.
function matrixRow(name, scope, byClass) {
  const tr = document.createElement('tr');
  tr.dataset.scope = scope ? name : '';
  const th = el('th', 'matrix-scope', name);
  th.scope = 'row';
  if (scope) {
    const pct = scope.coverage_pct == null ? '' : `, ${scope.coverage_pct}% fully covered`;
    th.append(el('span', 'muted matrix-sub',
      `${numberFormat.format(Number(scope.assets) || 0)} assets, ${numberFormat.format(Number(scope.scanned) || 0)} scanned${pct}`));
  }
  tr.append(th);
  for (const cls of SCAN_CLASSES) tr.append(matrixCell(cls, (byClass || {})[cls], scope ? 'in this scope' : ''));
  return tr;
}

function matrixCell(cls, counts, where) {
  const td = el('td', 'matrix-cell');
  const c = counts || {};
  const expected = Number(c.expected) || 0;
  const covered = Number(c.covered) || 0;
  const seen = Number(c.seen) || 0;
  td.dataset.class = cls;
  td.dataset.expected = String(expected);
  td.dataset.covered = String(covered);
  td.dataset.seen = String(seen);
  td.dataset.pct = c.covered_pct == null ? '' : String(c.covered_pct);
  const label = CLASS_LABEL[cls];
  const here = where ? ` ${where}` : '';
  let why;
  if (expected === 0) {
    td.dataset.state = 'empty';
    td.append(el('span', 'matrix-value', '—'));
    why = cls === 'network'
      ? `Network scans only discover hosts and ports; no asset${here} needs one to count as covered`
      : `No asset${here} calls for a ${label}`;
    if (seen > 0) why += ` (${numberFormat.format(seen)} seen by one)`;
  } else {
    const pct = c.covered_pct == null ? Math.floor((covered / expected) * 100) : Number(c.covered_pct);
    td.dataset.state = covered >= expected ? 'full' : covered === 0 ? 'none' : 'partial';
    td.append(el('span', 'matrix-value', `${numberFormat.format(covered)} / ${numberFormat.format(expected)}`),
      el('span', 'matrix-pct', `${pct}%`));
    const missing = expected - covered;
    why = missing > 0
      ? `${numberFormat.format(missing)} of ${numberFormat.format(expected)} ${expected === 1 ? 'asset' : 'assets'}${here} `
        + `that call for a ${label} had none`
      : `Every asset${here} that calls for a ${label} had one`;
  }
  // Visible, and so also what a screen reader reads with the cell.
  td.append(el('span', 'matrix-why', `${why}.`));
  td.title = `${CLASS_TITLE[cls]}: ${why}`;
  return td;
}

// The lists of coverage (each capped by the worker, with its total).
function renderCoverageLists(coverage) {
  const sections = [];
  if (coverage) {
    if (coverage.inventory_only) {
      for (const cls of SCAN_CLASSES) {
        const list = coverage.inventory_only[cls];
        if (list && list.total > 0) {
          sections.push(coverageList(`inventory_only-${cls}`,
            cls === 'network' ? 'In the inventory, not even discovered by a network or host scan'
              : `In the inventory, no ${CLASS_LABEL[cls]}`, list));
        }
      }
    }
    if (coverage.scanned_only) sections.push(coverageList('scanned_only', 'Scanned, in no inventory', coverage.scanned_only));
    sections.push(coverageList('unauthenticated', 'Host scans without credentials only', coverage.unauthenticated));
    sections.push(coverageList('stale', `Last scanned more than ${coverage.stale_days ?? 30} days ago`, coverage.stale));
  }
  els.coverageLists.replaceChildren(...sections);
}

function coverageList(key, title, list) {
  const section = el('section', 'coverage-list');
  section.dataset.list = key;
  section.dataset.total = String(list.total);
  const heading = el('h3', null, `${title} `);
  heading.append(el('span', 'muted', `(${numberFormat.format(list.total)})`));
  section.append(heading);
  if (!list.total) {
    section.append(el('p', 'muted', 'None.'));
    return section;
  }
  const ul = el('ul', 'asset-list');
  for (const item of list.items) {
    const li = el('li');
    li.dataset.asset = item.asset;
    li.append(el('span', 'asset-name', item.name), el('span', 'muted reason', ` — ${item.reason}`));
    ul.append(li);
  }
  if (list.total > list.items.length) {
    ul.append(el('li', 'muted more', `… and ${numberFormat.format(list.total - list.items.length)} more`));
  }
  section.append(ul);
  return section;
}

// ---------------------------------------------------------------------------
// Actions view: the remediation plan

function renderActions() {
  state.actionsStale = false;
  const actions = state.actions;
  els.actionsHeadline.textContent = actionsHeadline(state.summary, actions);
  els.pareto.hidden = !renderPareto(els.paretoChart, actions.slice(0, PARETO_ACTIONS));
  const shown = Math.min(actions.length, MAX_ROWS);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < shown; i++) fragment.append(...actionRows(actions[i]));
  els.actionsBody.replaceChildren(fragment);
  els.actionsNote.textContent = actions.length === 0 ? ''
    : shown < actions.length
      ? `Showing the first ${numberFormat.format(shown)} of ${numberFormat.format(actions.length)} actions.`
      : `${numberFormat.format(actions.length)} ${actions.length === 1 ? 'action' : 'actions'}, the one that removes the most risk first.`;
}

const ACTION_KIND_LABEL = {upgrade: 'upgrade', patch: 'patch', configure: 'configure', mitigate: 'mitigate'};

// An action's table row and the row under it that its button shows: the
// findings it fixes and the assets they are on, made when first shown.
function actionRows(action) {
  const tr = document.createElement('tr');
  tr.className = 'action-row';
  tr.dataset.id = action.id;
  tr.dataset.rank = String(action.rank);
  tr.dataset.cumulative = String(action.cumulativePct);
  const detailsId = `action-details-${action.rank}`;

  const title = el('td', 'col-action');
  const toggle = el('button', 'action-toggle');
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', detailsId);
  toggle.append(el('span', 'action-title', action.title));
  title.append(toggle);
  if (action.severity) title.append(el('span', `sev-pill sev-${action.severity}`, SEVERITY_LABEL[action.severity]));

  const risk = el('td', 'col-count col-removed', numberFormat.format(action.riskRemoved));
  risk.dataset.value = String(action.riskRemoved);
  const cumulative = el('td', 'col-count col-cumulative', `${pctText(action.cumulativePct)} %`);
  const kev = el('td', 'col-count col-kev', numberFormat.format(action.kev));
  if (action.kev > 0) kev.classList.add('has-kev');
  tr.append(el('td', 'col-count col-rank', String(action.rank)), title,
    el('td', 'col-kind', ACTION_KIND_LABEL[action.kind] || kindLabel(action.kind)),
    risk, cumulative, kev, el('td', 'col-date', action.due || '—'), el('td', 'col-owner', action.owner || '—'),
    el('td', 'col-count col-findings', numberFormat.format(action.findings.length)),
    el('td', 'col-count col-assets', numberFormat.format(action.assets.length)));

  const details = document.createElement('tr');
  details.className = 'action-details';
  details.id = detailsId;
  details.hidden = true;
  const cell = el('td');
  cell.colSpan = 10;
  details.append(cell);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open && !cell.firstChild) {
      const body = el('div', 'action-details-body');
      body.append(...actionDetails(action));
      cell.append(body);
    }
    details.hidden = !open;
  });
  return [tr, details];
}

// Capped like the coverage lists: an action may fix thousands of findings.
const ACTION_LIST_CAP = 200;

function actionDetails(action) {
  const findings = el('div', 'action-findings');
  findings.append(el('h3', null, `Findings (${numberFormat.format(action.findings.length)})`));
  const list = el('ul', 'action-finding-list');
  for (const id of action.findings.slice(0, ACTION_LIST_CAP)) {
    const row = findingRow(id);
    const li = el('li');
    li.dataset.finding = id;
    if (row) {
      li.append(el('span', `sev-pill sev-${row.severity}`, SEVERITY_LABEL[row.severity]), ' ',
        el('span', 'finding-title', row.title), el('span', 'muted', ` — ${row.asset || 'no asset'}`));
      if (row.place) li.append(el('span', 'muted', ` · ${row.place}`));
    } else {
      li.append(el('span', 'muted', id));
    }
    list.append(li);
  }
  if (action.findings.length > ACTION_LIST_CAP) {
    list.append(el('li', 'muted more', `… and ${numberFormat.format(action.findings.length - ACTION_LIST_CAP)} more`));
  }
  findings.append(list);

  const assets = el('div', 'action-assets');
  assets.append(el('h3', null, `Assets (${numberFormat.format(action.assets.length)})`));
  const names = el('ul', 'asset-list');
  for (const asset of action.assets.slice(0, ACTION_LIST_CAP)) {
    const li = el('li', 'asset-name', asset.name);
    li.dataset.asset = asset.id;
    names.append(li);
  }
  if (action.assets.length > ACTION_LIST_CAP) {
    names.append(el('li', 'muted more', `… and ${numberFormat.format(action.assets.length - ACTION_LIST_CAP)} more`));
  }
  assets.append(names);
  return [findings, assets];
}

// ---------------------------------------------------------------------------
// Overview (overview_view.js): drawn when shown; its links select another
// view.

const overviewView = new OverviewView({showView: (name) => selectTab(name, true)});

// ---------------------------------------------------------------------------
// Threat intel view (intel_view.js): a weakness leads to its findings; the
// intel itself is changed in the intel panel.

const intelView = new IntelView({
  showFindings(text) {
    setMode('findings');
    els.filter.value = text;
    state.filterTerms = text.toLowerCase().split(/\s+/).filter(Boolean);
    selectTab('findings', true);
    updateView();
  },
  showIntelPanel() {
    els.intelPanel.scrollIntoView({block: 'start'});
    els.intelPanel.focus();
  },
});

// ---------------------------------------------------------------------------
// Attack paths view (paths_view.js); the findings and actions it names are
// shown by their titles, and a finding is a way into the findings table.

const pathsView = new PathsView({
  findingLabel(id) {
    const row = findingRow(id);
    return row ? `${row.title}${row.asset ? ` — ${row.asset}` : ''}` : '';
  },
  actionLabel(id) {
    const action = state.actions.find((a) => a.id === id);
    return action ? action.title : '';
  },
  showFinding,
});

function renderPaths() {
  state.pathsStale = false;
  pathsView.render();
}

function findingRow(id) {
  if (!state.rowsById) state.rowsById = new Map(state.rows.map((row) => [row.id, row]));
  return state.rowsById.get(id);
}

// Shows finding `id` in the findings table: the raw findings (in the
// exposures mode it may be folded into another finding's row), filtered to
// its id, which the filter box then shows and the user can clear; its row
// marked and focused.
async function showFinding(id) {
  if (!findingRow(id)) return;
  setMode('findings');
  els.filter.value = id;
  state.filterTerms = [id.toLowerCase()];
  selectTab('findings', false);
  await updateView();
  const index = state.view.findIndex((r) => r.id === id);
  findingsTable.scrollToIndex(index);
  const tr = findingsTable.rowAt(index);
  if (!tr) return;
  tr.classList.add('row-target');
  tr.tabIndex = -1;
  tr.focus();
  tr.scrollIntoView({block: 'nearest'});
}

// ---------------------------------------------------------------------------
// Trend view: snapshots saved in this browser, their trend and diff

const DIFF_CLASSES = [
  {key: 'new', title: 'New', help: 'in the newer snapshot only'},
  {key: 'reopened', title: 'Reopened', help: 'fixed in an earlier snapshot, back now'},
  {key: 'fixed', title: 'Fixed', help: 'gone, and the newer scan looked again'},
  {key: 'not_reassessed', title: 'Not reassessed (not a fix)',
    help: 'gone from the newer snapshot only because its scan did not look again: still unknown'},
  {key: 'persisting', title: 'Persisting', help: 'in both; changed ones first'},
];
// Rows of each class rendered at once; the downloads have them all.
const DIFF_ROWS_CAP = 200;
const TRACK_EXTENSIONS = {json: '.json', csv: '.csv', markdown: '.md', html: '.html'};
const WORKSPACE_KEY = 'exposure-lens-workspace';

function trackRequest() {
  return state.nextTrack++;
}

function loadWorkspace() {
  let name = '';
  try {
    name = localStorage.getItem(WORKSPACE_KEY) || '';
  } catch {
    // Storage refused: the default workspace.
  }
  setWorkspace(name, false);
}

// Opens workspace `name` in the worker; receiveWorkspace() shows it.
function setWorkspace(name, remember = true) {
  const workspace = str(name).trim().slice(0, 100) || DEFAULT_WORKSPACE;
  els.workspace.value = workspace;
  sendWorkspace(toWorker.workspaceOpen, {name: workspace, passphrase: ''}, remember);
}

// Sends a workspace-* request; `remember`: the workspace it answers with is
// the one the next visit opens.
function sendWorkspace(make, fields, remember = true) {
  state.workspaceRequest = trackRequest();
  state.workspaceRemember = remember;
  els.workspacePanel.setAttribute('aria-busy', 'true');
  worker.postMessage(make({request: state.workspaceRequest, ...fields}));
}

function rememberWorkspace(workspace) {
  try {
    localStorage.setItem(WORKSPACE_KEY, workspace);
  } catch {
    // Not remembered across visits; still used now.
  }
}

// The worker's 'workspace': the workspace now open, its decisions and
// policy (the worker applied them and its intel already); when locked,
// nothing of it is shown.
function receiveWorkspace(msg) {
  els.workspacePanel.dataset.answers = String(Number(els.workspacePanel.dataset.answers) + 1);
  if (msg.request !== state.workspaceRequest) return;
  els.workspacePanel.removeAttribute('aria-busy');
  const changed = msg.name !== state.workspace;
  state.workspace = msg.name;
  state.workspaceLocked = msg.locked;
  state.workspaceEncrypted = msg.encrypted;
  els.workspace.value = msg.name;
  if (state.workspaceRemember) rememberWorkspace(msg.name);
  els.workspacePanel.dataset.encrypted = String(msg.encrypted);
  els.workspacePanel.dataset.locked = String(msg.locked);
  els.workspaceList.replaceChildren(...msg.workspaces.map((w) => {
    const option = document.createElement('option');
    option.value = str(w.name);
    if (w.encrypted) option.label = `${str(w.name)} (encrypted)`;
    return option;
  }));
  els.workspaceState.textContent = !msg.encrypted ? '' : msg.locked ? 'Encrypted, locked' : 'Encrypted, unlocked';
  els.workspaceLock.hidden = !msg.encrypted || msg.locked;
  els.workspaceUnlockForm.hidden = !msg.locked;
  els.workspaceUnlockError.hidden = !(msg.locked && msg.error);
  els.workspaceUnlockError.textContent = msg.locked && msg.error ? msg.error : '';
  if (msg.error && !msg.locked) showBanner(msg.error);
  if (msg.notes.length || changed) els.snapshotNotes.replaceChildren(...msg.notes.map((n) => el('li', null, str(n))));
  // The decisions and policy are the workspace's (the worker applied them).
  let decisions = [];
  try {
    const parsed = msg.decisions ? JSON.parse(msg.decisions) : null;
    if (parsed && Array.isArray(parsed.decisions)) decisions = parsed.decisions;
  } catch {
    // The worker checked them; unreadable here means none.
  }
  state.decisions = decisions;
  state.pendingDecisions.clear();
  renderDecisionsBar();
  state.policy = msg.policy;
  state.policyName = msg.policyName;
  state.snapshots = [];
  state.diff = null;
  if (msg.locked) {
    // Nothing of the workspace shown before (or of another) stays.
    renderSnapshotList();
    syncDiffPickers();
    state.trendRequest = 0;
    renderTrend([]);
    overviewView.setTrend([]);
    if (state.tab === 'overview') overviewView.render();
    if (!els.workspaceUnlockError.hidden) els.workspacePassphrase.focus();
  } else {
    requestSnapshots();
  }
}

function openCreateForm(open) {
  els.workspaceCreateForm.hidden = !open;
  els.workspaceNew.setAttribute('aria-expanded', String(open));
  els.workspaceCreateError.hidden = true;
  els.workspaceCreatePassphrase.value = '';
  els.workspaceCreateAgain.value = '';
  if (open) {
    els.workspaceCreateName.value = '';
    els.workspaceCreateName.focus();
  } else {
    els.workspaceNew.focus();
  }
}

function createWorkspace() {
  const name = els.workspaceCreateName.value.trim();
  const passphrase = els.workspaceCreatePassphrase.value;
  const problem = !name ? 'Give the workspace a name.'
    : passphrase !== els.workspaceCreateAgain.value ? 'The two passphrases differ.'
      : passphrase && passphrase.length < 8 ? 'Use a passphrase of 8 characters or more (or none).' : '';
  if (problem) {
    els.workspaceCreateError.textContent = problem;
    els.workspaceCreateError.hidden = false;
    return;
  }
  // The passphrase goes to the worker, which derives the key; the fields
  // are emptied at once.
  sendWorkspace(toWorker.workspaceCreate, {name, passphrase});
  openCreateForm(false);
}

function unlockWorkspace() {
  const passphrase = els.workspacePassphrase.value;
  els.workspacePassphrase.value = '';
  if (!passphrase) return;
  els.workspaceState.textContent = 'Unlocking…';
  sendWorkspace(toWorker.workspaceOpen, {name: state.workspace, passphrase});
}

function openRenameForm(open) {
  els.workspaceRenameForm.hidden = !open;
  els.workspaceRename.setAttribute('aria-expanded', String(open));
  if (open) {
    els.workspaceRenameName.value = state.workspace;
    els.workspaceRenameName.select();
    els.workspaceRenameName.focus();
  } else {
    els.workspaceRename.focus();
  }
}

function openDeleteConfirm(open) {
  els.workspaceDeleteConfirm.hidden = !open;
  els.workspaceDelete.setAttribute('aria-expanded', String(open));
  if (open) {
    els.workspaceDeleteQuestion.textContent = `Delete workspace “${state.workspace}” and everything kept for it in `
      + 'this browser (its snapshots, decisions, policy and threat intel)? This cannot be undone; export it first '
      + 'to keep a copy.';
    els.workspaceDeleteNo.focus();
  } else {
    els.workspaceDelete.focus();
  }
}

function exportWorkspace() {
  const request = trackRequest();
  state.downloads.set(request, '');
  worker.postMessage(toWorker.workspaceExport({request, name: state.workspace}));
}

function requestSnapshots() {
  if (state.workspaceLocked) return;
  state.listRequest = trackRequest();
  worker.postMessage(toWorker.snapshotList({request: state.listRequest, workspace: state.workspace}));
}

function saveCurrentSnapshot() {
  if (!state.report || state.saving) return;
  state.listRequest = trackRequest();
  state.saving = state.listRequest;
  updateExportButtons();
  els.snapshotStatus.textContent = 'Saving a snapshot of the current analysis…';
  worker.postMessage(toWorker.snapshotSave({session: state.session, request: state.listRequest,
    workspace: state.workspace, name: ''}));
}

function importSnapshots(files) {
  if (!files.length || state.fatal) return;
  els.snapshotStatus.textContent = `Importing ${files.length === 1 ? files[0].name : `${files.length} files`}…`;
  state.listRequest = trackRequest();
  worker.postMessage(toWorker.snapshotImport({request: state.listRequest, workspace: state.workspace, files}));
}

function deleteSnapshot(record) {
  els.snapshotStatus.textContent = `Deleting “${record.name}”…`;
  state.listRequest = trackRequest();
  worker.postMessage(toWorker.snapshotDelete({request: state.listRequest, workspace: state.workspace, id: record.id}));
}

function downloadSnapshot(record) {
  const request = trackRequest();
  state.downloads.set(request, '');
  worker.postMessage(toWorker.snapshotExport({request, id: record.id}));
}

// A download the worker made (a snapshot, a diff, a trend).
function receiveDownload(request, blob, error, name) {
  if (!state.downloads.has(request)) return;
  const fileName = name || state.downloads.get(request);
  state.downloads.delete(request);
  if (error || !blob) {
    showBanner(error || 'Nothing to download.');
    return;
  }
  saveBlob(blob, fileName);
}

function receiveSnapshots(msg) {
  // A save is answered even when the workspace changed meanwhile.
  if (msg.request === state.saving) {
    state.saving = 0;
    updateExportButtons();
  }
  if (msg.workspace !== state.workspace) return;
  // Only the answer to the latest list change ends "Saving…" and the like.
  if (msg.request === state.listRequest) els.snapshotStatus.textContent = '';
  if (msg.error) showBanner(msg.error);
  if (msg.notes.length) els.snapshotNotes.replaceChildren(...msg.notes.map((n) => el('li', null, str(n))));
  state.snapshots = msg.snapshots;
  renderSnapshotList();
  els.trendView.dataset.lists = String(Number(els.trendView.dataset.lists) + 1);
  requestTrend();
  syncDiffPickers();
}

function snapshotLabel(record) {
  return `${record.as_of || 'undated'} — ${record.name}`;
}

function renderSnapshotList() {
  const list = state.snapshots;
  els.trendView.dataset.snapshots = String(list.length);
  els.snapshotsNote.textContent = state.workspaceLocked
    ? `Workspace “${state.workspace}” is locked: unlock it to see its snapshots.`
    : list.length === 0 ? `No snapshots in workspace “${state.workspace}” yet: analyze scans, then “Save current analysis”.`
    : `${numberFormat.format(list.length)} ${list.length === 1 ? 'snapshot' : 'snapshots'} in workspace `
      + `“${state.workspace}”, oldest first.`;
  els.snapshotsBody.replaceChildren(...list.map((record) => {
    const tr = document.createElement('tr');
    tr.dataset.id = String(record.id);
    const saved = new Date(record.saved);
    const name = el('td', 'col-snapshot-name', record.name);
    if (record.sources && record.sources.length) name.title = record.sources.join('\n');
    const actions = el('td', 'col-snapshot-actions');
    const download = el('button', 'button subtle small snapshot-download', 'Download');
    download.type = 'button';
    download.setAttribute('aria-label', `Download snapshot ${snapshotLabel(record)}`);
    download.addEventListener('click', () => downloadSnapshot(record));
    const remove = el('button', 'button subtle small snapshot-delete', 'Delete');
    remove.type = 'button';
    remove.setAttribute('aria-label', `Delete snapshot ${snapshotLabel(record)}`);
    remove.addEventListener('click', () => deleteSnapshot(record));
    actions.append(download, remove);
    tr.append(el('td', 'col-date', record.as_of || '—'), name,
      el('td', 'col-date', Number.isNaN(saved.getTime()) ? '—' : saved.toLocaleString()),
      el('td', 'col-count', numberFormat.format(record.findings)),
      el('td', 'col-count', numberFormat.format(record.open)),
      el('td', 'col-count', numberFormat.format(record.open_risk)), actions);
    return tr;
  }));
}

// --- Trend

// The trend to show (download false: JSON), or a file of it to save.
function requestTrend(format = 'json', download = false) {
  const request = trackRequest();
  if (!download) state.trendRequest = request;
  else state.downloads.set(request, `exposure-lens-trend${TRACK_EXTENSIONS[format] || '.txt'}`);
  worker.postMessage(toWorker.trend({request, workspace: state.workspace, format}));
}

function receiveTrend(msg) {
  if (state.downloads.has(msg.request)) {
    receiveDownload(msg.request, msg.blob, msg.error, '');
    return;
  }
  if (msg.request !== state.trendRequest) return;
  if (msg.error) showBanner(msg.error);
  const points = msg.trend && Array.isArray(msg.trend.snapshots) ? msg.trend.snapshots : [];
  renderTrend(points);
  overviewView.setTrend(points);
  if (state.tab === 'overview') overviewView.render();
  els.trendView.dataset.trends = String(Number(els.trendView.dataset.trends) + 1);
}

const num = (v) => (v == null ? null : Number(v));

function renderTrend(points) {
  els.trendSection.hidden = points.length === 0;
  els.trendBody.replaceChildren(...points.map((p) => {
    const tr = document.createElement('tr');
    tr.dataset.asOf = str(p.as_of);
    const open = p.open || {};
    const cell = (value, cls = '') => {
      const td = el('td', `col-count ${cls}`.trim(), value == null ? '—' : numberFormat.format(value));
      td.dataset.value = value == null ? '' : String(value);
      return td;
    };
    const ttf = p.time_to_fix && p.time_to_fix.all ? p.time_to_fix.all.median_days : null;
    const age = p.backlog_age || {};
    tr.append(el('td', 'col-date', str(p.as_of) || '—'), cell(open.total, 'trend-open'),
      cell(open.critical, 'trend-critical'), cell(open.high, 'trend-high'), cell(p.open_kev, 'trend-kev'),
      cell(p.open_risk, 'trend-risk'), cell(p.new, 'trend-new'), cell(p.fixed, 'trend-fixed'),
      cell(p.not_reassessed, 'trend-not_reassessed'), cell(p.reopened, 'trend-reopened'),
      el('td', 'col-count', ttf == null ? '—' : Number(ttf).toFixed(1)),
      el('td', 'col-count', p.sla_on_time_pct == null ? '—' : `${Number(p.sla_on_time_pct).toFixed(1)} %`),
      el('td', 'col-age', ['0-30', '31-90', '91-180', '>180'].map((k) => numberFormat.format(Number(age[k]) || 0))
        .join(' / ')));
    return tr;
  }));
  if (!points.length) {
    for (const chart of [els.chartRisk, els.chartOpen, els.chartFlow]) chart.replaceChildren();
    return;
  }
  const dates = points.map((p) => str(p.as_of) || '?');
  renderLineChart(els.chartRisk, 'Open risk', dates, [
    {key: 'risk', name: 'open risk', values: points.map((p) => num(p.open_risk))},
  ]);
  renderLineChart(els.chartOpen, 'Open critical, high and known exploited findings', dates, [
    {key: 'critical', name: 'critical', values: points.map((p) => num((p.open || {}).critical))},
    {key: 'high', name: 'high', values: points.map((p) => num((p.open || {}).high))},
    {key: 'kev', name: 'KEV', values: points.map((p) => num(p.open_kev))},
  ]);
  renderLineChart(els.chartFlow, 'New, fixed and not reassessed findings since the previous snapshot', dates, [
    {key: 'new', name: 'new', values: points.map((p) => num(p.new))},
    {key: 'fixed', name: 'fixed', values: points.map((p) => num(p.fixed))},
    {key: 'not_reassessed', name: 'not reassessed', values: points.map((p) => num(p.not_reassessed))},
  ]);
}

// A line chart of `series` ([{key, name, values: [number|null]}]) over the
// snapshots' dates, one point per snapshot at even steps; null values (the
// first snapshot has nothing "since the previous") are left out. Drawn like
// the Pareto chart: SVG in a fixed coordinate system that CSS scales,
// colours from classes.
function renderLineChart(container, title, dates, series) {
  const W = 480;
  const H = 200;
  const m = {left: 52, right: 14, top: 12, bottom: 30};
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  const all = series.flatMap((s) => s.values.filter((v) => v != null));
  const max = niceCeiling(Math.max(1, ...all));
  const x = (i) => (dates.length === 1 ? m.left + plotW / 2 : m.left + (plotW * i) / (dates.length - 1));
  const y = (v) => m.top + plotH - (v / max) * plotH;
  const lastOf = (s) => {
    for (let i = s.values.length - 1; i >= 0; i--) if (s.values[i] != null) return i;
    return -1;
  };
  const described = series.map((s) => {
    const i = lastOf(s);
    return i < 0 ? `${s.name}: none yet` : `${s.name} ${numberFormat.format(s.values[i])}`;
  }).join(', ');
  const label = `${title} over ${dates.length} ${dates.length === 1 ? 'snapshot' : 'snapshots'}, `
    + `${dates[0]} to ${dates[dates.length - 1]}; latest: ${described}.`;
  const chart = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'trend-svg',
    preserveAspectRatio: 'xMidYMid meet'});
  chart.append(svg('title', {}, label));

  const grid = svg('g', {class: 'pareto-grid', 'aria-hidden': 'true'});
  // Counts are whole: no middle tick when it would fall between two.
  for (const f of (max % 2 === 0 ? [0, 0.5, 1] : [0, 1])) {
    const yy = m.top + plotH - f * plotH;
    grid.append(svg('line', {x1: m.left, x2: W - m.right, y1: yy, y2: yy, class: f === 0 ? 'pareto-axis' : 'pareto-gridline'}));
    grid.append(svg('text', {x: m.left - 6, y: yy + 4, 'text-anchor': 'end', class: 'pareto-tick'},
      numberFormat.format(Math.round(max * f))));
  }
  // Date ticks: the first, the last and a few between.
  const step = Math.max(1, Math.ceil(dates.length / 5));
  dates.forEach((d, i) => {
    if (i % step === 0 || i === dates.length - 1) {
      grid.append(svg('text', {x: x(i), y: H - m.bottom + 16, 'text-anchor': dates.length === 1 ? 'middle'
        : i === 0 ? 'start' : i === dates.length - 1 ? 'end' : 'middle', class: 'pareto-tick'}, d));
    }
  });
  chart.append(grid);

  for (const s of series) {
    const g = svg('g', {class: `trend-series series-${s.key}`, 'data-series': s.key});
    const pts = s.values.map((v, i) => (v == null ? null : [x(i), y(v)])).filter(Boolean);
    if (pts.length > 1) {
      g.append(svg('polyline', {points: pts.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' '),
        class: 'trend-line'}));
    }
    s.values.forEach((v, i) => {
      if (v == null) return;
      const dot = svg('circle', {cx: x(i), cy: y(v), r: 3.5, class: 'trend-dot', 'data-value': v});
      dot.append(svg('title', {}, `${dates[i]}: ${s.name} ${numberFormat.format(v)}`));
      g.append(dot);
    });
    chart.append(g);
  }
  container.replaceChildren(chart);
}

// --- Diff

// The two pickers list the snapshots; by default Old is the one before
// the latest and New the latest. A choice the user made stays while both
// snapshots are saved.
function syncDiffPickers() {
  const list = state.snapshots;
  els.diffSection.hidden = list.length < 2;
  const ids = new Set(list.map((r) => r.id));
  const keepOld = ids.has(Number(els.diffOld.value)) ? Number(els.diffOld.value) : null;
  const keepNew = ids.has(Number(els.diffNew.value)) ? Number(els.diffNew.value) : null;
  for (const select of [els.diffOld, els.diffNew]) {
    select.replaceChildren(...list.map((record) => {
      const option = document.createElement('option');
      option.value = String(record.id);
      option.textContent = snapshotLabel(record);
      return option;
    }));
  }
  if (list.length < 2) {
    state.diff = null;
    renderDiff(null);
    return;
  }
  const pickedOld = keepOld !== null && keepNew !== null && keepOld !== keepNew ? keepOld : list[list.length - 2].id;
  const pickedNew = keepOld !== null && keepNew !== null && keepOld !== keepNew ? keepNew : list[list.length - 1].id;
  els.diffOld.value = String(pickedOld);
  els.diffNew.value = String(pickedNew);
  requestDiff();
}

// The diff of the picked snapshots to show (download false: JSON), or a
// file of it to save.
function requestDiff(format = 'json', download = false) {
  const old = Number(els.diffOld.value);
  const now = Number(els.diffNew.value);
  if (!Number.isInteger(old) || !Number.isInteger(now)) return;
  if (old === now) {
    if (!download) {
      state.diffRequest = 0;
      state.diff = null;
      renderDiff(null);
      els.diffNote.textContent = 'Pick two different snapshots.';
    }
    return;
  }
  const request = trackRequest();
  if (!download) {
    state.diffRequest = request;
    els.diffNote.textContent = 'Comparing…';
  } else {
    const asOf = (id) => (state.snapshots.find((r) => r.id === id) || {}).as_of || 'undated';
    state.downloads.set(request, `exposure-lens-diff-${asOf(old)}-${asOf(now)}${TRACK_EXTENSIONS[format] || '.txt'}`);
  }
  worker.postMessage(toWorker.diff({request, workspace: state.workspace, old, new: now, format}));
}

function receiveDiff(msg) {
  if (state.downloads.has(msg.request)) {
    receiveDownload(msg.request, msg.blob, msg.error, '');
    return;
  }
  if (msg.request !== state.diffRequest) return;
  if (msg.error) {
    els.diffNote.textContent = msg.error;
    state.diff = null;
    renderDiff(null);
    return;
  }
  state.diff = msg.diff;
  const byId = (id) => state.snapshots.find((r) => r.id === id);
  const [older, newer] = [byId(msg.old), byId(msg.new)];
  els.diffNote.textContent = older && newer && String(older.as_of) > String(newer.as_of)
    ? 'Old is later than New: the diff reads backwards in time.' : '';
  renderDiff(msg.diff, older, newer);
  els.trendView.dataset.diffs = String(Number(els.trendView.dataset.diffs) + 1);
}

// older, newer: the two snapshots' records. The diff JSON's "new" is the
// list of new findings (it names the snapshot too, earlier, under the same
// key), so the dates come from the records.
function renderDiff(diff, older = null, newer = null) {
  els.diffSummary.hidden = !diff;
  if (!diff) {
    els.diffClasses.replaceChildren();
    return;
  }
  const summary = diff.summary || {};
  for (const key of ['new', 'fixed', 'not_reassessed', 'reopened', 'persisting']) setNumber($(`diff-count-${key}`), summary[key]);
  const changed = Number(summary.changed) || 0;
  const changedNode = $('diff-count-changed');
  changedNode.dataset.value = String(changed);
  changedNode.textContent = `${numberFormat.format(changed)} changed`;
  const before = Number(summary.open_risk_before) || 0;
  const after = Number(summary.open_risk_after) || 0;
  const risk = $('diff-risk');
  risk.dataset.before = String(before);
  risk.dataset.after = String(after);
  risk.textContent = `${numberFormat.format(before)} → ${numberFormat.format(after)}`;
  const reduction = $('diff-reduction');
  const pct = Number(summary.reduction_pct) || 0;
  reduction.dataset.value = String(pct);
  reduction.textContent = pct >= 0 ? `${pct.toFixed(1)} % less` : `${(-pct).toFixed(1)} % more`;
  const dated = (record) => (record && record.as_of ? record.as_of : 'an undated snapshot');
  els.diffHeadline.textContent = `From ${dated(older || diff.old)} to ${dated(newer)}: `
    + `${numberFormat.format(Number(summary.new) || 0)} new, ${numberFormat.format(Number(summary.fixed) || 0)} fixed, `
    + `${numberFormat.format(Number(summary.not_reassessed) || 0)} not reassessed, `
    + `${numberFormat.format(Number(summary.reopened) || 0)} reopened.`;
  els.diffClasses.replaceChildren(...DIFF_CLASSES.map((cls) => diffClassSection(cls, Array.isArray(diff[cls.key]) ? diff[cls.key] : [])));
}

// One class of the diff: a heading with its count and a table of its
// entries (changed persisting ones first). Persisting findings are many
// and the least news: their table starts collapsed.
function diffClassSection(cls, entries) {
  const section = el('section', `diff-class diff-class-${cls.key}`);
  section.dataset.class = cls.key;
  section.dataset.count = String(entries.length);
  const headingId = `diff-heading-${cls.key}`;
  const heading = el('h4', 'diff-class-heading', `${cls.title} `);
  heading.id = headingId;
  heading.append(el('span', 'muted', `(${numberFormat.format(entries.length)}) — ${cls.help}`));
  if (!entries.length) {
    section.append(heading, el('p', 'muted', 'None.'));
    return section;
  }
  const rows = cls.key === 'persisting'
    ? [...entries.filter((e) => e.changed), ...entries.filter((e) => !e.changed)] : entries;
  const shown = rows.slice(0, DIFF_ROWS_CAP);
  const table = el('table', 'plain-table diff-table');
  table.setAttribute('aria-labelledby', headingId);
  const head = table.createTHead().insertRow();
  for (const [text, c] of [['Asset'], ['Rule'], ['Title'], ['Severity'], ['Risk', 'col-count'], ['Reason']]) {
    const th = el('th', c || null, text);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  for (const entry of shown) {
    const tr = body.insertRow();
    tr.dataset.key = str(entry.key);
    const severity = SEVERITIES.includes(entry.severity) ? entry.severity : 'info';
    const sev = el('td', 'col-severity');
    sev.append(el('span', `sev-pill sev-${severity}`, SEVERITY_LABEL[severity]));
    const risk = el('td', 'col-count col-risk');
    risk.append(el('span', 'risk-score', String(Number(entry.risk) || 0)));
    if (entry.kev) risk.append(el('span', 'kev-badge', 'KEV'));
    const title = el('td', 'col-title');
    title.append(el('span', 'title-text', str(entry.title)));
    if (Array.isArray(entry.cves) && entry.cves.length) {
      title.append(el('span', 'rule-id muted', entry.cves.slice(0, MAX_CVES_SHOWN).join(', ')
        + (entry.cves.length > MAX_CVES_SHOWN ? ` +${entry.cves.length - MAX_CVES_SHOWN}` : '')));
    }
    const reason = el('td', 'col-reason', str(entry.reason) || (entry.changed === false ? 'unchanged' : '—'));
    tr.append(el('td', 'col-asset', str(entry.asset) || '—'), el('td', 'col-rule', str(entry.rule) || '—'), title, sev,
      risk, reason);
  }
  // Focusable: a wide table scrolls, and nothing in it takes focus.
  const wrap = el('div', 'table-wrap diff-table-wrap');
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-labelledby', headingId);
  wrap.append(table);
  const parts = [wrap];
  if (rows.length > shown.length) {
    parts.push(el('p', 'muted table-note', `Showing the first ${numberFormat.format(shown.length)} of `
      + `${numberFormat.format(rows.length)}; the downloads list them all.`));
  }
  if (cls.key === 'persisting') {
    const details = el('details', 'diff-persisting');
    const summaryEl = el('summary');
    summaryEl.append(heading);
    details.append(summaryEl, ...parts);
    section.append(details);
  } else {
    section.append(heading, ...parts);
  }
  return section;
}

// ---------------------------------------------------------------------------
// Exports: every format the core exports, made by the worker

const EXPORT_LABEL = {
  'sarif': 'SARIF',
  'ocsf': 'OCSF',
  'jira-csv': 'Jira CSV',
  'csv': 'CSV',
  'openvex': 'OpenVEX',
  'cyclonedx-vex': 'CycloneDX VEX',
  'html': 'HTML',
  'markdown': 'Markdown',
};
const EXPORT_BASE_NAME = 'exposure-lens';

function makeExportButtons(formats) {
  state.exportFormats = Array.isArray(formats) ? formats.filter((f) => f && typeof f.id === 'string') : [];
  const buttons = state.exportFormats.map((f) => {
    const button = el('button', 'button subtle small export-button', EXPORT_LABEL[f.id] || f.id);
    button.type = 'button';
    button.dataset.format = f.id;
    button.title = `Download as ${EXPORT_LABEL[f.id] || f.id} (${str(f.extension)})`;
    button.addEventListener('click', () => requestExport(f.id));
    return button;
  });
  els.exportBar.replaceChildren(els.exportBar.firstElementChild, ...buttons);
  els.exportBar.hidden = buttons.length === 0;
  updateExportButtons();
}

// Exports need a report, and wait while files are read or one is made.
function updateExportButtons() {
  const disabled = state.fatal || els.app.dataset.busy === 'true' || !state.report || state.exporting !== null;
  els.saveSnapshot.disabled = state.fatal || els.app.dataset.busy === 'true' || !state.report || state.saving !== 0;
  for (const button of els.exportBar.querySelectorAll('button')) {
    button.disabled = disabled;
    button.setAttribute('aria-busy', state.exporting && state.exporting.format === button.dataset.format
      ? 'true' : 'false');
  }
}

function requestExport(format) {
  if (state.exporting || !state.report) return;
  state.exporting = {request: state.nextExport++, format};
  updateExportButtons();
  worker.postMessage(toWorker.export({session: state.session, request: state.exporting.request, format}));
}

function receiveExport(msg) {
  if (!state.exporting || msg.request !== state.exporting.request) return;
  state.exporting = null;
  updateExportButtons();
  if (msg.error) {
    showBanner(msg.error);
    return;
  }
  const format = state.exportFormats.find((f) => f.id === msg.format);
  const extension = format ? str(format.extension) : '';
  // Part n > 0 of a split export is "exposure-lens-<n+1>.ext" (wasm/API.md).
  msg.blobs.forEach((blob, n) => {
    saveBlob(blob, `${EXPORT_BASE_NAME}${n > 0 ? `-${n + 1}` : ''}${extension}`);
  });
}

// Saves `blob` as a download named `name`. The URL is revoked once the
// download has started (revoking at once may cancel it).
function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---------------------------------------------------------------------------
// Decisions: the user's triage, applied by the core

const DECISION_STATUSES = ['accepted', 'false_positive', 'not_affected', 'deferred'];
// The order of the Status column, ascending.
const STATUS_ORDER = ['open', ...DECISION_STATUSES, 'fixed', 'suppressed'];
// OpenVEX's justifications only make sense for these.
const JUSTIFIED_STATUSES = ['not_affected', 'false_positive'];

// "false_positive" -> "false positive"
function statusLabel(status) {
  return str(status).replace(/_/g, ' ');
}

// The text of a decisions file (docs/mobilization.md) holding `list`:
// what the worker is sent and what "Download decisions" saves.
function decisionsFileText(list) {
  return `${JSON.stringify({decisions: list}, null, 2)}\n`;
}

// A decision that matches one finding by its id and nothing else: the kind
// this page makes, and replaces when the same finding is decided again.
function findingOf(decision) {
  const match = decision && decision.match;
  if (!match || typeof match !== 'object') return null;
  const keys = Object.keys(match);
  return keys.length === 1 && keys[0] === 'finding' ? str(match.finding) : null;
}

// Makes `list` the decisions: shown at once, sent to the worker, which
// checks and applies them and sends the report again. If the core refuses
// them, the list goes back to what it was (decisionsAnswered).
function setDecisions(list) {
  const request = state.nextDecisions++;
  state.pendingDecisions.set(request, state.decisions);
  state.decisions = list;
  renderDecisionsBar();
  worker.postMessage(toWorker.setDecisions({session: state.session, request, decisions: decisionsFileText(list)}));
}

function decisionsAnswered(request, error) {
  const previous = state.pendingDecisions.get(request);
  state.pendingDecisions.delete(request);
  if (!error) return;
  showBanner(error);
  // Undone only when no later list replaced it meanwhile.
  if (previous && request === state.nextDecisions - 1) {
    state.decisions = previous;
    renderDecisionsBar();
  }
}

function renderDecisionsBar() {
  const n = state.decisions.length;
  els.decisionsNote.dataset.count = String(n);
  els.decisionsNote.textContent = n === 0 ? 'No decisions yet: “Decide” on a finding marks it.'
    : `${numberFormat.format(n)} ${n === 1 ? 'decision' : 'decisions'} applied.`;
  els.downloadDecisions.disabled = n === 0;
}

// Decisions files dropped on the page (the worker recognised them): the
// last one replaces the list. Read here, not analyzed: they are small.
async function restoreDecisions(files) {
  const file = files[files.length - 1];
  let list;
  try {
    const parsed = JSON.parse(await file.text());
    if (!parsed || !Array.isArray(parsed.decisions)) throw new Error('no "decisions" array');
    list = parsed.decisions;
  } catch (err) {
    showBanner(`${file.name} was not read as a decisions file: ${err && err.message ? err.message : err}`);
    return;
  }
  setDecisions(list);
}

function downloadDecisions() {
  if (!state.decisions.length) return;
  saveBlob(new Blob([decisionsFileText(state.decisions)], {type: 'application/json'}), 'exposure-lens-decisions.json');
}

// The decision dialog for a row of the findings table: one finding, or in
// the exposures mode every finding of the row's exposure (one decision
// each: a decision matches finding ids).
function openDecide(row, opener) {
  const ids = row.sources
    ? state.rows.filter((r) => r.exposure === row.exposure).map((r) => r.id)
    : [row.id];
  state.deciding = {ids, opener};
  els.decideTarget.textContent = ids.length === 1
    ? `${row.title}${row.asset ? ` — ${row.asset}` : ''}`
    : `${row.title} — the ${numberFormat.format(ids.length)} findings of this exposure`;
  const decided = DECISION_STATUSES.includes(row.status);
  const t = row.triage || {};
  els.decideStatus.value = decided ? row.status : 'accepted';
  els.decideJustification.value = decided ? t.justification || '' : '';
  els.decideReason.value = decided ? t.reason || '' : '';
  els.decideUntil.value = decided ? t.until || '' : '';
  if (decided && t.by) els.decideBy.value = t.by; // else the last one typed stays
  const own = new Set(ids);
  els.decideRemove.hidden = !state.decisions.some((d) => own.has(findingOf(d)));
  syncJustification();
  els.decideDialog.showModal();
}

function syncJustification() {
  const justified = JUSTIFIED_STATUSES.includes(els.decideStatus.value);
  els.decideJustification.disabled = !justified;
  els.decideJustificationField.classList.toggle('disabled', !justified);
}

// The decisions without those of the dialog's findings, plus `entries`.
function replaceDecisions(entries) {
  const own = new Set(state.deciding.ids);
  setDecisions([...state.decisions.filter((d) => !own.has(findingOf(d))), ...entries]);
}

function saveDecision() {
  const status = els.decideStatus.value;
  const fields = {status};
  const justification = els.decideJustification.value;
  if (justification && JUSTIFIED_STATUSES.includes(status)) fields.justification = justification;
  const reason = els.decideReason.value.trim();
  if (reason) fields.reason = reason;
  const by = els.decideBy.value.trim();
  if (by) fields.by = by;
  if (els.decideUntil.value) fields.until = els.decideUntil.value;
  replaceDecisions(state.deciding.ids.map((finding) => ({match: {finding}, ...fields})));
  closeDecide();
}

function closeDecide() {
  const opener = state.deciding && state.deciding.opener;
  state.deciding = null;
  if (els.decideDialog.open) els.decideDialog.close();
  // The table may have been redrawn meanwhile; then the table takes focus.
  if (opener && opener.isConnected) opener.focus();
}

// ---------------------------------------------------------------------------
// Small helpers

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function showBanner(message) {
  els.banner.textContent = message;
  els.banner.hidden = false;
}

// ---------------------------------------------------------------------------
// Event wiring

els.fileInput.addEventListener('change', () => {
  addFiles(els.fileInput.files);
  // Reset so that choosing the same file again fires "change" and analyzes it again.
  els.fileInput.value = '';
});

els.loadDemo.addEventListener('click', () => loadDemo());

els.workspace.addEventListener('change', () => setWorkspace(els.workspace.value));
els.workspaceNew.addEventListener('click', () => openCreateForm(els.workspaceCreateForm.hidden));
els.workspaceCreateCancel.addEventListener('click', () => openCreateForm(false));
els.workspaceCreateForm.addEventListener('submit', (event) => {
  event.preventDefault();
  createWorkspace();
});
els.workspaceUnlockForm.addEventListener('submit', (event) => {
  event.preventDefault();
  unlockWorkspace();
});
els.workspaceLock.addEventListener('click', () => sendWorkspace(toWorker.workspaceLock, {}));
els.workspaceRename.addEventListener('click', () => openRenameForm(els.workspaceRenameForm.hidden));
els.workspaceRenameCancel.addEventListener('click', () => openRenameForm(false));
els.workspaceRenameForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const to = els.workspaceRenameName.value.trim();
  if (!to) return;
  sendWorkspace(toWorker.workspaceRename, {name: state.workspace, to});
  openRenameForm(false);
});
els.workspaceExport.addEventListener('click', exportWorkspace);
els.workspaceImportInput.addEventListener('change', () => {
  const [file] = els.workspaceImportInput.files || [];
  els.workspaceImportInput.value = '';
  if (file) sendWorkspace(toWorker.workspaceImport, {file});
});
els.workspaceDelete.addEventListener('click', () => openDeleteConfirm(els.workspaceDeleteConfirm.hidden));
els.workspaceDeleteNo.addEventListener('click', () => openDeleteConfirm(false));
els.workspaceDeleteYes.addEventListener('click', () => {
  sendWorkspace(toWorker.workspaceDelete, {name: state.workspace});
  openDeleteConfirm(false);
});
els.saveSnapshot.addEventListener('click', saveCurrentSnapshot);
els.snapshotInput.addEventListener('change', () => {
  importSnapshots(Array.from(els.snapshotInput.files || []));
  els.snapshotInput.value = '';
});
els.diffOld.addEventListener('change', () => requestDiff());
els.diffNew.addEventListener('change', () => requestDiff());
els.trendView.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-diff-format], button[data-trend-format]');
  if (!button) return;
  if (button.dataset.diffFormat) requestDiff(button.dataset.diffFormat, true);
  else requestTrend(button.dataset.trendFormat, true);
});
els.downloadDecisions.addEventListener('click', downloadDecisions);

// "Decide" buttons of the findings table: the row is the view's item the
// button's row draws.
els.tbody.addEventListener('click', (event) => {
  const button = event.target.closest('button.decide');
  if (!button) return;
  const row = state.view[findingsTable.indexOf(button)];
  if (row) openDecide(row, button);
});
els.decideStatus.addEventListener('change', syncJustification);
// A submit event that is always cancelled: the CSP's form-action 'none'
// would refuse a real one, and nothing is ever sent anywhere.
els.decideForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (state.deciding) saveDecision();
});
els.decideCancel.addEventListener('click', closeDecide);
els.decideRemove.addEventListener('click', () => {
  if (state.deciding) replaceDecisions([]);
  closeDecide();
});
// Escape closes the dialog by itself; forget what it was for.
els.decideDialog.addEventListener('close', () => {
  if (state.deciding) closeDecide();
});
els.clear.addEventListener('click', () => clearAll());
els.cancel.addEventListener('click', () => cancelRun());
els.download.addEventListener('click', requestReportFile);

// Drops are accepted anywhere on the page (a drop outside the zone would
// otherwise make the browser navigate to the file); the zone highlights
// while files are dragged over the window.
let dragDepth = 0;
const hasFiles = (event) => Array.from(event.dataTransfer?.types || []).includes('Files');
window.addEventListener('dragenter', (event) => {
  if (!hasFiles(event)) return;
  dragDepth++;
  els.dropZone.classList.add('dragging');
});
window.addEventListener('dragleave', (event) => {
  if (!hasFiles(event)) return;
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) els.dropZone.classList.remove('dragging');
});
window.addEventListener('dragover', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
});
window.addEventListener('drop', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  dragDepth = 0;
  els.dropZone.classList.remove('dragging');
  // On the threat-intel panel: taken as intel (with a preview); anywhere
  // else: scans, and intel among them is held back.
  const onPanel = event.target instanceof Element && event.target.closest('#intel-panel') !== null;
  addFiles(event.dataTransfer.files, onPanel);
});

els.intelInput.addEventListener('change', () => {
  addFiles(els.intelInput.files, true);
  els.intelInput.value = '';
});
els.intelApply.addEventListener('click', () => applyIntel(false));
els.intelConfirm.addEventListener('click', () => applyIntel(true));
els.intelDiscard.addEventListener('click', () => {
  hideIntelPreview(true);
  setIntelState('ready', '');
});
els.intelHeldReview.addEventListener('click', () => {
  const held = state.heldIntel;
  dropHeldIntel();
  if (!held) return;
  previewIntel(held);
  els.intelPanel.scrollIntoView({block: 'start'});
});
els.intelHeldDismiss.addEventListener('click', dropHeldIntel);
els.intelReset.addEventListener('click', () => {
  els.intelReset.disabled = true;
  els.intelError.hidden = true;
  hideIntelPreview(true);
  setIntelState('building', 'Switching to the built-in bundle…');
  worker.postMessage(toWorker.intelReset());
});

els.table.tHead.addEventListener('click', (event) => {
  const th = event.target.closest('th[data-key]');
  if (!th) return;
  const key = th.dataset.key;
  if (state.sort.key === key) {
    state.sort.dir = state.sort.dir === 'asc' ? 'desc' : 'asc';
  } else {
    // Risk and severity start highest-first; text columns start A→Z.
    state.sort = {key, dir: key === 'severity' || key === 'risk' ? 'desc' : 'asc'};
  }
  updateView();
});

els.tabs.addEventListener('click', (event) => {
  const tab = event.target.closest('[role="tab"]');
  if (tab) selectTab(tab.id.replace(/^tab-/, ''), false);
});
els.tabs.addEventListener('keydown', onTabKey);
els.modeExposures.addEventListener('click', () => setMode('exposures'));
els.modeFindings.addEventListener('click', () => setMode('findings'));

els.assetsTable.tHead.addEventListener('click', (event) => {
  const th = event.target.closest('th[data-key]');
  if (!th) return;
  const key = th.dataset.key;
  if (state.assetSort.key === key) {
    state.assetSort.dir = state.assetSort.dir === 'asc' ? 'desc' : 'asc';
  } else {
    // Numbers and ranks start highest-first; text columns start A→Z.
    const desc = ['risk', 'findings', 'criticality', 'inventory', 'gaps', 'lastScanned'].includes(key);
    state.assetSort = {key, dir: desc ? 'desc' : 'asc'};
  }
  updateAssetView();
});

let assetFilterTimer = 0;
els.assetFilter.addEventListener('input', () => {
  clearTimeout(assetFilterTimer);
  assetFilterTimer = setTimeout(() => {
    state.assetFilterTerms = els.assetFilter.value.toLowerCase().split(/\s+/).filter(Boolean);
    updateAssetView();
  }, 150);
});

let filterTimer = 0;
els.filter.addEventListener('input', () => {
  clearTimeout(filterTimer);
  // Debounced: filtering 100k rows on every keystroke would stutter.
  filterTimer = setTimeout(() => {
    state.filterTerms = els.filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    updateView();
  }, 150);
});

// Demo autoload: "?demo" in the URL, or a site.json with autoloadDemo: true
// next to the page. A missing or malformed site.json simply means "no".
if (new URLSearchParams(location.search).has('demo')) {
  loadDemo();
} else {
  fetch(new URL('site.json', document.baseURI), {cache: 'no-cache'})
    .then((r) => (r.ok ? r.json() : null))
    .then((config) => {
      if (config && config.autoloadDemo === true) loadDemo();
    })
    .catch(() => {});
}

selectTab('overview', false);
loadWorkspace();
