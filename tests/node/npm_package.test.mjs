// The npm package (build/npm, assembled by scripts/build) as a user gets
// it: packed with `npm pack`, installed from the tarball into an empty
// project with `npm install`, then used: the Node API on paths, bytes and
// streams gives the native CLI's bytes; its CLI runs; its type
// declarations compile against a consumer; every module it ships loads
// only modules it ships.
//
//   node --test tests/node/npm_package.test.mjs   (after scripts/build)

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGE_DIR = path.join(ROOT, 'build/npm');
const CLI = path.join(ROOT, 'build/bin/exposure');
const EXAMPLES = path.join(ROOT, 'examples');
const NESSUS = path.join(EXAMPLES, 'host-scan.nessus');
const TRIVY = path.join(EXAMPLES, 'webapp-image.trivy.json');
const POLICY = path.join(EXAMPLES, 'policy.json');

let tmp;
let project;  // the consumer project the tarball is installed into
let api;      // the installed package's Node API
let tarball;

function cli(args, cwd = EXAMPLES) {
  const r = spawnSync(CLI, args, {cwd, maxBuffer: 1 << 28});
  assert.ok(r.status === 0 || r.status === 3, `exposure ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

before(() => {
  assert.ok(fs.existsSync(path.join(PACKAGE_DIR, 'package.json')), 'build/npm is missing: run scripts/build');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-package-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp, PACKAGE_DIR],
      {encoding: 'utf8'}));
  tarball = path.join(tmp, packed[0].filename);
  project = path.join(tmp, 'portal');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({name: 'portal', private: true, type: 'module'}));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], {cwd: project, stdio: 'pipe'});
});

after(() => {
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
});

async function installed() {
  if (!api) {
    api = await import(pathToFileURL(path.join(project, 'node_modules/exposure-lens/node.mjs')).href);
  }
  return api;
}

test('the tarball holds the package and nothing of the build beside it', () => {
  const files = fs.readdirSync(path.join(project, 'node_modules/exposure-lens')).sort();
  for (const name of ['package.json', 'node.mjs', 'index.d.ts', 'widget.d.ts', 'widget.js', 'worker.js',
    'core.mjs', 'exposure_core.mjs', 'exposure_core.wasm', 'exposure.mjs', 'embed.html', 'README.md']) {
    assert.ok(files.includes(name), `${name} is not in the package`);
  }
  assert.ok(!files.some((f) => f === 'index.html' || f === 'app.js' || f.endsWith('.map')), files.join(' '));
  assert.ok(fs.statSync(tarball).size < 4 * 1024 * 1024, `the tarball is ${fs.statSync(tarball).size} bytes`);
});

test('every module in the package imports only modules in the package', () => {
  const dir = path.join(project, 'node_modules/exposure-lens');
  for (const name of fs.readdirSync(dir).filter((f) => /\.m?js$/.test(f))) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*|new URL\(\s*)['"](\.\.?\/[^'"]+)['"]/g)) {
      assert.ok(fs.existsSync(path.join(dir, m[1])), `${name} loads ${m[1]}, which the package lacks`);
    }
  }
});

test('the package version is the core\'s, and the exports resolve', async () => {
  const {version, formats} = await installed();
  const pkg = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/exposure-lens/package.json'), 'utf8'));
  assert.equal(await version(), pkg.version);
  assert.ok((await formats()).length >= 35);
  // Resolution by package name, as a consumer writes it.
  const script = "import {analyze} from 'exposure-lens'; import p from 'exposure-lens/package.json' with {type: 'json'};" +
    "console.log(typeof analyze, p.name, import.meta.resolve('exposure-lens/widget').endsWith('/widget.js'));";
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {cwd: project, encoding: 'utf8'});
  assert.equal(out.trim(), 'function exposure-lens true');
});

test('analyze on paths, bytes and streams is the CLI\'s report', async () => {
  const {analyze, reportStream} = await installed();
  const want = JSON.parse(cli(['analyze', '--policy', 'policy.json', 'host-scan.nessus', 'webapp-image.trivy.json']));
  const policy = fs.readFileSync(POLICY, 'utf8');
  const fromPaths = await analyze([NESSUS, TRIVY], {policy});
  assert.deepEqual(fromPaths, want);
  const fromBytesAndStream = await analyze([
    {name: 'host-scan.nessus', bytes: fs.readFileSync(NESSUS)},
    {name: 'webapp-image.trivy.json', stream: fs.createReadStream(TRIVY, {highWaterMark: 1000})},
  ], {policy: JSON.parse(policy)});
  assert.deepEqual(fromBytesAndStream, want);
  // The streamed report is the CLI's bytes.
  const stream = await reportStream([pathToFileURL(NESSUS), TRIVY], {policy});
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.ok(Buffer.concat(chunks).equals(cli(['analyze', '--policy', 'policy.json', 'host-scan.nessus',
    'webapp-image.trivy.json'])));
  // pretty: the CLI's --pretty bytes.
  const pretty = [];
  for await (const chunk of await reportStream([NESSUS], {pretty: true})) pretty.push(chunk);
  assert.ok(Buffer.concat(pretty).equals(cli(['analyze', '--pretty', 'host-scan.nessus'])));
});

test('plan, paths, export and snapshot are the CLI\'s bytes', async () => {
  const pkg = await installed();
  const files = [NESSUS, TRIVY];
  const names = ['host-scan.nessus', 'webapp-image.trivy.json'];
  assert.equal(await pkg.plan(files, {format: 'markdown', top: 5}),
      cli(['plan', '--format', 'markdown', '--top', '5', ...names]).toString());
  const policy = fs.readFileSync(POLICY, 'utf8');
  assert.equal(await pkg.paths(files, {policy, format: 'table'}),
      cli(['paths', '--policy', 'policy.json', '--format', 'table', ...names]).toString());
  for (const to of ['csv', 'sarif']) {
    const parts = await pkg.exportFindings(files, {to});
    const out = path.join(tmp, `export.${to}`);
    cli(['export', '--to', to, '--out', out, ...names]);
    assert.equal(parts.length, 1);
    assert.ok(Buffer.from(parts[0]).equals(fs.readFileSync(out)), `${to} differs from the CLI's`);
  }
  assert.equal(pkg.export, pkg.exportFindings);
  const snap = await pkg.snapshot(files);
  assert.deepEqual([...snap.subarray(0, 4)], [0x28, 0xb5, 0x2f, 0xfd]);  // a zstd frame
  fs.writeFileSync(path.join(tmp, 'old.zst'), snap);
  await assert.rejects(pkg.exportFindings(files, {to: 'pdf'}), /export: unknown export format/);
  await assert.rejects(pkg.analyze(files, {policy: '{"weights": 3}'}), /^Error: policy: /);
  await assert.rejects(pkg.analyze([path.join(tmp, 'missing.nessus')]), /ENOENT/);
  await assert.rejects(pkg.analyze([]), TypeError);
});

