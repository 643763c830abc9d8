// The dashboard's TableRowsReader (web/rows.js), fed the CLI's table detail
// cut at arbitrary places: the rows are the report's findings in order,
// with asset names and explanations resolved, however the text arrives;
// the asset rows, exposures, the plan's actions and coverage likewise.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {COVERAGE_LIST_CAP, SCAN_CLASSES, TableRowsReader, attackPaths, exposureRows} from '../../web/rows.js';
import {ROOT} from '../support/corpus_inputs.mjs';

// EXPOSURE_CLI: the CLI to compare with instead of build/bin/exposure.
const CLI = path.resolve(process.env.EXPOSURE_CLI || path.join(ROOT, 'build/bin/exposure'));

function cli(args) {
  const r = spawnSync(CLI, args, {maxBuffer: 1 << 30});
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout.toString('utf8');
}

// Reads `text` in pieces of `size` characters; {rows, slices, summary}.
function readRows(text, size, sliceSize = 1000) {
  const slices = [];
  const reader = new TableRowsReader((rows) => slices.push(rows), sliceSize);
  for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
  const {summary, rows} = reader.end();
  assert.equal(rows, slices.reduce((n, s) => n + s.length, 0));
  return {rows: slices.flat(), slices, summary};
}

test('rows are the table detail\'s findings, for any cut of its text', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-rows-'));
  try {
    const nessus = path.join(tmp, 'scan.nessus');
    const gen = spawnSync('python3', [path.join(ROOT, 'bench/gen.py'), 'nessus', '2', nessus]);
    assert.equal(gen.status, 0, String(gen.stderr));
    const trivy = path.join(ROOT, 'examples/webapp-image.trivy.json');
    const text = cli(['analyze', '--detail', 'table', nessus, trivy]);
    const report = JSON.parse(text);
    assert.ok(report.findings.length > 1000, `${report.findings.length} findings`);
    const names = new Map(report.assets.map((a) => [a.id, a.name || a.id]));
    const why = new Map(report.priorities.map((p) =>
      [p.id, p.risk.factors.map((x) => `${x.name}: ${x.value} (+${x.points})`).join('\n')]));

    const whole = readRows(text, text.length);
    assert.deepEqual(whole.summary, report.summary);
    assert.equal(whole.rows.length, report.findings.length);
    assert.ok(whole.slices.every((s, i) => s.length === 1000 || i === whole.slices.length - 1));
    whole.rows.forEach((row, i) => {
      const f = report.findings[i];
      assert.equal(row.index, i);
      assert.equal(row.title, f.title);
      assert.equal(row.risk, f.risk);
      assert.equal(row.severity, f.severity);
      assert.equal(row.asset, f.asset == null ? '' : names.get(f.asset));
      assert.equal(row.why, why.get(f.priority));
      assert.deepEqual(row.cves, f.cves);
      assert.equal(row.input, f.source.input);
    });
    for (const size of [1, 7, 4093, 1 << 20]) {
      const cut = readRows(text, size);
      assert.deepEqual(cut.rows, whole.rows, `pieces of ${size}`);
      assert.deepEqual(cut.summary, whole.summary);
    }
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});

test('text that is not a table detail is an error, not rows', () => {
  const full = cli(['analyze', path.join(ROOT, 'examples/host-scan.nessus')]);
  assert.throws(() => readRows(full, 1000));
  const table = cli(['analyze', '--detail', 'table', path.join(ROOT, 'examples/host-scan.nessus')]);
  assert.throws(() => readRows(table.slice(0, Math.floor(table.length / 2)), 1000));
});

// The demo files: two scanners on one image (shared exposures) and an
// inventory with hosts nobody scanned.
const DEMO = ['host-scan.nessus', 'webapp-image.trivy.json', 'webapp-image.grype.json', 'cmdb-assets.csv']
  .map((name) => path.join(ROOT, 'examples', name));

