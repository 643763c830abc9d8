// The report read a piece at a time through the wasm bridge (openReport,
// reportStream): the same bytes as report(), one piece at a time in wasm
// memory, and safe against the analysis changing or being deleted while a
// report is open.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadCore} from '../../build/wasm/core.mjs';
import {ROOT} from '../support/corpus_inputs.mjs';

const core = await loadCore({
  wasmBinary: fs.readFileSync(path.join(ROOT, 'build/wasm/exposure_core.wasm')),
});

function example(name) {
  return fs.readFileSync(path.join(ROOT, 'examples', name));
}

function analyzerOf(files) {
  const a = core.newAnalyzer();
  for (const [name, bytes] of files) {
    a.begin(name);
    a.feed(bytes);
    a.end();
  }
  return a;
}

async function readAll(stream) {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

test('reportStream gives the bytes of report(), for both details', async () => {
  const a = analyzerOf([['host-scan.nessus', example('host-scan.nessus')],
    ['webapp-image.trivy.json', example('webapp-image.trivy.json')]]);
  try {
    const full = await readAll(a.reportStream());
    assert.equal(full.toString(), a.report());
    const table = await readAll(a.reportStream('table'));
    assert.ok(Buffer.concat(a.reportParts('table').parts).equals(table));
    assert.ok(table.length < full.length / 2);
    assert.ok(table.toString().startsWith('{"schema":"exposure-lens/report/v3","detail":"table"'));
  } finally {
    a.delete();
  }
});

test('{pretty: true} indents the report: the bytes of `exposure analyze --pretty`', async () => {
  const names = ['host-scan.nessus', 'webapp-image.trivy.json'];
  const a = analyzerOf(names.map((n) => [n, example(n)]));
  try {
    const lines = await readAll(a.reportStream());
    const pretty = await readAll(a.reportStream('full', {pretty: true}));
    assert.ok(Buffer.concat(a.reportParts('full', {pretty: true}).parts).equals(pretty));
    assert.ok(pretty.toString().startsWith('{\n  "schema": "exposure-lens/report/v3",\n'));
    assert.ok(lines.toString().startsWith('{"schema":"exposure-lens/report/v3","tool":'));
    assert.ok(pretty.length > lines.length);
    assert.deepEqual(JSON.parse(pretty), JSON.parse(lines));
    const cli = path.join(ROOT, 'build/bin/exposure');
    if (fs.existsSync(cli)) {
      const native = spawnSync(cli, ['analyze', '--pretty', ...names],
        {cwd: path.join(ROOT, 'examples'), maxBuffer: 1 << 28});
      assert.equal(native.status, 0);
      assert.ok(native.stdout.equals(pretty), 'the native CLI\'s --pretty differs');
    }
  } finally {
    a.delete();
  }
});

test('a report stops with an error when the analysis changes under it', () => {
  const a = analyzerOf([['host-scan.nessus', example('host-scan.nessus')]]);
  try {
    const report = a.openReport();
    assert.ok(report.next().length > 0);
    a.begin('more.nessus');
    assert.equal(report.next(), null);
    assert.match(report.error().message, /analysis changed while its report was read/);
    report.close();
    a.end();
    // A report opened afterwards covers both inputs.
    const after = JSON.parse(Buffer.concat(a.reportParts().parts).toString());
    assert.equal(after.inputs.length, 2);
  } finally {
    a.delete();
  }
});

test('a report outlives its analyzer\'s delete(); a bad detail is an error value', async () => {
  const a = analyzerOf([['host-scan.nessus', example('host-scan.nessus')]]);
  const expected = a.report();
  const stream = a.reportStream();
  a.delete();
  assert.equal((await readAll(stream)).toString(), expected);

  const b = analyzerOf([]);
  try {
    const bad = b.openReport('everything');
    assert.equal(bad.next(), null);
    assert.match(bad.error().message, /unknown report detail: everything/);
    bad.close();
    await assert.rejects(readAll(b.reportStream('everything')), /unknown report detail/);
  } finally {
    b.delete();
  }
});

test('a cancelled stream frees its report; the analyzer goes on', async () => {
  const a = analyzerOf([['host-scan.nessus', example('host-scan.nessus')]]);
  try {
    const reader = a.reportStream().getReader();
    const first = await reader.read();
    assert.ok(first.value.length > 0);
    await reader.cancel();
    a.begin('again.nessus');
    a.feed(example('host-scan.nessus'));
    assert.deepEqual(a.end().errors, []);
    assert.equal(JSON.parse(a.report()).inputs.length, 2);
  } finally {
    a.delete();
  }
});

// A report over twice its input: streamed, wasm memory does not grow by
// more than a few pieces; report() (the control) grows it by the report.
test('a streamed report holds a piece at a time in wasm memory', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-stream-'));
  try {
    const file = path.join(tmp, 'trivy.json');
    const gen = spawnSync('python3', [path.join(ROOT, 'bench/gen.py'), 'trivy', '10', file]);
    assert.equal(gen.status, 0, String(gen.stderr));
    const a = analyzerOf([['trivy.json', fs.readFileSync(file)]]);
    try {
      const memory = () => core.module.HEAPU8.length;
      const before = memory();
      let bytes = 0;
      let pieces = 0;
      const reader = a.reportStream().getReader();
      for (;;) {
        const {done, value} = await reader.read();
        if (done) break;
        bytes += value.length;
        pieces++;
      }
      const grown = memory() - before;
      assert.ok(bytes > 20 << 20, `report of ${bytes} bytes`);
      assert.ok(pieces > 20, `${pieces} pieces`);
      assert.ok(grown <= 4 << 20, `wasm memory grew by ${grown} bytes while streaming`);
      const whole = a.report();
      assert.equal(Buffer.byteLength(whole, 'utf8'), bytes);
      assert.ok(memory() - before >= bytes / 2, 'report() should need the report in wasm memory');
    } finally {
      a.delete();
    }
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
