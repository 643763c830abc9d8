// Every scanner export of the shared corpus (and the project's own fixtures)
// gives the same report bytes through the wasm core as through the native
// CLI: the wasm target reads every format, fed in chunks the way the
// dashboard and the edge worker feed it.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {loadCore} from '../../build/wasm/core.mjs';
import {ROOT, allInputs, formatIds} from '../support/corpus_inputs.mjs';

const nativeCli = path.join(ROOT, 'build/bin/exposure');
// Odd on purpose, so tokens and UTF-8 sequences straddle chunk ends.
const CHUNK = 64 * 1024 + 7;

test('every corpus file and fixture: wasm report bytes equal the native CLI\'s', async () => {
  const files = allInputs();
  assert.ok(files.length > 30, `only ${files.length} inputs found`);
  const core = await loadCore({
    wasmBinary: fs.readFileSync(path.join(ROOT, 'build/wasm/exposure_core.wasm')),
  });
  const formats = new Set();
  const mismatches = [];
  for (const file of files) {
    const native = spawnSync(nativeCli, ['analyze', file], {maxBuffer: 1 << 30});
    // 1: nothing could be read (an empty file); the report is printed anyway.
    assert.ok(native.status === 0 || native.status === 1, `native exit code for ${file}`);
    const a = core.newAnalyzer();
    try {
      const bytes = fs.readFileSync(file);
      a.begin(file);
      for (let off = 0; off < bytes.length; off += CHUNK) {
        a.feed(bytes.subarray(off, off + CHUNK));
      }
      const input = a.end();
      if (input.format) formats.add(input.format);
      if (a.report() !== native.stdout.toString()) mismatches.push(path.relative(ROOT, file));
    } finally {
      a.delete();
    }
  }
  assert.deepEqual(mismatches, [], 'files whose wasm report differs');
  // Every format the core lists was among them.
  assert.deepEqual(formatIds().filter((f) => !formats.has(f)), [], 'formats never read');
});