function readAll(text, size, sliceSize = 2) {
  const got = {rows: [], assets: [], exposures: [], actions: []};
  const reader = new TableRowsReader((s) => got.rows.push(s), sliceSize, {
    onAssets: (s) => got.assets.push(s),
    onExposures: (s) => got.exposures.push(s),
    onActions: (s) => got.actions.push(s),
  });
  for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
  const end = reader.end();
  for (const key of ['rows', 'assets', 'exposures', 'actions']) {
    assert.ok(got[key].every((s) => s.length <= sliceSize), `${key}: slices of at most ${sliceSize}`);
    got[key] = got[key].flat();
  }
  assert.equal(end.rows, got.rows.length);
  assert.equal(end.assets, got.assets.length);
  assert.equal(end.exposures, got.exposures.length);
  assert.equal(end.actions, got.actions.length);
  return {...got, end};
}

test('asset rows, exposures and coverage are the table detail\'s', () => {
  const text = cli(['analyze', '--detail', 'table', ...DEMO]);
  const report = JSON.parse(text);
  const {rows, assets, exposures, end} = readAll(text, 97);
  assert.ok(report.exposures.length > 0, 'the demo has exposures several tools report');
  assert.ok(report.coverage.inventory, 'the demo has an inventory');

  assert.equal(assets.length, report.assets.length);
  assets.forEach((row, i) => {
    const a = report.assets[i];
    assert.equal(row.index, i);
    assert.equal(row.id, a.id);
    assert.equal(row.name, a.name);
    assert.equal(row.kind, a.kind);
    assert.equal(row.inInventory, a.in_inventory);
    assert.deepEqual(row.scannedBy, a.scanned_by);
    assert.equal(row.lastScanned, a.last_scanned ?? '');
    assert.equal(row.owner, a.owner ?? '');
    assert.equal(row.businessUnit, a.business_unit ?? '');
    assert.equal(row.site, a.site ?? '');
    assert.equal(row.criticality, a.criticality ?? '');
    assert.equal(row.risk, a.risk);
    assert.equal(row.findings, a.findings);
    assert.deepEqual(row.gaps, a.gaps);
  });
  rows.forEach((row, i) => assert.equal(row.exposure, report.findings[i].exposure));
  assert.deepEqual(exposures, report.exposures.map((e) => ({id: e.id, sources: e.sources, findings: e.findings})));

  // Coverage: counts as they are, lists with names, nothing capped here.
  const names = new Map(report.assets.map((a) => [a.id, a.name]));
  const named = (list) => ({total: list.length, items: list.map((x) => ({...x, name: names.get(x.asset)}))});
  assert.deepEqual(end.coverage.by_class, report.coverage.by_class);
  assert.deepEqual(end.coverage.by_scope, report.coverage.by_scope);
  for (const cls of SCAN_CLASSES) {
    assert.deepEqual(end.coverage.inventory_only[cls], named(report.coverage.inventory_only[cls]), cls);
  }
  assert.deepEqual(end.coverage.scanned_only, named(report.coverage.scanned_only));
  assert.deepEqual(end.coverage.unauthenticated, named(report.coverage.unauthenticated));
  assert.deepEqual(end.coverage.stale, named(report.coverage.stale));

  // Exposure rows: one per exposure, the shared ones on their top finding.
  const byExposure = new Map(exposures.map((e) => [e.id, e]));
  const grouped = exposureRows(rows, byExposure);
  assert.equal(grouped.length, report.summary.exposures);
  assert.equal(new Set(grouped.map((r) => r.exposure)).size, grouped.length);
  for (const e of report.exposures) {
    const row = grouped.find((r) => r.exposure === e.id);
    const members = report.findings.filter((f) => f.exposure === e.id);
    assert.equal(row.grouped, e.findings);
    assert.equal(members.length, e.findings);
    assert.equal(row.tools, new Set(e.sources).size);
    assert.equal(row.risk, Math.max(...members.map((f) => f.risk)));
    assert.equal(row.risk, e.risk);
  }
  // A finding alone in its exposure is its own row, not a copy.
  for (const row of grouped) {
    if (!byExposure.has(row.exposure)) assert.ok(rows.includes(row));
  }
});

