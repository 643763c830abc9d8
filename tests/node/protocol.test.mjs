// The dashboard's page/worker protocol (web/protocol.js): messages made by
// its constructors pass the receiver's checks, and anything else (an
// unknown type, a misspelt constant or field, a field of the wrong kind, a
// type without a handler) throws a ProtocolError instead of being dropped.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ProtocolError, ToPage, ToWorker, receiver, toPage, toWorker} from '../../web/protocol.js';

// A receiver for every type of `constants` that records what it was given.
function recording(constants, seen) {
  const handlers = {};
  for (const type of Object.values(constants)) handlers[type] = (msg) => seen.push(msg);
  return receiver(constants, handlers);
}

test('messages made by the constructors reach the handler of their type', () => {
  const seen = [];
  const worker = recording(ToWorker, seen);
  const file = new Blob(['<NessusClientData_v2/>']);
  const analyze = toWorker.analyze({session: 1, batch: 2, memoryMb: undefined,
    items: [{id: 1, name: 'a.nessus', file}, {id: 2, name: 'b.json', url: 'demo/b.json'}]});
  assert.equal(analyze.type, 'analyze');
  worker(structuredClone(analyze));
  worker(toWorker.intelReset());
  worker(toWorker.intelPreview({request: 1, kev: file, epss: null, vulnrichment: [], metasploit: null,
    exploitdb: null, nuclei: null, notes: []}));
  worker(toWorker.intelApply({request: 1}));
  worker(toWorker.closeSpills());
  assert.deepEqual(seen.map((m) => m.type), [ToWorker.ANALYZE, ToWorker.INTEL_RESET, ToWorker.INTEL_PREVIEW,
    ToWorker.INTEL_APPLY, ToWorker.CLOSE_SPILLS]);

  const page = recording(ToPage, seen);
  page(toPage.fileDone({session: 1, id: 1, input: null, readError: 'could not open: gone'}));
  page(toPage.report({session: 1, batch: 2, report: 1, summary: {findings: 3}, attack: null, rows: 3, spilledBytes: 0, error: null}));
  assert.equal(seen.at(-1).type, 'report');
});

test('an unknown message type is rejected, however it is spelt', () => {
  const worker = recording(ToWorker, []);
  const page = recording(ToPage, []);
  assert.throws(() => worker({type: 'analyse', session: 1}), ProtocolError);
  assert.throws(() => worker({type: 'ready', version: '0.1.0', formats: []}), /page -> worker: unknown message type "ready"/);
  assert.throws(() => page({type: 'intel-reset'}), /worker -> page: unknown message type "intel-reset"/);
  for (const data of [null, 'reset', [], {}, {type: 7}]) {
    assert.throws(() => worker(data), ProtocolError, JSON.stringify(data));
  }
  assert.throws(() => ToPage.REDY, {name: 'ProtocolError', message: 'no message type REDY'});
  assert.throws(() => toWorker.analyse({}), TypeError);
});

test('a missing, misspelt or ill-typed field is rejected, made or received', () => {
  assert.throws(() => toWorker.reset({sesion: 1}), /'reset' has no field "sesion"/);
  assert.throws(() => toWorker.reset({}), /'reset'.session must be an integer/);
  assert.throws(() => toWorker.reset({session: 1, type: 'analyze'}), ProtocolError);
  assert.throws(() => toPage.progress({session: 1, id: 1, bytes: '10', size: null}), /'progress'.bytes must be a number/);
  assert.throws(() => toWorker.analyze({session: 1, batch: 1, items: [{id: 1, name: 'x'}]}), /items must be/);
  assert.throws(() => toWorker.analyze({session: 1, batch: 1,
    items: [{id: 1, name: 'x', url: 'a', file: new Blob([])}]}), /items must be/);
  assert.throws(() => toWorker.classify({request: 1, files: ['a.json']}), /files must be an array of which each is a Blob or File/);
  const page = recording(ToPage, []);
  assert.throws(() => page({type: 'file-start', session: 1, id: 1}), /'file-start'.size must be a number or null/);
});

test('a receiver must handle every type of its direction, and only those', () => {
  const all = Object.fromEntries(Object.values(ToPage).map((type) => [type, () => {}]));
  const {[ToPage.REPORT_FILE]: dropped, ...missing} = all;
  assert.equal(typeof dropped, 'function');
  assert.throws(() => receiver(ToPage, missing), /worker -> page: no handler for 'report-file'/);
  assert.throws(() => receiver(ToPage, {...all, 'repot': () => {}}), /a handler for unknown type "repot"/);
  assert.throws(() => receiver({}, all), /pass ToWorker or ToPage/);
});

