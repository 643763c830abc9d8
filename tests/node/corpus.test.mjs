// Every scanner export of the shared corpus (and the project's own fixtures)
// gives the same report bytes through the wasm core as through the native
// CLI: the wasm target reads every format, fed in chunks the way the
// dashboard and the edge worker feed it.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadCore} from '../../build/wasm/core.mjs';
import {ROOT, allInputs, formatIds} from '../support/corpus_inputs.mjs';

const nativeCli = path.join(ROOT, 'build/bin/exposure');
// Odd on purpose, so tokens and UTF-8 sequences straddle chunk ends.
const CHUNK = 64 * 1024 + 7;

// Feeds `file` to a fresh analyzer in CHUNK-sized pieces; returns
// {input, report}.
function analyzeInWasm(core, file) {
  const a = core.newAnalyzer();
  try {
    const bytes = fs.readFileSync(file);
    a.begin(file);
    for (let off = 0; off < bytes.length; off += CHUNK) {
      a.feed(bytes.subarray(off, off + CHUNK));
    }
    const input = a.end();
    const report = a.report();
    const full = a.reportParts('full');
    const table = a.reportParts('table');
    assert.equal(full.error, undefined);
    assert.equal(table.error, undefined);
    return {input, report, fullParts: full.parts, tableParts: table.parts};
  } finally {
    a.delete();
  }
}

function loadWasmCore() {
  return loadCore({
    wasmBinary: fs.readFileSync(path.join(ROOT, 'build/wasm/exposure_core.wasm')),
  });
}

test('every corpus file and fixture: wasm report bytes equal the native CLI\'s', async () => {
  const files = allInputs();
  assert.ok(files.length > 30, `only ${files.length} inputs found`);
  const core = await loadWasmCore();
  const formats = new Set();
  const mismatches = [];
  for (const file of files) {
    const native = spawnSync(nativeCli, ['analyze', file], {maxBuffer: 1 << 30});
    // 1: nothing could be read (an empty file); the report is printed anyway.
    assert.ok(native.status === 0 || native.status === 1, `native exit code for ${file}`);
    const {input, report} = analyzeInWasm(core, file);
    if (input.format) formats.add(input.format);
    if (report !== native.stdout.toString()) mismatches.push(path.relative(ROOT, file));
  }
  assert.deepEqual(mismatches, [], 'files whose wasm report differs');
  // Every format the core lists was among them.
  assert.deepEqual(formatIds().filter((f) => !formats.has(f)), [], 'formats never read');
});

test('generated exports (bench/gen.py, 2 MB each): wasm report bytes equal the native CLI\'s', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-gen-'));
  try {
    const core = await loadWasmCore();
    const expected = {nessus: 'nessus', qualys: 'qualys_scan_xml', trivy: 'trivy',
      grype: 'grype', sarif: 'sarif', zap: 'zap_xml'};
    for (const [kind, format] of Object.entries(expected)) {
      const file = path.join(tmp, `${kind}-export`);
      const gen = spawnSync('python3', [path.join(ROOT, 'bench/gen.py'), kind, '2', file]);
      assert.equal(gen.status, 0, `bench/gen.py ${kind}: ${gen.stderr}`);
      const native = spawnSync(nativeCli, ['analyze', file], {maxBuffer: 1 << 30});
      assert.equal(native.status, 0, `native exit code for ${kind}`);
      const {input, report, fullParts, tableParts} = analyzeInWasm(core, file);
      assert.equal(input.format, format);
      assert.deepEqual(input.errors, [], `${kind}: errors`);
      assert.ok(input.findings > 100, `${kind}: ${input.findings} findings`);
      assert.ok(report === native.stdout.toString(), `${kind}: wasm report differs`);
      // reportParts: the same bytes in pieces of about 1 MiB, and the table
      // detail the native CLI writes.
      assert.ok(fullParts.length > 1, `${kind}: one piece`);
      assert.ok(fullParts.every((p) => p.length <= (1 << 20) + (1 << 16)), `${kind}: a piece too large`);
      assert.ok(Buffer.concat(fullParts).equals(native.stdout), `${kind}: parts differ from the report`);
      const table = spawnSync(nativeCli, ['analyze', '--detail', 'table', file], {maxBuffer: 1 << 30});
      assert.equal(table.status, 0);
      // Both a line per element: the table drops rules, texts and evidence
      // (35-62 % of the full report's bytes on these inputs).
      assert.ok(table.stdout.length < native.stdout.length * 0.7, `${kind}: table not smaller`);
      assert.ok(Buffer.concat(tableParts).equals(table.stdout), `${kind}: wasm table differs`);
    }
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
