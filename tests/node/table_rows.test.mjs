// The dashboard's TableRowsReader (web/rows.js), fed the CLI's table detail
// cut at arbitrary places: the rows are the report's findings in order,
// with asset names and explanations resolved, however the text arrives.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {TableRowsReader} from '../../web/rows.js';
import {ROOT} from '../support/corpus_inputs.mjs';

const CLI = path.join(ROOT, 'build/bin/exposure');

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