test('coverage lists are capped, with their totals', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-rows-'));
  try {
    const inventory = path.join(tmp, 'cmdb.csv');
    const lines = ['hostname,ip address,owner'];
    for (let i = 0; i < COVERAGE_LIST_CAP + 57; i++) lines.push(`host${i},10.9.${i >> 8}.${i & 255},ops`);
    fs.writeFileSync(inventory, `${lines.join('\n')}\n`);
    const text = cli(['analyze', '--detail', 'table', inventory, path.join(ROOT, 'examples/host-scan.nessus')]);
    const report = JSON.parse(text);
    const {end} = readAll(text, 4093, 100);
    const host = report.coverage.inventory_only.host;
    assert.equal(host.length, COVERAGE_LIST_CAP + 57);
    assert.equal(end.coverage.inventory_only.host.total, host.length);
    assert.equal(end.coverage.inventory_only.host.items.length, COVERAGE_LIST_CAP);
    assert.deepEqual(end.coverage.inventory_only.host.items.map((x) => x.asset),
      host.slice(0, COVERAGE_LIST_CAP).map((x) => x.asset));
    assert.equal(end.coverage.scanned_only.total, report.coverage.scanned_only.length);
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});

test('without an inventory the inventory lists are null', () => {
  const text = cli(['analyze', '--detail', 'table', path.join(ROOT, 'examples/host-scan.nessus')]);
  const {end} = readAll(text, 1000);
  assert.equal(end.coverage.inventory, false);
  assert.equal(end.coverage.inventory_only, null);
  assert.equal(end.coverage.scanned_only, null);
  assert.equal(end.summary.coverage.inventory_assets, null);
});

