// The wasm build run by Node must behave exactly like the native CLI:
// same stdout bytes, same stderr, same exit code, for every command.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {fileURLToPath} from 'node:url';
import {loadCore} from '../../build/wasm/core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(root, '../shared/corpus');
const nativeCli = path.join(root, 'build/bin/exposure');
const wasmCli = path.join(root, 'build/wasm/exposure.mjs');

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, {cwd, maxBuffer: 1 << 30});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr.toString()};
}

function assertSameRun(args, cwd = root) {
  const n = run(nativeCli, args, cwd);
  const w = run(process.execPath, [wasmCli, ...args], cwd);
  assert.equal(w.code, n.code, `exit code for ${args.join(' ')}`);
  assert.equal(w.stderr, n.stderr, `stderr for ${args.join(' ')}`);
  assert.ok(Buffer.compare(w.stdout, n.stdout) === 0,
    `stdout differs for ${args.join(' ')}`);
  return n;
}

const files = [
  'examples/host-scan.nessus',
  'examples/webapp-image.trivy.json',
  path.join(corpus, 'tenable/nessus/nessus_with_cvssv3.nessus'),
  path.join(corpus, 'tenable/nessus/issue_6992.nessus'),
  path.join(corpus, 'trivy/kubernetes.json'),
  path.join(corpus, 'trivy/issue_9170.json'),
  path.join(corpus, 'trivy/legacy_many_vulns.json'),
];

test('analyze: each file gives identical bytes', () => {
  for (const f of files) {
    const r = assertSameRun(['analyze', f]);
    assert.equal(r.code, 0);
    assert.ok(JSON.parse(r.stdout).summary.findings > 0, f);
  }
});

test('analyze: all files together give identical bytes', () => {
  const r = assertSameRun(['analyze', ...files]);
  assert.equal(JSON.parse(r.stdout).inputs.length, files.length);
});

test('errors and exit codes are identical', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-node-'));
  fs.writeFileSync(path.join(tmp, 'broken.nessus'),
    fs.readFileSync(path.join(root, 'examples/host-scan.nessus')).subarray(0, 5000));
  fs.writeFileSync(path.join(tmp, 'notes.txt'), 'not a scan\n');
  assert.equal(assertSameRun(['analyze', 'broken.nessus', 'missing.json'], tmp).code, 0);
  assert.equal(assertSameRun(['analyze', 'notes.txt', 'missing.json'], tmp).code, 1);
  assert.equal(assertSameRun(['analyze', '.'], tmp).code, 1);
  assert.equal(assertSameRun(['analyze'], tmp).code, 2);
  assert.equal(assertSameRun(['bogus'], tmp).code, 2);
  assert.equal(assertSameRun([], tmp).code, 2);
  fs.rmSync(tmp, {recursive: true});
});

test('detect, formats, --version, --help are identical', () => {
  assertSameRun(['detect', ...files, 'examples/index.json', 'missing']);
  assertSameRun(['formats']);
  assertSameRun(['--version']);
  assertSameRun(['--help']);
});

test('--out writes the same report', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-node-'));
  const a = path.join(tmp, 'native.json');
  const b = path.join(tmp, 'wasm.json');
  assert.equal(run(nativeCli, ['analyze', '--out', a, files[0]]).code, 0);
  assert.equal(run(process.execPath, [wasmCli, 'analyze', '--out', b, files[0]]).code, 0);
  assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)));
  fs.rmSync(tmp, {recursive: true});
});

