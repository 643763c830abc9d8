// The remediation plan, decisions and exports in the wasm build: the Node
// CLI and the JavaScript API give the native CLI's bytes.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadCore} from '../../build/wasm/core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nativeCli = path.resolve(process.env.EXPOSURE_CLI || path.join(root, 'build/bin/exposure'));
const wasmCli = path.join(root, 'build/wasm/exposure.mjs');
const inputs = ['examples/host-scan.nessus', 'examples/webapp-image.trivy.json'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-plan-'));
const decisionsFile = path.join(tmp, 'decisions.json');
const DECISIONS = JSON.stringify({decisions: [
  {match: {cve: 'CVE-2022-37434'}, status: 'not_affected',
    justification: 'vulnerable_code_not_in_execute_path', by: 'appsec'},
  {match: {rule: 'nessus:97833'}, status: 'accepted', reason: 'isolated', until: '2030-01-01'},
]});
fs.writeFileSync(decisionsFile, DECISIONS);

function run(cmd, args) {
  const r = spawnSync(cmd, args, {cwd: root, maxBuffer: 1 << 30});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr.toString()};
}

function assertSameRun(args) {
  const n = run(nativeCli, args);
  const w = run(process.execPath, [wasmCli, ...args]);
  assert.equal(w.code, n.code, `exit code for ${args.join(' ')}: ${w.stderr}`);
  assert.equal(w.stderr, n.stderr, `stderr for ${args.join(' ')}`);
  assert.ok(Buffer.compare(w.stdout, n.stdout) === 0, `stdout differs for ${args.join(' ')}`);
  return n;
}

test('plan: every format gives the native bytes on Node', () => {
  for (const format of ['json', 'csv', 'markdown', 'text']) {
    const r = assertSameRun(['plan', '--format', format, '--decisions', decisionsFile, ...inputs]);
    assert.equal(r.code, 0);
  }
  const plan = JSON.parse(assertSameRun(['plan', '--top', '4', ...inputs]).stdout);
  assert.equal(plan.actions.length, 4);
});

test('paths: every format and --jewel give the native bytes on Node', () => {
  const withDirectory = ['--policy', 'examples/policy.json', 'examples/host-scan.nessus',
    'examples/cmdb-assets.csv', 'tests/fixtures/bloodhound/corp-computers.json'];
  for (const format of ['json', 'table', 'markdown', 'dot']) {
    const r = assertSameRun(['paths', '--format', format, ...withDirectory]);
    assert.equal(r.code, 0);
  }
  const one = JSON.parse(assertSameRun(['paths', '--jewel', 'db01*', ...withDirectory]).stdout);
  assert.deepEqual(one.graph.jewels.map((j) => j.label), ['db01.corp.example']);
  assert.equal(assertSameRun(['paths', '--jewel', 'none-such', ...withDirectory]).code, 2);
  // The report carries the same members.
  const report = JSON.parse(assertSameRun(['analyze', '--format', 'json', ...withDirectory]).stdout);
  for (const key of ['graph', 'paths', 'choke_points', 'fix_set']) assert.ok(key in report, key);
});

test('the API: paths() matches the CLI', async () => {
  const core = await loadCore({wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/exposure_core.wasm'))});
  const a = core.newAnalyzer();
  try {
    assert.equal(a.setPolicy(fs.readFileSync(path.join(root, 'examples/policy.json'), 'utf8')), null);
    for (const f of ['examples/host-scan.nessus', 'examples/cmdb-assets.csv']) {
      a.begin(f);
      a.feed(fs.readFileSync(path.join(root, f)));
      a.end();
    }
    const {text, error} = a.paths('dot', ['db01*']);
    assert.equal(error, undefined);
    const cli = run(nativeCli, ['paths', '--format', 'dot', '--jewel', 'db01*', '--policy', 'examples/policy.json',
      'examples/host-scan.nessus', 'examples/cmdb-assets.csv']);
    assert.equal(text, cli.stdout.toString());
    assert.match(a.paths('json', ['zzz']).error.message, /--jewel matches no crown jewel/);
    assert.match(a.paths('svg').error.message, /unknown paths format: svg/);
  } finally {
    a.delete();
  }
});

test('export: the formats that fit on stdout give the native bytes on Node', () => {
  for (const to of ['markdown', 'csv', 'html', 'sarif', 'openvex', 'cyclonedx-vex', 'ocsf', 'jira-csv']) {
    assertSameRun(['export', '--to', to, '--decisions', decisionsFile, ...inputs]);
  }
  const bad = assertSameRun(['export', '--to', 'pdf', ...inputs]);
  assert.equal(bad.code, 2);
});

test('the API: setDecisions, plan and exportAs match the CLI', async () => {
  const core = await loadCore({wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/exposure_core.wasm'))});
  const formats = core.exportFormats();
  assert.deepEqual(formats.map((f) => f.id),
      ['sarif', 'ocsf', 'jira-csv', 'csv', 'openvex', 'cyclonedx-vex', 'html', 'markdown']);
  assert.equal(formats.find((f) => f.id === 'sarif').extension, '.sarif');
  const a = core.newAnalyzer();
  try {
    const bad = a.setDecisions('{"decisions": [{"status": "accepted"}]}');
    assert.equal(bad.message, 'decisions[0].match: required');
    assert.equal(a.setDecisions(DECISIONS), null);
    for (const file of inputs) {
      a.begin(path.basename(file));
      a.feed(fs.readFileSync(path.join(root, file)));
      a.end();
    }
    // The CLI names inputs as given: run it where the files are.
    const cli = (args) => spawnSync(nativeCli, [...args, ...inputs.map((f) => path.basename(f))],
        {cwd: path.join(root, 'examples'), maxBuffer: 1 << 30}).stdout;
    const {text} = a.plan('json', 0);
    assert.equal(text, cli(['plan', '--format', 'json', '--decisions', decisionsFile]).toString());
    const report = JSON.parse(a.report());
    assert.equal(report.summary.decided.not_affected, 1);
    assert.equal(report.summary.decided.accepted, 1);
    assert.deepEqual(JSON.parse(text).actions, report.actions);
    assert.match(a.plan('pdf', 0).error.message, /unknown plan format: pdf/);
    const {parts} = a.exportAs('markdown');
    assert.equal(parts.length, 1);
    assert.ok(Buffer.from(parts[0]).equals(cli(['export', '--to', 'markdown', '--decisions', decisionsFile])));
    assert.match(a.exportAs('pdf').error.message, /unknown export format: pdf/);
    // Pieces as they are written: joined, the CLI's bytes.
    const chunked = a.exportChunks('sarif');
    assert.equal(chunked.parts.length, 1);
    assert.ok(chunked.parts[0].length >= 1);
    assert.ok(Buffer.concat(chunked.parts[0].map((c) => Buffer.from(c)))
        .equals(cli(['export', '--to', 'sarif', '--decisions', decisionsFile])));
    assert.match(a.exportChunks('pdf').error.message, /unknown export format: pdf/);
  } finally {
    a.delete();
  }
});