// The plan: every action in plan order, asset names resolved; and each
// finding row says its status, the decision behind it and its action.
test('actions and the findings\' triage are the table detail\'s', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-rows-'));
  try {
    const plain = JSON.parse(cli(['analyze', '--detail', 'table', ...DEMO]));
    // Three decisions: one with every member, one expired (the demo's
    // scans are of 2023, so a 2023-01-01 "until" has passed), one bare.
    const [first, second, third] = plain.findings.filter((f) => f.action);
    const decisions = path.join(tmp, 'decisions.json');
    fs.writeFileSync(decisions, JSON.stringify({decisions: [
      {match: {finding: first.id}, status: 'not_affected', justification: 'vulnerable_code_not_present',
        reason: 'not built', by: 'ops', until: '2099-12-31'},
      {match: {finding: second.id}, status: 'accepted', until: '2023-01-01'},
      {match: {finding: third.id}, status: 'deferred'},
    ]}));
    const text = cli(['analyze', '--detail', 'table', '--decisions', decisions, ...DEMO]);
    const report = JSON.parse(text);
    assert.ok(report.actions.length > 3, `${report.actions.length} actions`);
    const {rows, actions, end} = readAll(text, 89, 3);

    const names = new Map(report.assets.map((a) => [a.id, a.name || a.id]));
    assert.equal(actions.length, report.actions.length);
    assert.equal(end.actions, report.summary.actions);
    actions.forEach((row, i) => {
      const a = report.actions[i];
      assert.equal(row.rank, i + 1);
      assert.equal(row.id, a.id);
      assert.equal(row.kind, a.kind);
      assert.equal(row.title, a.title);
      assert.equal(row.severity, a.severity);
      assert.equal(row.kev, a.kev);
      assert.equal(row.riskRemoved, a.risk_removed);
      assert.equal(row.cumulativePct, a.cumulative_pct);
      assert.equal(row.due, a.due ?? '');
      assert.equal(row.owner, a.owner ?? '');
      assert.deepEqual(row.target, a.target);
      assert.deepEqual(row.findings, a.findings);
      assert.deepEqual(row.assets, a.assets.map((id) => ({id, name: names.get(id)})));
    });

    rows.forEach((row, i) => {
      const f = report.findings[i];
      assert.equal(row.id, f.id);
      assert.equal(row.status, f.status);
      assert.equal(row.action, f.action ?? '');
      assert.equal(row.decisionExpired, f.decision_expired === true);
      assert.equal(row.triage === null, f.triage === undefined, f.id);
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.equal(byId.get(first.id).status, 'not_affected');
    assert.deepEqual(byId.get(first.id).triage,
      {by: 'ops', reason: 'not built', until: '2099-12-31', justification: 'vulnerable_code_not_present'});
    assert.equal(byId.get(first.id).decisionExpired, false);
    // An expired decision: open again, marked so, and no longer applies.
    assert.equal(byId.get(second.id).status, 'open');
    assert.equal(byId.get(second.id).decisionExpired, true);
    assert.equal(byId.get(second.id).triage, null);
    assert.equal(byId.get(third.id).status, 'deferred');
    assert.deepEqual(byId.get(third.id).triage, {by: '', reason: '', until: '', justification: ''});
    // Without decisions every finding the demo has is open, none decided.
    assert.ok(plain.findings.every((f) => f.status === 'open' && f.triage === undefined));
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});

// The attack-path members (graph, paths, choke_points, fix_set), written
// as the table detail writes root members (kLines: each element of a root
// array on a line of its own), reach the page whole; a report without a
// graph has none.
test('attack paths survive the reader, one element a line', () => {
  const step = {from: 'internet', to: 'zone:dmz', kind: 'reach', basis: 'declared', likelihood: 1, evidence: 'policy'};
  const paths = [{id: 'path-1', jewel: 'asset:a-1', rank: 1, likelihood: 0.5, steps: [step]},
    {id: 'path-2', jewel: 'asset:a-1', rank: 2, likelihood: 1.5, steps: [{...step, via: 'weakness:x', findings: ['f-1']}]}];
  const chokes = [{node: 'zone:dmz', kind: 'zone', label: 'dmz', paths_cut: 2, jewels_protected: 1,
    jewels: ['asset:a-1'], findings: [], actions: ['act-1']}];
  const graph = {nodes: 3, edges: 2, edges_by_kind: {reach: 2}, edges_by_basis: {declared: 2},
    data: {network: false, identity: true}, jewels: [{node: 'asset:a-1', label: 'db', reachable: true, paths: 2,
      likelihood: 0.5}], path_nodes: [{id: 'internet', kind: 'internet', label: 'Internet'}]};
  const lines = (list) => `[\n${list.map((x) => JSON.stringify(x)).join(',\n')}\n]`;
  const head = '{"schema":"exposure-lens/report/v3","detail":"table","inputs":[\n{"name":"a"}\n],"summary":{},'
    + '"findings":[\n{"id":"f-1","title":"t"}\n]';
  const text = `${head},"graph":${JSON.stringify(graph)},"paths":${lines(paths)},"choke_points":${lines(chokes)},`
    + '"fix_set":{"size":1,"cuts_all":true,"jewels_reachable":1,"items":[{"node":"zone:dmz","paths_cut":2}]}}\n';
  for (const size of [1, 13, text.length]) {
    const reader = new TableRowsReader(() => {}, 10);
    for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
    const {rows, attack} = reader.end();
    assert.equal(rows, 1);
    assert.deepEqual(attack, attackPaths({graph, paths, choke_points: chokes,
      fix_set: {size: 1, cuts_all: true, jewels_reachable: 1, items: [{node: 'zone:dmz', paths_cut: 2}]}}));
  }
  const reader = new TableRowsReader(() => {}, 10);
  reader.push(text);
  const {attack} = reader.end();
  assert.deepEqual(attack.paths.map((p) => [p.id, p.likelihood, p.steps[0].via, p.steps[0].findings]),
    [['path-1', 0.5, '', []], ['path-2', 1, 'weakness:x', ['f-1']]]);
  assert.deepEqual(attack.chokePoints[0], {node: 'zone:dmz', kind: 'zone', label: 'dmz', pathsCut: 2, findings: [],
    actions: ['act-1'], jewelsProtected: 1, jewels: ['asset:a-1']});
  assert.deepEqual(attack.data, {network: false, identity: true, cloud: null, policy: null});
  assert.deepEqual(attack.fixSet.items, [{node: 'zone:dmz', kind: '', label: 'zone:dmz', pathsCut: 2, findings: [],
    actions: []}]);

  const plain = new TableRowsReader(() => {}, 10);
  plain.push(`${head}}\n`);
  assert.equal(plain.end().attack, null);
});