test('--out: write errors give the same message and exit code', () => {
  for (const out of ['/nonexistent-dir/report.json', '/dev/full']) {
    if (out === '/dev/full' && !fs.existsSync(out)) continue;
    const r = assertSameRun(['analyze', '--out', out, files[0]]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^exposure: cannot write ${out}: `));
  }
});

// UTF-16 text (as PowerShell's `>` writes it), gzipped or not: converted
// alike in wasm and natively, and detect looks through both.
test('UTF-16 and compressed inputs: detect and analyze agree with the CLI', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-utf16-'));
  try {
    const text = fs.readFileSync(path.join(root, 'examples/webapp-image.trivy.json'), 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    fs.writeFileSync(path.join(tmp, 'scan.json'), utf16);
    fs.writeFileSync(path.join(tmp, 'scan.json.gz'), zlib.gzipSync(utf16));
    const d = assertSameRun(['detect', 'scan.json', 'scan.json.gz'], tmp);
    assert.equal(d.stdout.toString(), 'scan.json\ttrivy\nscan.json.gz\ttrivy\n');
    const r = assertSameRun(['analyze', 'scan.json', 'scan.json.gz'], tmp);
    const inputs = JSON.parse(r.stdout).inputs;
    assert.deepEqual(inputs.map((i) => [i.encoding, i.compression, i.findings]),
      [['utf-16le', null, 11], ['utf-16le', 'gzip', 11]]);

    const core = await loadCore({
      wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/exposure_core.wasm')),
    });
    assert.equal(core.detect('scan.json.gz', zlib.gzipSync(utf16).subarray(0, 4096)), 'trivy');
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});

test('core.mjs API: chunked feeding matches the CLI', async () => {
  const core = await loadCore({
    wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/exposure_core.wasm')),
  });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.equal(core.version(), pkg.version);
  assert.deepEqual(core.formats().map((f) => f.id).slice(0, 2), ['nessus', 'trivy']);
  const names = ['examples/host-scan.nessus', 'examples/webapp-image.trivy.json'];
  const a = core.newAnalyzer();
  try {
    for (const name of names) {
      const bytes = fs.readFileSync(path.join(root, name));
      assert.equal(core.detect(name, bytes.subarray(0, 4096)),
        name.endsWith('.nessus') ? 'nessus' : 'trivy');
      a.begin(name);
      for (let off = 0; off < bytes.length; off += 777) {
        a.feed(bytes.subarray(off, off + 777));
      }
      const input = a.end();
      assert.equal(input.name, name);
      assert.deepEqual(input.errors, []);
    }
    const expected = run(nativeCli, ['analyze', ...names]).stdout.toString();
    assert.equal(a.report(), expected);
  } finally {
    a.delete();
  }
});

test('core.mjs API: broken and unknown inputs are values, not exceptions', async () => {
  const core = await loadCore({
    wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/exposure_core.wasm')),
  });
  const a = core.newAnalyzer();
  try {
    a.begin('junk.bin');
    a.feed(new Uint8Array([0, 1, 2, 255, 254]));
    const junk = a.end();
    assert.equal(junk.format, null);
    assert.match(junk.errors[0].message, /not a supported format/);
    a.begin('cut.json');
    a.feed(new TextEncoder().encode('{"SchemaVersion": 2, "ArtifactName": "x", "Results": [{"Target": "t", "Vulnerabilities": [{"VulnerabilityID": "CVE-1"'));
    const cut = a.end();
    assert.equal(cut.format, 'trivy');
    assert.equal(cut.partial, true);
    assert.match(cut.errors[0].message, /^cut\.json: trivy: unexpected end of file/);
    assert.match(cut.errors[0].location, /^line 1, column \d+ \(byte \d+\)$/);
    JSON.parse(a.report());
  } finally {
    a.delete();
  }
});

test('analyze --memory: spilling to a temporary file gives the same bytes', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-node-'));
  try {
    // Generated exports of about 4 MB each: with a budget of 1 MB, most of
    // their findings spill and their report is sorted in runs. The bytes
    // must not change, and the temporary file must be gone afterwards.
    const big = [];
    for (const [kind, ext] of [['nessus', 'nessus'], ['sarif', 'sarif'], ['grype', 'json']]) {
      const file = path.join(tmp, `${kind}.${ext}`);
      const gen = spawnSync('python3', [path.join(root, 'bench/gen.py'), kind, '4', file]);
      assert.equal(gen.status, 0, `bench/gen.py ${kind}: ${gen.stderr}`);
      big.push(file);
    }
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-spill-test-'));
    const env = {...process.env, TMPDIR: data};
    const args = ['analyze', '--memory', '1', ...big, ...files];
    const spilled = spawnSync(process.execPath, [wasmCli, ...args],
      {cwd: root, env, maxBuffer: 1 << 30});
    assert.equal(spilled.status, 0, spilled.stderr.toString());
    const native = run(nativeCli, ['analyze', '--memory', '0', ...big, ...files]);
    assert.ok(Buffer.compare(spilled.stdout, native.stdout) === 0,
      'the spilled report differs from the in-memory one');
    assert.deepEqual(fs.readdirSync(data), []);
    fs.rmSync(data, {recursive: true});
    // Nowhere to spill to: a warning, then everything in memory.
    const nowhere = spawnSync(process.execPath, [wasmCli, ...args],
      {cwd: root, env: {...env, TMPDIR: path.join(tmp, 'missing')},
       maxBuffer: 1 << 30});
    assert.equal(nowhere.status, 0);
    assert.match(nowhere.stderr.toString(),
      /^exposure: warning: no temporary file \(.*missing\/exposure-spill-XXXXXX: No such file or directory\): keeping everything in memory\n/);
    assert.ok(Buffer.compare(nowhere.stdout, native.stdout) === 0);
  } finally {
    fs.rmSync(tmp, {recursive: true});
  }
});

test('coverage: inventories against scans give identical bytes', () => {
  const inventories = [
    'tests/fixtures/inventory_csv/cmdb_assets.csv',
    'tests/fixtures/servicenow_cmdb/export_cmdb_ci_server.xml',
    path.join(root, '../shared/samples/inventories/aws_config/AWS_EC2_Instance.json'),
  ];
  const r = assertSameRun(['coverage', '--format', 'json', ...inventories, ...files]);
  assert.equal(r.code, 0);
  const c = JSON.parse(r.stdout);
  assert.equal(c.schema, 'exposure-lens/coverage/v1');
  assert.ok(c.summary.coverage.inventory_assets > 0);
  assert.ok(c.summary.coverage.scanned_only > 0);
  const text = assertSameRun(['coverage', '--format', 'text', ...inventories, ...files]);
  assert.match(text.stdout.toString(), /^Coverage as of /);
});

test('core.mjs API: coverage() is the CLI\'s coverage', async () => {
  const core = await loadCore({wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/exposure_core.wasm'))});
  const a = core.newAnalyzer();
  try {
    const inputs = ['tests/fixtures/inventory_csv/cmdb_assets.csv', 'examples/host-scan.nessus'];
    for (const f of inputs) {
      a.begin(f);
      a.feed(fs.readFileSync(path.join(root, f)));
      a.end();
    }
    const native = run(nativeCli, ['coverage', '--format', 'json', ...inputs]);
    assert.equal(a.coverage(), native.stdout.toString());
  } finally {
    a.delete();
  }
});

test('core.mjs API: setPolicy() is --policy, and a bad policy is an error value', async () => {
  const core = await loadCore({wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/exposure_core.wasm'))});
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-policy-'));
  const policy = '{"scopes": [{"name": "web", "match": {"name": "web*"}}], "stale_days": 7}';
  const policyFile = path.join(tmp, 'policy.json');
  fs.writeFileSync(policyFile, policy);
  const a = core.newAnalyzer();
  try {
    const bad = a.setPolicy('{"stale_dayz": 3}');
    assert.ok(bad && /stale_dayz/.test(bad.message), JSON.stringify(bad));
    assert.equal(a.setPolicy(policy), null);
    const inputs = ['tests/fixtures/inventory_csv/cmdb_assets.csv', 'examples/host-scan.nessus'];
    for (const f of inputs) {
      a.begin(f);
      a.feed(fs.readFileSync(path.join(root, f)));
      a.end();
    }
    const native = run(nativeCli, ['analyze', '--policy', policyFile, ...inputs]);
    assert.equal(a.report(), native.stdout.toString());
    assert.equal(JSON.parse(a.report()).coverage.by_scope[0].name, 'web');
  } finally {
    a.delete();
  }
});
