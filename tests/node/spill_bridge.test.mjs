// analyzer.setSpill through the wasm bridge: an analysis over its budget
// moves findings to the JavaScript spill space and gives the same report
// bytes; the space is closed when the analysis is freed; a failing space
// is an error in the report, not a crash.
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

// A spill space in JavaScript memory that counts what is asked of it.
function memorySpace({failReads = false} = {}) {
  let bytes = new Uint8Array(0);
  let end = 0;
  const space = {
    appends: 0, reads: 0, closed: 0,
    append(b) {
      if (end + b.length > bytes.length) {
        const grown = new Uint8Array(Math.max(2 * bytes.length, end + b.length));
        grown.set(bytes.subarray(0, end));
        bytes = grown;
      }
      bytes.set(b, end);
      end += b.length;
      space.appends++;
    },
    read(offset, into) {
      if (failReads) throw new Error('the disk went away');
      if (offset + into.length > end) throw new Error('read past the end');
      into.set(bytes.subarray(offset, offset + into.length));
      space.reads++;
    },
    truncate(size) {
      end = Math.min(end, size);
    },
    close() {
      space.closed++;
    },
  };
  return space;
}

function generated(kind, mb) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-spill-'));
  const file = path.join(tmp, `${kind}.export`);
  const gen = spawnSync('python3', [path.join(ROOT, 'bench/gen.py'), kind, String(mb), file]);
  assert.equal(gen.status, 0, String(gen.stderr));
  const bytes = fs.readFileSync(file);
  fs.rmSync(tmp, {recursive: true, force: true});
  return bytes;
}

function analyze(bytes, space, budget) {
  const a = core.newAnalyzer();
  if (space) assert.equal(a.setSpill(space, budget), true);
  a.begin('scan');
  for (let off = 0; off < bytes.length; off += 1 << 16) a.feed(bytes.subarray(off, off + (1 << 16)));
  a.end();
  return a;
}

test('over its budget an analysis spills and reports the same bytes; delete() closes the space', () => {
  for (const kind of ['nessus', 'trivy']) {
    const bytes = generated(kind, 3);
    const plain = analyze(bytes, null);
    const expected = plain.report();
    plain.delete();
    const space = memorySpace();
    const a = analyze(bytes, space, 64 * 1024);
    assert.ok(a.spilledBytes() > 200_000, `${kind}: ${a.spilledBytes()} bytes spilled`);
    assert.ok(Buffer.concat(a.reportParts('full').parts).toString() === expected, `${kind}: report differs`);
    assert.ok(space.appends > 0 && space.reads > 0);
    assert.equal(space.closed, 0);
    a.delete();
    assert.equal(space.closed, 1, `${kind}: space closed once`);
  }
});

test('setSpill after the first input is refused; a space that fails to read back is an error value', () => {
  const bytes = generated('nessus', 2);
  const a = core.newAnalyzer();
  a.begin('scan');
  a.feed(bytes);
  a.end();
  const late = memorySpace();
  assert.equal(a.setSpill(late, 1024), false);
  a.delete();
  assert.equal(late.closed, 0, 'a refused space is not the analyzer\'s to close');

  const broken = memorySpace({failReads: true});
  const b = analyze(bytes, broken, 64 * 1024);
  try {
    assert.ok(b.spilledBytes() > 0);
    const {error} = b.reportParts('full');
    assert.match(error.message, /spill space: the disk went away/);
  } finally {
    b.delete();
  }
});

test('budgets of 4 GiB and more keep everything in memory; none at all spills everything', () => {
  // A budget of 4096 MiB or more was cast to a 32-bit size in the bridge
  // and wrapped to 0: everything spilled (the dashboard's ?memory=4096).
  const bytes = generated('trivy', 2);
  for (const mb of [4096, 4097, 8192, 1e9]) {
    const space = memorySpace();
    const a = analyze(bytes, space, mb * 1024 * 1024);
    try {
      assert.equal(a.spilledBytes(), 0, `${mb} MiB: ${a.spilledBytes()} bytes spilled`);
      assert.equal(space.appends, 0);
    } finally {
      a.delete();
    }
  }
  for (const budget of [0, -1, NaN]) {
    const a = analyze(bytes, memorySpace(), budget);
    try {
      assert.ok(a.spilledBytes() > 0, `budget ${budget}: nothing spilled`);
    } finally {
      a.delete();
    }
  }
});
