// Snapshots, diff and trend (issue 19) on Node: the wasm CLI must print what
// the native CLI prints, byte for byte (stdout, stderr, exit code, the
// snapshot file), and core.mjs's tracker must give the same diff, gates and
// trend as the CLI.
//
// The inputs are three weekly scans made from examples/host-scan.nessus in a
// temp dir (small, so every run takes a fraction of a second):
//   week1.nessus  without the MS17-010 finding (a KEV)
//   week2.nessus  seven days later: MS17-010 is there (new), the Apache
//                 finding is gone (fixed)
//   week3.nessus  fourteen days later: the OpenSSH finding is gone too
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadCore} from '../../build/wasm/core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nativeCli = path.join(root, 'build/bin/exposure');
const wasmCli = path.join(root, 'build/wasm/exposure.mjs');

let tmp;
let core;
const WEEKS = ['week1.nessus', 'week2.nessus', 'week3.nessus'];

// The scan with the ReportItems of these plugins removed and every host's
// timestamps `days` later.
function weekScan(source, dropPlugins, days) {
  let text = source;
  for (const plugin of dropPlugins) {
    const re = new RegExp(`<ReportItem\\b[^>]*pluginID="${plugin}"[\\s\\S]*?</ReportItem>\\s*`);
    assert.match(text, re, `plugin ${plugin} in host-scan.nessus`);
    text = text.replace(re, '');
  }
  return text.replace(/(<tag name="HOST_(?:START|END)_TIMESTAMP">)([0-9]+)(<\/tag>)/g,
      (_, open, t, close) => `${open}${Number(t) + days * 86400}${close}`);
}

before(async () => {
  for (const f of [nativeCli, wasmCli]) {
    assert.ok(fs.existsSync(f), `${f} is missing: build the project first`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-track-'));
  const source = fs.readFileSync(path.join(root, 'examples/host-scan.nessus'), 'utf8');
  fs.writeFileSync(path.join(tmp, WEEKS[0]), weekScan(source, ['97833'], 0));
  fs.writeFileSync(path.join(tmp, WEEKS[1]), weekScan(source, ['156255'], 7));
  fs.writeFileSync(path.join(tmp, WEEKS[2]), weekScan(source, ['156255', '179072'], 14));
  // A snapshot of a schema this build does not know yet; the reader takes
  // uncompressed JSON lines too.
  fs.writeFileSync(path.join(tmp, 'v9.json'), '{"schema":"exposure-lens/snapshot/v9"}\n');
  core = await loadCore({wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/exposure_core.wasm'))});
});

after(() => {
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
});

function run(cmd, args) {
  const r = spawnSync(cmd, args, {cwd: tmp, maxBuffer: 1 << 30});
  if (r.error) throw r.error;
  return {code: r.status, stdout: r.stdout, stderr: r.stderr.toString()};
}

// The same, not waiting: the wasm runs (about half a second each, mostly
// loading the core) go side by side.
function runAsync(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {cwd: tmp, stdio: ['ignore', 'pipe', 'pipe']});
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout: Buffer.concat(out),
      stderr: Buffer.concat(err).toString()}));
  });
}

function assertSame(n, w, what) {
  assert.equal(w.code, n.code, `exit code of ${what} (native stderr: ${n.stderr})`);
  assert.equal(w.stderr, n.stderr, `stderr of ${what}`);
  assert.ok(w.stdout.equals(n.stdout), `stdout of ${what} differs ` +
      `(wasm ${w.stdout.length} bytes, native ${n.stdout.length} bytes)`);
}

// Runs `args` with both CLIs in the temp dir; asserts identical exit code,
// stderr and stdout; resolves the native run.
async function sameRun(args) {
  const n = run(nativeCli, args);
  const w = await runAsync(process.execPath, [wasmCli, ...args]);
  assertSame(n, w, args.join(' '));
  return n;
}

// Several at once: resolves their native runs, in order.
const sameRuns = (list) => Promise.all(list.map(sameRun));

test('snapshot: the wasm CLI writes the native CLI\'s bytes', async () => {
  const args = ['snapshot', '--out', 'snap.zst', WEEKS[0], WEEKS[1]];
  const out = path.join(tmp, 'snap.zst');
  const n = run(nativeCli, args);
  assert.equal(n.code, 0, n.stderr);
  const native = fs.readFileSync(out);
  fs.rmSync(out);
  const [w] = await Promise.all([
    runAsync(process.execPath, [wasmCli, ...args]),
    // Without --out it is the same usage error.
    sameRun(['snapshot', WEEKS[0]]).then((r) => assert.equal(r.code, 2)),
  ]);
  assertSame(n, w, args.join(' '));
  const wasm = fs.readFileSync(out);
  assert.ok(wasm.equals(native), `snapshot files differ (wasm ${wasm.length} bytes, native ${native.length})`);
  // Zstandard frame magic: 28 b5 2f fd.
  assert.equal(native.readUInt32LE(0), 0xfd2fb528);
});

test('diff: json, csv, markdown and html are identical', async () => {
  const runs = await sameRuns([
    ['diff', '--format', 'json', WEEKS[0], WEEKS[1]],
    ['diff', '--format', 'csv', WEEKS[0], WEEKS[1]],
    // Sides given with --history/--old/--new, and --top.
    ['diff', '--format', 'markdown', '--top', '1', '--history', WEEKS[0], '--old', WEEKS[1], '--new', WEEKS[2]],
    ['diff', '--format', 'html', '--history', WEEKS[0], '--old', WEEKS[1], '--new', WEEKS[2]],
  ]);
  for (const r of runs) {
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.length > 0);
  }
  const {summary} = JSON.parse(runs[0].stdout);
  assert.equal(summary.new, 1);
  assert.equal(summary.fixed, 1);
});