test('the plan, export and decisions messages are checked like the others', () => {
  const seen = [];
  const worker = recording(ToWorker, seen);
  worker(toWorker.setDecisions({session: 1, request: 1, decisions: '{"decisions": []}'}));
  worker(toWorker.export({session: 1, request: 2, format: 'markdown'}));
  const page = recording(ToPage, seen);
  page(toPage.reportActions({session: 1, batch: 1, actions: []}));
  page(toPage.exportFile({session: 1, request: 2, format: 'markdown', blobs: [new Blob(['# x'])], error: null}));
  page(toPage.exportFile({session: 1, request: 3, format: 'sarif', blobs: [], error: 'sarif: pending'}));
  page(toPage.decisionsSet({request: 1, error: null}));
  assert.deepEqual(seen.map((m) => m.type),
    ['set-decisions', 'export', 'report-actions', 'export-file', 'export-file', 'decisions-set']);
  assert.throws(() => toWorker.setDecisions({session: 1, request: 1, decisions: {decisions: []}}),
    /'set-decisions'.decisions must be a string/);
  assert.throws(() => toPage.exportFile({session: 1, request: 2, format: 'csv', blobs: ['a,b'], error: null}),
    /'export-file'.blobs must be an array of which each is a Blob or File/);
  assert.throws(() => toPage.reportCoverage({session: 1, batch: 1, coverage: null, assets: 0, exposures: 0}),
    /'report-coverage'.actions must be an integer/);
});

test('the snapshot, diff and trend messages are checked like the others', () => {
  const seen = [];
  const worker = recording(ToWorker, seen);
  const snap = new Blob([new Uint8Array([0x28, 0xb5, 0x2f, 0xfd])]);
  worker(toWorker.snapshotList({request: 1, workspace: 'default'}));
  worker(toWorker.snapshotSave({session: 1, request: 2, workspace: 'default', name: ''}));
  worker(toWorker.snapshotImport({request: 3, workspace: 'lab', files: [snap]}));
  worker(toWorker.snapshotDelete({request: 4, workspace: 'lab', id: 7}));
  worker(toWorker.snapshotExport({request: 5, id: 7}));
  worker(toWorker.diff({request: 6, workspace: 'lab', old: 1, new: 2, format: 'json'}));
  worker(toWorker.trend({request: 7, workspace: 'lab', format: 'csv'}));
  const page = recording(ToPage, seen);
  page(toPage.snapshots({request: 1, workspace: 'default', workspaces: ['default'],
    snapshots: [{id: 1, name: 'a.nessus', as_of: '2022-03-23'}], notes: [], error: null}));
  page(toPage.snapshotFile({request: 5, name: 'x.snap', blob: snap, error: null}));
  page(toPage.diffDone({request: 6, old: 1, new: 2, format: 'json', diff: {summary: {}}, blob: snap, error: null}));
  page(toPage.trendDone({request: 7, workspace: 'lab', format: 'csv', trend: null, blob: null, error: 'gone'}));
  assert.deepEqual(seen.map((m) => m.type), ['snapshot-list', 'snapshot-save', 'snapshot-import', 'snapshot-delete',
    'snapshot-export', 'diff', 'trend', 'snapshots', 'snapshot-file', 'diff-done', 'trend-done']);
  assert.throws(() => toWorker.snapshotDelete({request: 1, workspace: 'lab', id: '7'}), /'snapshot-delete'.id must be an integer/);
  assert.throws(() => toWorker.diff({request: 1, workspace: 'lab', old: 1, format: 'json'}), /'diff'.new must be an integer/);
  assert.throws(() => toWorker.snapshotImport({request: 1, workspace: 'lab', files: ['a.snap']}), /files must be an array/);
  assert.throws(() => toPage.snapshots({request: 1, workspace: 'lab', workspaces: [], snapshots: [1], notes: [], error: null}),
    /'snapshots'.snapshots must be an array of which each is an object/);
});

test("'track' carries snapshot files only", () => {
  const seen = [];
  const worker = recording(ToWorker, seen);
  worker(structuredClone(toWorker.track({request: 3, files: [new Blob(['{}']), new Blob([])]})));
  assert.equal(seen[0].type, ToWorker.TRACK);
  assert.throws(() => toWorker.track({request: 3, files: ['one.snap']}), /files must be an array of which each is a Blob/);
  assert.throws(() => toWorker.track({request: 3, files: [], workspace: 'default'}), /'track' has no field "workspace"/);
});