test('diff with gates and trend are the CLI\'s', async () => {
  const {diff, trend, snapshot} = await installed();
  const old = path.join(tmp, 'old-diff.zst');
  fs.writeFileSync(old, await snapshot([NESSUS]));
  const got = await diff([old], [NESSUS, TRIVY], {format: 'markdown', failOn: ['new:severity>=high', 'kev']});
  const want = spawnSync(CLI, ['diff', '--format', 'markdown', '--old', old, '--new', 'host-scan.nessus',
    '--new', 'webapp-image.trivy.json', '--fail-on', 'new:severity>=high', '--fail-on', 'kev'],
  {cwd: EXAMPLES, maxBuffer: 1 << 26});
  assert.equal(got.text, want.stdout.toString());
  assert.equal(want.status, got.gates.some((g) => g.count > 0) ? 3 : 0);
  assert.equal(got.gates.length, 2);
  const newer = path.join(tmp, 'new-diff.zst');
  fs.writeFileSync(newer, await snapshot([NESSUS, TRIVY]));
  assert.equal(await trend([[old], newer], {format: 'csv'}), cli(['trend', '--format', 'csv', old, newer]).toString());
});

test('the package\'s CLI runs from node_modules/.bin', () => {
  const bin = path.join(project, 'node_modules/.bin/exposure');
  const r = spawnSync(bin, ['analyze', 'host-scan.nessus'], {cwd: EXAMPLES, maxBuffer: 1 << 26});
  assert.equal(r.status, 0, String(r.stderr));
  assert.ok(r.stdout.equals(cli(['analyze', 'host-scan.nessus'])));
});

test('the type declarations compile against a consumer', () => {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  assert.ok(fs.existsSync(tsc), 'typescript is missing: run scripts/install-deps');
  fs.writeFileSync(path.join(project, 'consumer.ts'), `
import {analyze, diff, exportFindings, type Report} from 'exposure-lens';
import type {ExposureLensElement} from 'exposure-lens/widget';
export async function run(): Promise<number> {
  const report: Report = await analyze(['scan.nessus', {name: 'x.json', bytes: new Uint8Array(0)}]);
  const parts: Uint8Array[] = await exportFindings('scan.nessus', {to: 'sarif'});
  const {gates} = await diff(['a.zst'], ['b.nessus'], {failOn: ['new:kev']});
  const el = document.querySelector('exposure-lens') as ExposureLensElement;
  el.addEventListener('ready', (e) => console.log(e.detail.summary, e.detail.ms));
  await el.load(report);
  return report.findings.length + parts.length + gates.length;
}
`);
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: [], skipLibCheck: false},
    files: ['consumer.ts'],
  }));
  const r = spawnSync(process.execPath, [tsc, '-p', project], {encoding: 'utf8'});
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // And a misuse is caught, so the check can fail.
  fs.writeFileSync(path.join(project, 'consumer.ts'), "import {plan} from 'exposure-lens';\nplan('x', {format: 'pdf'});\n");
  const bad = spawnSync(process.execPath, [tsc, '-p', project], {encoding: 'utf8'});
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /pdf/);
});