test('diff: a tripped --fail-on new: gate is exit 3, a usage error exit 2, identically', async () => {
  const [gated, usage] = await sameRuns([
    ['diff', '--format', 'json', '--fail-on', 'new:kev', '--fail-on', 'new:risk>1000', WEEKS[0], WEEKS[1]],
    ['diff', WEEKS[0]],
  ]);
  assert.equal(gated.code, 3);
  assert.equal(gated.stderr, 'exposure: gate new:kev: 1 open finding\n');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^exposure: diff needs OLD NEW/);
});

test('trend: json, csv and html are identical', async () => {
  const runs = await sameRuns(['json', 'csv', 'html'].map((format) =>
    ['trend', '--format', format, ...WEEKS]));
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(runs[0].stdout).snapshots.length, 3);
  // The native CLI refuses a newer snapshot schema (the wasm one is the
  // same code; the tracker test below checks the core's answer).
  const v9 = run(nativeCli, ['trend', 'v9.json']);
  assert.equal(v9.code, 1);
  assert.match(v9.stderr, /snapshot schema version 9 is newer than this Exposure Lens reads/);
});

// ------------------------------------------------------ core.mjs tracker

function file(name) {
  return {name, bytes: fs.readFileSync(path.join(tmp, name))};
}

function native(args) {
  return run(nativeCli, args);
}

test('tracker: addSnapshot old/new, diff, gates, trend give the CLI\'s results', (t) => {
  const tracker = core.newTracker();
  t.after(() => tracker.delete());
  assert.match(tracker.diff('json').error.message, /diff needs an old and a new snapshot/);
  const old = tracker.addSnapshot('old', [file(WEEKS[0])]);
  assert.equal(old.error, undefined);
  assert.deepEqual(old.snapshot.sources, [WEEKS[0]]);
  assert.equal(old.snapshot.findings, 13);
  assert.deepEqual(old.snapshot.errors, []);
  const now = tracker.addSnapshot('new', [file(WEEKS[1])]);
  assert.equal(now.snapshot.as_of > old.snapshot.as_of, true);

  const json = tracker.diff('json');
  const cli = native(['diff', '--format', 'json', '--fail-on', 'new:kev', WEEKS[0], WEEKS[1]]);
  assert.equal(json.text, cli.stdout.toString());
  const {summary} = JSON.parse(json.text);
  assert.deepEqual(summary, JSON.parse(cli.stdout).summary);
  assert.equal(summary.new, 1);
  assert.equal(summary.fixed, 1);
  for (const format of ['csv', 'markdown']) {
    assert.equal(tracker.diff(format, 2).text,
        native(['diff', '--format', format, '--top', '2', WEEKS[0], WEEKS[1]]).stdout.toString());
  }
  assert.match(tracker.diff('pdf').error.message, /pdf/);

  const gates = tracker.gates(['new:kev', 'severity>=critical', 'new:risk>1000']);
  assert.equal(gates.error, undefined);
  assert.deepEqual(gates.gates.map(({gate}) => gate), ['new:kev', 'severity>=critical', 'new:risk>1000']);
  assert.equal(gates.gates[0].count, 1);
  assert.equal(gates.gates[2].count, 0);
  assert.match(cli.stderr, new RegExp(`gate new:kev: ${gates.gates[0].count} open finding`));
  const bad = tracker.gates(['new:kev', 'bogus']);
  assert.match(bad.error.message, /--fail-on bogus: expected kev/);

  for (const week of WEEKS) {
    assert.equal(tracker.addSnapshot('point', [file(week)]).error, undefined);
  }
  for (const format of ['json', 'csv']) {
    assert.equal(tracker.trend(format).text,
        native(['trend', '--format', format, ...WEEKS]).stdout.toString(), `trend ${format}`);
  }
  assert.match(tracker.side('later').message, /unknown side "later"/);
});

test('tracker: a snapshot the analyzer made is read back; a newer schema is refused', (t) => {
  const analyzer = core.newAnalyzer();
  const tracker = core.newTracker();
  t.after(() => {
    analyzer.delete();
    tracker.delete();
  });
  const week1 = file(WEEKS[0]);
  analyzer.begin(week1.name);
  analyzer.feed(week1.bytes);
  analyzer.end();
  const {bytes} = analyzer.snapshot();
  assert.equal(Buffer.from(bytes).readUInt32LE(0), 0xfd2fb528);
  // The diff of the snapshot and of the export it was made from agree.
  tracker.addSnapshot('old', [{name: 'week1.zst', bytes}]);
  tracker.addSnapshot('new', [file(WEEKS[1])]);
  const cli = native(['diff', '--format', 'csv', WEEKS[0], WEEKS[1]]);
  assert.equal(tracker.diff('csv').text, cli.stdout.toString());

  // Alone, the v9 file gives no snapshot (close() says only that nothing
  // was read: the reason is in the errors the bridge drops then); beside
  // an export, it is skipped with the reason in errors.
  const alone = tracker.addSnapshot('new', [file('v9.json')]);
  assert.match(alone.error.message, /no snapshot, report or recognised export was read/);
  const beside = tracker.addSnapshot('new', [file('v9.json'), file(WEEKS[1])]);
  assert.equal(beside.error, undefined);
  assert.equal(beside.snapshot.errors.length, 1);
  assert.match(beside.snapshot.errors[0],
      /^v9\.json: snapshot line 1: snapshot schema version 9 is newer than this Exposure Lens reads \(up to 1\)/);
});
