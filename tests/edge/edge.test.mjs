// End-to-end tests of the edge worker: the built `build/edge/serve` running in
// workerd, compared byte for byte with the native CLI `build/bin/exposure`.
//
// Run from the repository root after the build:  node --test tests/edge/
//
// Two server instances are started: A with the defaults, B with a tiny body
// limit and CORS enabled. Both are killed when the file's tests end, pass or
// fail (and on process exit, as a last resort).

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {formatIds, oneFilePerFormat, sharedPresent} from '../support/corpus_inputs.mjs';
import {SERVE, assertCommonHeaders, assertJsonError, multipartBody, request, servers, sleep, startServer,
  stopServer} from '../support/edge_server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'build/bin/exposure');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

// Server B's settings.
const SMALL_LIMIT = 1000;
const ALLOWED_ORIGIN = 'https://app.example';

let A;  // default settings
let B;  // MAX_BODY_BYTES=SMALL_LIMIT, ALLOW_ORIGIN=ALLOWED_ORIGIN
let tmpDir;

// ---------------------------------------------------------------- helpers

function splitInto(buffer, pieces) {
  const size = Math.max(1, Math.ceil(buffer.length / pieces));
  const out = [];
  for (let i = 0; i < buffer.length; i += size) out.push(buffer.subarray(i, i + size));
  return out;
}

// What the CLI prints for FILE when run from FILE's directory, so that the
// report names the input by its basename (the CLI reports the path as given).
const cliCache = new Map();
function cliReport(file) {
  if (!cliCache.has(file)) {
    const r = spawnSync(CLI, ['analyze', path.basename(file)], {
      cwd: path.dirname(file),
      maxBuffer: 1 << 30,
    });
    if (r.error) throw r.error;
    assert.ok(r.stdout.length > 0,
        `CLI printed nothing for ${file} (status ${r.status}): ${r.stderr}`);
    cliCache.set(file, r.stdout);
  }
  return cliCache.get(file);
}

// Byte equality with a readable failure: where the first difference is.
function assertSameBytes(actual, expected, label) {
  if (actual.equals(expected)) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const ctx = (b) => JSON.stringify(b.subarray(Math.max(0, i - 60), i + 60).toString('utf8'));
  assert.fail(`${label}: worker response differs from the CLI at byte ${i} ` +
      `(worker ${actual.length} bytes, CLI ${expected.length} bytes)\n` +
      `  worker: ${ctx(actual)}\n  CLI:    ${ctx(expected)}`);
}

async function postFile(server, file, name = path.basename(file)) {
  const res = await request(server, {
    method: 'POST',
    path: `/v1/analyze?name=${encodeURIComponent(name)}`,
    body: fs.readFileSync(file),
  });
  return res;
}

function assertReportResponse(res, file) {
  assert.equal(res.status, 200, `${file}: status ${res.status}: ${res.body}`);
  assertCommonHeaders(res);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  assertSameBytes(res.body, cliReport(file), file);
}

// Inputs: every scanner export under examples/ (documentation and the
// dashboard's index.json manifest aside), a few larger corpus files that are
// there on the development machine, and one file of each format.
function exampleFiles() {
  const out = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !/\.(md|txt)$/i.test(entry.name) &&
          entry.name !== 'index.json') out.push(full);
    }
  };
  walk(path.join(ROOT, 'examples'));
  return out.sort();
}

// Three larger exports, then one file of every format (corpus or fixture).
const CORPUS_FILES = [
  'tenable/nessus/nessus_with_cvssv3.nessus',
  'trivy/scheme_2_many_vulns.json',
  'trivy/kubernetes.json',
].map((f) => path.join(CORPUS, f));
const FORMAT_FILES = oneFilePerFormat();

const INPUTS = [
  ...exampleFiles(),
  ...CORPUS_FILES.filter((f) => sharedPresent(f, 'a larger export for the edge tests')),
  ...FORMAT_FILES.map(({file}) => file),
];

// ---------------------------------------------------------------- setup

before(async () => {
  for (const f of [SERVE, CLI]) {
    assert.ok(fs.existsSync(f), `${f} is missing: build the project first (cmake)`);
  }
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-test-'));
  A = await startServer();
  B = await startServer({MAX_BODY_BYTES: String(SMALL_LIMIT), ALLOW_ORIGIN: ALLOWED_ORIGIN});
});

after(async () => {
  await Promise.all(servers.map(stopServer));
  if (tmpDir) fs.rmSync(tmpDir, {recursive: true, force: true});
});

// ---------------------------------------------------------------- tests

test('workerd starts and /v1/health reports the core version', async (t) => {
  t.diagnostic(`startup to first healthy response: A ${A.startupMs.toFixed(0)} ms, ` +
      `B ${B.startupMs.toFixed(0)} ms`);
  const res = await request(A, {path: '/v1/health'});
  assert.equal(res.status, 200);
  assertCommonHeaders(res);
  assert.match(res.headers['content-type'], /^application\/json/);
  const body = JSON.parse(res.body);
  assert.equal(body.status, 'ok');
  assert.equal(typeof body.version, 'string');
  assert.match(body.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(Object.keys(body).sort(), ['status', 'version']);
  // Same core as the CLI: same version as the CLI's reports carry.
  if (INPUTS.length > 0) {
    const cliVersion = JSON.parse(cliReport(INPUTS[0])).tool?.version;
    if (cliVersion !== undefined) assert.equal(body.version, cliVersion);
  }
});

test('/v1/formats lists the supported formats', async () => {
  const res = await request(A, {path: '/v1/formats'});
  assert.equal(res.status, 200);
  assertCommonHeaders(res);
  const list = JSON.parse(res.body);
  assert.ok(Array.isArray(list) && list.length > 0);
  for (const f of list) {
    assert.equal(typeof f.id, 'string');
    assert.equal(typeof f.name, 'string');
  }
  const ids = list.map((f) => f.id);
  assert.ok(ids.includes('nessus'), `formats: ${ids}`);
  assert.ok(ids.includes('trivy'), `formats: ${ids}`);
});

test('HEAD /v1/health: headers only', async () => {
  const res = await request(A, {method: 'HEAD', path: '/v1/health'});
  assert.equal(res.status, 200);
  assertCommonHeaders(res);
  assert.equal(res.body.length, 0);
});

test('POST /v1/analyze matches the CLI byte for byte', async (t) => {
  assert.ok(INPUTS.length > 0, 'no input files found (examples/ or ../shared/corpus)');
  for (const missing of CORPUS_FILES.filter((f) => !fs.existsSync(f))) {
    t.diagnostic(`corpus file not present, left out: ${missing}`);
  }
  let biggest = null;
  for (const file of INPUTS) {
    await t.test(path.relative(ROOT, file), async () => {
      const t0 = performance.now();
      const res = await postFile(A, file);
      const ms = performance.now() - t0;
      assertReportResponse(res, file);
      const size = fs.statSync(file).size;
      if (!biggest || size > biggest.size) biggest = {file, size, ms};
    });
  }
  assert.deepEqual(FORMAT_FILES.map(({format}) => format), [...formatIds()].sort(),
    'one POSTed file of every supported format');
  if (biggest) {
    t.diagnostic(`biggest POST: ${path.basename(biggest.file)} (${biggest.size} bytes) ` +
        `in ${biggest.ms.toFixed(0)} ms`);
  }
});

test('detail=table matches `exposure analyze --detail table`; other details are refused', async () => {
  const file = INPUTS[INPUTS.length - 1];
  const res = await request(A, {
    method: 'POST',
    path: `/v1/analyze?name=${encodeURIComponent(path.basename(file))}&detail=table`,
    body: fs.readFileSync(file),
  });
  assert.equal(res.status, 200, res.body.toString());
  const cli = spawnSync(CLI, ['analyze', '--detail', 'table', path.basename(file)], {
    cwd: path.dirname(file),
    maxBuffer: 1 << 30,
  });
  assertSameBytes(res.body, cli.stdout, `${file} (table)`);
  assert.ok(res.body.length < cliReport(file).length);
  const bad = await request(A, {method: 'POST', path: '/v1/analyze?name=x.json&detail=summary', body: Buffer.from('{}')});
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error.message, /"detail" must be "full" or "table"/);
});

test('pretty=1 matches `exposure analyze --pretty`; other values are refused', async () => {
  const file = INPUTS[INPUTS.length - 1];
  const res = await request(A, {
    method: 'POST',
    path: `/v1/analyze?name=${encodeURIComponent(path.basename(file))}&pretty=1`,
    body: fs.readFileSync(file),
  });
  assert.equal(res.status, 200, res.body.toString());
  const cli = spawnSync(CLI, ['analyze', '--pretty', path.basename(file)], {
    cwd: path.dirname(file),
    maxBuffer: 1 << 30,
  });
  assertSameBytes(res.body, cli.stdout, `${file} (pretty)`);
  assert.ok(res.body.length > cliReport(file).length, 'indented is larger');
  assert.deepEqual(JSON.parse(res.body), JSON.parse(cliReport(file)));
  const bad = await request(A, {method: 'POST', path: '/v1/analyze?name=x.json&pretty=yes', body: Buffer.from('{}')});
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error.message, /"pretty" must be 0 or 1/);
});

test('chunked upload (no Content-Length) matches the CLI', async () => {
  const file = INPUTS[INPUTS.length - 1];
  const res = await request(A, {
    method: 'POST',
    path: `/v1/analyze?name=${encodeURIComponent(path.basename(file))}`,
    chunks: splitInto(fs.readFileSync(file), 17),
  });
  assertReportResponse(res, file);
});

test('a name with spaces and non-ASCII characters is reported like the CLI does', async () => {
  const source = INPUTS.find((f) => f.endsWith('.json')) ?? INPUTS[0];
  const file = path.join(tmpDir, `my scan (ü) ${path.basename(source)}`);
  fs.copyFileSync(source, file);
  assertReportResponse(await postFile(A, file), file);
});

test('a truncated export gives 200 with the error in inputs[0].errors, like the CLI', async () => {
  const source = CORPUS_FILES[0];
  const file = path.join(tmpDir, 'truncated.nessus');
  if (sharedPresent(source, 'the truncated export is written inline')) {
    fs.writeFileSync(file, fs.readFileSync(source).subarray(0, 20000));
  } else {
    fs.writeFileSync(file, '<?xml version="1.0"?>\n<NessusClientData_v2><Report name="x">' +
        '<ReportHost name="10.0.0.1"><ReportItem port="22" severity="2"');
  }
  const res = await postFile(A, file);
  assertReportResponse(res, file);
  const report = JSON.parse(res.body);
  assert.ok(Array.isArray(report.inputs[0].errors));
  assert.ok(report.inputs[0].errors.length > 0, 'expected a parse error to be reported');
});

test('content in no supported format: 200 with an error, like the CLI', async () => {
  const file = path.join(tmpDir, 'notes.txt');
  fs.writeFileSync(file, 'not a scanner export\n');
  const res = await postFile(A, file);
  assertReportResponse(res, file);
  assert.ok(JSON.parse(res.body).inputs[0].errors.length > 0);
});

test('an empty body is analyzed like an empty file', async () => {
  const file = path.join(tmpDir, 'empty.json');
  fs.writeFileSync(file, '');
  assertReportResponse(await postFile(A, file), file);
});

test('concurrent requests do not mix results', async () => {
  assert.ok(INPUTS.length >= 2, 'need two different inputs');
  // Interleave two slow chunked uploads so both analyzer sessions are open in
  // the same isolate at once, and add parallel plain uploads on top.
  const [f1, f2] = [INPUTS[0], INPUTS[INPUTS.length - 1]];
  const slow = (file) => request(A, {
    method: 'POST',
    path: `/v1/analyze?name=${encodeURIComponent(path.basename(file))}`,
    chunks: splitInto(fs.readFileSync(file), 25),
    delayMs: 4,
  });
  const jobs = [
    [f1, slow(f1)],
    [f2, slow(f2)],
    ...INPUTS.map((f) => [f, postFile(A, f)]),
  ];
  const results = await Promise.all(jobs.map(([, p]) => p));
  results.forEach((res, i) => assertReportResponse(res, jobs[i][0]));
});

// The CLI run in a directory holding `files` under their names, so that
// inputs are named alike.
function cliIn(files, args) {
  const dir = fs.mkdtempSync(path.join(tmpDir, 'multi-'));
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.bytes);
  const r = spawnSync(CLI, [...args, ...files.map((f) => f.name)], {cwd: dir, maxBuffer: 1 << 30});
  assert.ok(r.stdout.length > 0, `CLI printed nothing (status ${r.status}): ${r.stderr}`);
  return r.stdout;
}

const INVENTORY = {
  name: 'cmdb.csv',
  bytes: Buffer.from('hostname,fqdn,ip address,owner,business unit\n' +
      'db01,db01.corp.example,10.20.2.30,dba,Payments\n' +
      'pay02,pay02.corp.example,10.20.2.31,dba,Payments\n'),
};
const POLICY = '{"scopes": [{"name": "payments", "match": {"business_unit": "Payments"}}], "stale_days": 10}';

test('multipart: an inventory and scans in one request give the CLI\'s report and coverage', async () => {
  const files = [
    INVENTORY,
    {name: 'host-scan.nessus', bytes: fs.readFileSync(path.join(ROOT, 'examples/host-scan.nessus'))},
    {name: 'webapp-image.trivy.json', bytes: fs.readFileSync(path.join(ROOT, 'examples/webapp-image.trivy.json'))},
  ];
  const policyFile = path.join(tmpDir, 'policy.json');
  fs.writeFileSync(policyFile, POLICY);
  const {body, type} = multipartBody(files, POLICY);
  for (const detail of ['full', 'table']) {
    const res = await request(A, {
      method: 'POST', path: `/v1/analyze?detail=${detail}`, headers: {'Content-Type': type},
      chunks: splitInto(body, 37),
    });
    assert.equal(res.status, 200, String(res.body));
    assertSameBytes(res.body, cliIn(files, ['analyze', '--detail', detail, '--policy', policyFile]),
        `multipart analyze (${detail})`);
  }
  const res = await request(A, {method: 'POST', path: '/v1/coverage', headers: {'Content-Type': type}, body});
  assert.equal(res.status, 200, String(res.body));
  assertCommonHeaders(res);
  assertSameBytes(res.body, cliIn(files, ['coverage', '--format', 'json', '--policy', policyFile]),
      'multipart coverage');
  const coverage = JSON.parse(res.body);
  assert.equal(coverage.summary.coverage.inventory_only, 1);
  assert.equal(coverage.coverage.by_scope[0].name, 'payments');
});

test('multipart: scans with VEX documents and a pentest give the CLI\'s report, validation included', async () => {
  const read = (rel) => ({name: path.basename(rel), bytes: fs.readFileSync(path.join(ROOT, rel))});
  const files = [
    read('examples/host-scan.nessus'),
    read('examples/webapp-image.trivy.json'),
    read('tests/fixtures/openvex/webapp.openvex.json'),
    read('tests/fixtures/csaf_vex/webapp-vex.json'),
    read('tests/fixtures/pentest/host-scan-validation.csv'),
  ];
  const {body, type} = multipartBody(files);
  const res = await request(A, {method: 'POST', path: '/v1/analyze', headers: {'Content-Type': type}, body});
  assert.equal(res.status, 200, String(res.body));
  assertSameBytes(res.body, cliIn(files, ['analyze']), 'multipart analyze with VEX and a pentest');
  const report = JSON.parse(res.body);
  assert.ok(report.vex.statements > 0, 'the VEX statements are read');
  assert.ok(report.summary.by_validation['-1'] > 0, 'a VEX statement refutes findings');
  assert.ok(report.summary.by_validation['4'] > 0, 'the pentest confirms findings');
  const ms17 = report.findings.find((f) => f.source.format === 'nessus' && f.rule_id === '97833');
  assert.equal(ms17.validation.level, 4);
});

test('POST /v1/coverage with a raw body: one input, like the CLI', async () => {
  const file = path.join(ROOT, 'examples/host-scan.nessus');
  const res = await request(A, {method: 'POST', path: '/v1/coverage?name=host-scan.nessus',
    body: fs.readFileSync(file)});
  assert.equal(res.status, 200);
  assertSameBytes(res.body, cliIn([{name: 'host-scan.nessus', bytes: fs.readFileSync(file)}],
      ['coverage', '--format', 'json']), 'raw coverage');
});

const DECISIONS = '{"decisions": [{"match": {"cve": "CVE-2022-37434"}, "status": "not_affected", ' +
    '"justification": "vulnerable_code_not_in_execute_path", "by": "ana"}]}';

test('plan and export with decisions give the CLI\'s bytes', async () => {
  const files = [
    {name: 'host-scan.nessus', bytes: fs.readFileSync(path.join(ROOT, 'examples/host-scan.nessus'))},
    {name: 'webapp-image.trivy.json', bytes: fs.readFileSync(path.join(ROOT, 'examples/webapp-image.trivy.json'))},
  ];
  const decisionsFile = path.join(tmpDir, 'decisions.json');
  fs.writeFileSync(decisionsFile, DECISIONS);
  const {body, type} = multipartBody(files, undefined, undefined, DECISIONS);
  const post = (p) => request(A, {method: 'POST', path: p, headers: {'Content-Type': type}, body});
  for (const [query, args] of [['', []], ['?format=csv&top=3', ['--format', 'csv', '--top', '3']],
    ['?format=markdown', ['--format', 'markdown']]]) {
    const res = await post(`/v1/plan${query}`);
    assert.equal(res.status, 200, String(res.body));
    assertSameBytes(res.body, cliIn(files, ['plan', ...args, '--decisions', decisionsFile]), `plan${query}`);
  }
  const report = JSON.parse((await post('/v1/analyze')).body);
  assert.equal(report.summary.decided.not_affected, 1);
  for (const to of ['markdown', 'csv', 'sarif', 'openvex']) {
    const res = await post(`/v1/export?to=${to}`);
    assert.equal(res.status, 200, String(res.body));
    assert.equal(res.headers['x-exposure-parts'], '1');
    assert.match(res.headers['content-disposition'], /^attachment; filename="exposure-lens\./);
    assertSameBytes(res.body, cliIn(files, ['export', '--to', to, '--decisions', decisionsFile]), `export ${to}`);
  }
  let err = assertJsonError(await post('/v1/export?to=pdf'), 400);
  assert.match(err.error.message, /"to" must be one of sarif, ocsf, jira-csv, csv, openvex, cyclonedx-vex, html, markdown/);
  err = assertJsonError(await post('/v1/export?to=csv&part=2'), 400);
  assert.match(err.error.message, /the export has 1 part, not 2/);
  err = assertJsonError(await post('/v1/plan?format=pdf'), 400);
  assert.match(err.error.message, /"format" must be json, csv, markdown or text/);
  const bad = multipartBody(files, undefined, undefined, '{"decisions": [{"status": "accepted"}]}');
  err = assertJsonError(await request(A, {method: 'POST', path: '/v1/plan',
    headers: {'Content-Type': bad.type}, body: bad.body}), 400);
  assert.match(err.error.message, /^decisions: decisions\[0\]\.match: required/);
});

test('POST /v1/paths gives the CLI\'s bytes in every format', async () => {
  const files = [
    {name: 'host-scan.nessus', bytes: fs.readFileSync(path.join(ROOT, 'examples/host-scan.nessus'))},
    {name: 'cmdb-assets.csv', bytes: fs.readFileSync(path.join(ROOT, 'examples/cmdb-assets.csv'))},
    {name: 'corp-computers.json',
      bytes: fs.readFileSync(path.join(ROOT, 'tests/fixtures/bloodhound/corp-computers.json'))},
  ];
  const policy = fs.readFileSync(path.join(ROOT, 'examples/policy.json'), 'utf8');
  const policyFile = path.join(tmpDir, 'paths-policy.json');
  fs.writeFileSync(policyFile, policy);
  const {body, type} = multipartBody(files, policy);
  const post = (p) => request(A, {method: 'POST', path: p, headers: {'Content-Type': type}, body});
  for (const [query, args, mime] of [['', [], /^application\/json/],
    ['?format=dot', ['--format', 'dot'], /^text\/vnd\.graphviz/],
    ['?format=markdown&jewel=db01*', ['--format', 'markdown', '--jewel', 'db01*'], /^text\/markdown/],
    ['?format=table', ['--format', 'table'], /^text\/plain/]]) {
    const res = await post(`/v1/paths${query}`);
    assert.equal(res.status, 200, String(res.body));
    assert.match(res.headers['content-type'], mime);
    assertSameBytes(res.body, cliIn(files, ['paths', '--policy', policyFile, ...args]), `paths${query}`);
  }
  const paths = JSON.parse((await post('/v1/paths')).body);
  assert.ok(paths.paths.length > 0);
  assert.ok(paths.graph.data.identity);
  let err = assertJsonError(await post('/v1/paths?jewel=nothing-like-it'), 422);
  assert.match(err.error.message, /^jewel: matches no crown jewel/);
  err = assertJsonError(await post('/v1/paths?format=svg'), 400);
  assert.match(err.error.message, /"format" must be json, table, markdown or dot/);
});

test('multipart: malformed bodies, bad policies and stray fields are 400s that say why', async () => {
  const post = (body, type) => request(A, {method: 'POST', path: '/v1/analyze',
    headers: {'Content-Type': type}, body});
  const ok = multipartBody([INVENTORY]);
  let err = assertJsonError(await post(ok.body.subarray(0, ok.body.length - 10), ok.type), 400);
  assert.match(err.error.message, /closing boundary/);
  err = assertJsonError(await post(multipartBody([INVENTORY], '{"stale_dayz": 3}').body,
      ok.type), 400);
  assert.match(err.error.message, /^policy: .*stale_dayz/);
  err = assertJsonError(await post(multipartBody([]).body, ok.type), 400);
  assert.match(err.error.message, /no file part/);
  const stray = Buffer.from('------exposureEdgeTest9xK2\r\nContent-Disposition: form-data; name="tenant"\r\n\r\n' +
      'x\r\n------exposureEdgeTest9xK2--\r\n');
  err = assertJsonError(await post(stray, ok.type), 400);
  assert.match(err.error.message, /unknown form field "tenant"/);
  err = assertJsonError(await post(ok.body, 'multipart/form-data'), 400);
  assert.match(err.error.message, /boundary/);
});

test('unknown path: 404 JSON error', async () => {
  for (const p of ['/', '/nope', '/v1/analyze/', '/v2/health', '/v1/health/x']) {
    const res = await request(A, {path: p});
    assertJsonError(res, 404);
  }
});

test('wrong method on a known path: 405 with Allow', async () => {
  let res = await request(A, {path: '/v1/analyze?name=x'});
  assertJsonError(res, 405);
  assert.match(res.headers['allow'], /\bPOST\b/);

  res = await request(A, {method: 'POST', path: '/v1/health', body: Buffer.from('x')});
  assertJsonError(res, 405);
  assert.match(res.headers['allow'], /\bGET\b/);
  assert.doesNotMatch(res.headers['allow'], /\bPOST\b/);

  res = await request(A, {method: 'DELETE', path: '/v1/formats'});
  assertJsonError(res, 405);
  assert.match(res.headers['allow'], /\bGET\b/);
});

test('missing or empty name: 400 JSON error', async () => {
  for (const p of ['/v1/analyze', '/v1/analyze?name=', '/v1/analyze?file=x.json']) {
    const res = await request(A, {method: 'POST', path: p, body: Buffer.from('{}')});
    const err = assertJsonError(res, 400);
    assert.match(err.error.message, /name/);
  }
});

test('body limit: declared Content-Length over the limit is refused before the body is sent', async () => {
  // Only the headers go out; a server that waited for the body would time out.
  const res = await request(B, {
    method: 'POST',
    path: '/v1/analyze?name=big.json',
    headers: {'Content-Length': String(SMALL_LIMIT + 1)},
    headersOnly: true,
    timeoutMs: 10000,
  });
  assertJsonError(res, 413);
});

test('body limit: a body of exactly the limit is accepted', async () => {
  const file = path.join(tmpDir, 'exactly-limit.json');
  fs.writeFileSync(file, Buffer.alloc(SMALL_LIMIT, 0x20));
  const res = await postFile(B, file);
  assertReportResponse(res, file);
});

test('body limit: Content-Length body one byte over the limit gets 413', async () => {
  const res = await request(B, {
    method: 'POST',
    path: '/v1/analyze?name=big.json',
    body: Buffer.alloc(SMALL_LIMIT + 1, 0x20),
  });
  assertJsonError(res, 413);
});

test('body limit: chunked upload without Content-Length is cut off at the limit', async () => {
  // Send more than the limit, then keep the request open: the 413 must come
  // from counting the streamed bytes, before the upload is finished.
  const res = await request(B, {
    method: 'POST',
    path: '/v1/analyze?name=big.json',
    chunks: [Buffer.alloc(600, 0x20), Buffer.alloc(600, 0x20)],
    delayMs: 20,
    keepOpen: true,
    timeoutMs: 10000,
  });
  assertJsonError(res, 413);
});

test('body limit: small chunked upload under the limit still works', async () => {
  const small = path.join(CORPUS, 'trivy/scheme_2_no_vuln.json');
  const file = sharedPresent(small, 'the small upload is written inline') &&
      fs.statSync(small).size <= SMALL_LIMIT ? small : path.join(tmpDir, 'small.json');
  if (file !== small) fs.writeFileSync(file, '{"SchemaVersion": 2, "Results": []}\n');
  const res = await request(B, {
    method: 'POST',
    path: `/v1/analyze?name=${encodeURIComponent(path.basename(file))}`,
    chunks: splitInto(fs.readFileSync(file), 5),
  });
  assertReportResponse(res, file);
});

test('CORS off by default: no Access-Control headers', async () => {
  const res = await request(A, {path: '/v1/health', headers: {Origin: ALLOWED_ORIGIN}});
  assert.equal(res.status, 200);
  assert.equal(res.headers['access-control-allow-origin'], undefined);
  const pre = await request(A, {
    method: 'OPTIONS',
    path: '/v1/analyze',
    headers: {'Origin': ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'POST'},
  });
  assert.equal(pre.headers['access-control-allow-origin'], undefined);
  assert.equal(pre.headers['access-control-allow-methods'], undefined);
  assertCommonHeaders(pre);
});

test('CORS with ALLOW_ORIGIN: preflight and responses carry the origin', async () => {
  const pre = await request(B, {
    method: 'OPTIONS',
    path: '/v1/analyze',
    headers: {
      'Origin': ALLOWED_ORIGIN,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    },
  });
  assert.equal(pre.status, 204);
  assertCommonHeaders(pre);
  assert.equal(pre.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
  assert.match(pre.headers['access-control-allow-methods'], /\bPOST\b/);
  assert.match(pre.headers['access-control-allow-headers'], /content-type/i);

  const ok = await request(B, {path: '/v1/health', headers: {Origin: ALLOWED_ORIGIN}});
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
  assert.match(ok.headers['vary'], /Origin/);

  // Errors carry it too, or a browser client could not read the error body.
  const err = await request(B, {path: '/nope', headers: {Origin: ALLOWED_ORIGIN}});
  assertJsonError(err, 404);
  assert.equal(err.headers['access-control-allow-origin'], ALLOWED_ORIGIN);

  const other = await request(B, {path: '/v1/health', headers: {Origin: 'https://evil.example'}});
  assert.equal(other.status, 200);
  assert.equal(other.headers['access-control-allow-origin'], undefined);
});

// Kilobytes of /proc/PID/status field `field` (VmRSS, VmHWM).
function procKb(pid, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

test('a report larger than a Blob may be (128 MiB in workerd) streams out, never held whole', async (t) => {
  // A server of its own, so its memory high-water mark is this test's.
  const C = await startServer();
  const file = path.join(tmpDir, 'trivy-64MB.json');
  const gen = spawnSync('python3', [path.join(ROOT, 'bench/gen.py'), 'trivy', '64', file]);
  assert.equal(gen.status, 0, String(gen.stderr));
  const pid = C.child.pid;
  const before = procKb(pid, 'VmHWM');
  const res = await postFile(C, file);
  assertReportResponse(res, file);
  const grownMb = (procKb(pid, 'VmHWM') - before) / 1024;
  const reportMb = res.body.length / (1 << 20);
  t.diagnostic(`report ${reportMb.toFixed(1)} MB; workerd peak RSS grew by ${grownMb.toFixed(1)} MB`);
  assert.ok(reportMb > 128, `report of ${reportMb} MB`);
  // The analysis and the upload's chunks take memory too; a report held
  // whole would take its size twice more (its pieces and their Blob).
  assert.ok(grownMb < reportMb * 1.5, `peak RSS grew by ${grownMb} MB for a ${reportMb} MB report`);

  // Hang up after the first bytes of the report: the server must go on.
  await new Promise((resolve, reject) => {
    const body = fs.readFileSync(file);
    const req = http.request(`${C.base}/v1/analyze?name=trivy.json`, {
      method: 'POST', agent: false, headers: {'Content-Length': body.length},
    }, (r) => {
      r.once('data', () => {
        req.destroy();
        resolve();
      });
      r.on('error', () => {});
    });
    req.on('error', () => {});
    req.setTimeout(60000, () => reject(new Error('no response')));
    req.end(body);
  });
  const small = INPUTS[0];
  assertReportResponse(await postFile(C, small), small);
  await stopServer(C);
});

// ------------------------------------------------- snapshots, diff, trend

// Two scans of one host a week apart: the corpus's Nessus export, and a copy
// with one ReportItem gone (a high-severity finding fixed), another host-ip
// and the host's timestamps seven days later. Null when the corpus is not
// there (and not required).
let scanPair;
function twoScans() {
  if (scanPair !== undefined) return scanPair;
  scanPair = null;
  const source = CORPUS_FILES[0];
  if (!sharedPresent(source, 'the snapshot, diff and trend tests')) return scanPair;
  const old = fs.readFileSync(source, 'utf8');
  const items = [...old.matchAll(/<ReportItem\b[\s\S]*?<\/ReportItem>\s*/g)];
  const gone = items.find((m) => /severity="3"/.test(m[0]) && /<cve>/.test(m[0]));
  assert.ok(gone, 'a high-severity ReportItem with a CVE to remove');
  const week = 7 * 24 * 3600;
  const now = (old.slice(0, gone.index) + old.slice(gone.index + gone[0].length))
      .replace(/(<tag name="host-ip">)([0-9.]+)\.([0-9]+)(<\/tag>)/,
          (_, open, net, last, close) => `${open}${net}.${(Number(last) + 1) % 256}${close}`)
      .replace(/(<tag name="HOST_(?:START|END)_TIMESTAMP">)([0-9]+)(<\/tag>)/g,
          (_, open, t, close) => `${open}${Number(t) + week}${close}`);
  assert.notEqual(now.length, old.length);
  scanPair = {
    old: {name: 'old.nessus', bytes: Buffer.from(old)},
    now: {name: 'new.nessus', bytes: Buffer.from(now)},
  };
  return scanPair;
}

// A multipart/form-data body of `parts`, in order: {field, name, bytes} (a
// file) or {field, text}.
function formBody(parts, boundary = '----exposureTrackTest7Qm') {
  const pieces = [];
  for (const p of parts) {
    const file = p.name !== undefined ? `; filename="${p.name}"` : '';
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"${file}\r\n\r\n`));
    pieces.push(p.bytes ?? Buffer.from(p.text), Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return {body: Buffer.concat(pieces), type: `multipart/form-data; boundary=${boundary}`};
}

function postForm(server, p, parts) {
  const {body, type} = formBody(parts);
  return request(server, {method: 'POST', path: p, headers: {'Content-Type': type}, body});
}

// The native CLI run in a fresh directory holding `files`: {status, stdout,
// stderr, dir}.
function cliWith(files, args) {
  const dir = fs.mkdtempSync(path.join(tmpDir, 'track-'));
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.bytes);
  const r = spawnSync(CLI, args, {cwd: dir, maxBuffer: 1 << 30});
  if (r.error) throw r.error;
  return {status: r.status, stdout: r.stdout, stderr: r.stderr.toString(), dir};
}

function cliSnapshot(files) {
  const r = cliWith(files, ['snapshot', '--out', 'out.zst', ...files.map((f) => f.name)]);
  assert.equal(r.status, 0, r.stderr);
  return fs.readFileSync(path.join(r.dir, 'out.zst'));
}

// The worker's snapshot of `files` against the native CLI's. When they
// differ but the wasm CLI (the worker's own core) agrees with the worker,
// build/bin and build/edge were built from different sources: say so
// rather than blame the worker.
function assertSnapshotOf(actual, files, label) {
  const native = cliSnapshot(files);
  if (actual.equals(native)) return;
  const r = cliWith(files, ['snapshot', '--out', 'out.zst', ...files.map((f) => f.name)]);
  const wasm = spawnSync(process.execPath, [path.join(ROOT, 'build/wasm/exposure.mjs'),
    'snapshot', '--out', 'wasm.zst', ...files.map((f) => f.name)], {cwd: r.dir});
  if (wasm.status === 0 && actual.equals(fs.readFileSync(path.join(r.dir, 'wasm.zst')))) {
    assert.fail(`${label}: the worker's snapshot equals build/wasm's CLI but not build/bin/exposure's ` +
        `(${actual.length} vs ${native.length} bytes): the native CLI and the wasm core were built ` +
        'from different sources; rebuild both');
  }
  assertSameBytes(actual, native, label);
}

test('POST /v1/snapshot gives the bytes of `exposure snapshot`', async (t) => {
  const scans = twoScans();
  if (!scans) return t.skip('corpus not present');
  const host = {name: 'host-scan.nessus', bytes: fs.readFileSync(path.join(ROOT, 'examples/host-scan.nessus'))};
  const res = await postForm(A, '/v1/snapshot', [
    {field: 'file', ...scans.old}, {field: 'file', ...host}]);
  assert.equal(res.status, 200, String(res.body));
  assertCommonHeaders(res);
  assert.equal(res.headers['content-type'], 'application/zstd');
  assert.equal(res.headers['content-disposition'], 'attachment; filename="exposure-snapshot.zst"');
  assertSnapshotOf(res.body, [scans.old, host], 'multipart snapshot');
  // Zstandard frame magic: 28 b5 2f fd.
  assert.equal(res.body.readUInt32LE(0), 0xfd2fb528);

  const raw = await request(A, {method: 'POST', path: '/v1/snapshot?name=new.nessus', body: scans.now.bytes});
  assert.equal(raw.status, 200, String(raw.body));
  assertSnapshotOf(raw.body, [scans.now], 'raw snapshot');

  const none = await request(A, {method: 'POST', path: '/v1/snapshot?name=notes.txt', body: Buffer.from('hello\n')});
  const err = assertJsonError(none, 422);
  assert.match(err.error.message, /^no recognised export was read: notes\.txt: not a supported format/);
});

// The counts of `gates` from the CLI's stderr ("exposure: gate G: N open
// findings"; a gate that counted none prints nothing).
function gateCounts(stderr, gates) {
  return gates.map((gate) => {
    const line = stderr.split('\n').find((l) => l.startsWith(`exposure: gate ${gate}: `));
    return `${gate}=${line ? Number(/: (\d+) open finding/.exec(line)[1]) : 0}`;
  }).join('; ');
}

test('POST /v1/diff gives the bytes of `exposure diff`; gates come back in X-Exposure-Gates', async (t) => {
  const scans = twoScans();
  if (!scans) return t.skip('corpus not present');
  const gates = ['new:kev', 'severity>=high'];
  const parts = [
    {field: 'old', ...scans.old}, {field: 'new', ...scans.now},
    ...gates.map((text) => ({field: 'fail_on', text})),
  ];
  const cli = cliWith([scans.old, scans.now],
      ['diff', '--format', 'json', ...gates.flatMap((g) => ['--fail-on', g]), 'old.nessus', 'new.nessus']);
  assert.equal(cli.status, 3, cli.stderr);
  const res = await postForm(A, '/v1/diff', parts);
  assert.equal(res.status, 200, String(res.body));
  assertCommonHeaders(res);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  assertSameBytes(res.body, cli.stdout, 'diff json');
  const summary = JSON.parse(res.body).summary;
  assert.equal(summary.fixed, 1);
  assert.equal(summary.new, 0);
  assert.equal(res.headers['x-exposure-gates'], gateCounts(cli.stderr, gates));
  assert.match(res.headers['x-exposure-gates'], /^new:kev=0; severity>=high=[1-9]/);
  assert.equal(res.headers['x-exposure-gates-tripped'], '1');

  // The old side as the snapshot the worker makes of it, two files on the
  // new side, a history snapshot made by the CLI; csv, markdown and --top.
  const made = await request(A, {method: 'POST', path: '/v1/snapshot?name=old.nessus', body: scans.old.bytes});
  assert.equal(made.status, 200, String(made.body));
  const oldSnap = {name: 'old.zst', bytes: made.body};
  const history = {name: 'history.zst', bytes: cliSnapshot([scans.old])};
  const inventory = INVENTORY;
  for (const [query, args] of [['?format=csv', ['--format', 'csv']],
    ['?format=markdown&top=3', ['--format', 'markdown', '--top', '3']]]) {
    const mixed = await postForm(A, `/v1/diff${query}`, [
      {field: 'history', ...history}, {field: 'old', ...oldSnap},
      {field: 'new', ...scans.now}, {field: 'new', ...inventory}]);
    assert.equal(mixed.status, 200, String(mixed.body));
    assert.equal(mixed.headers['x-exposure-gates'], undefined);
    const expected = cliWith([history, oldSnap, scans.now, inventory], ['diff', ...args,
      '--history', 'history.zst', '--old', 'old.zst', '--new', 'new.nessus', 'cmdb.csv']);
    assert.equal(expected.status, 0, expected.stderr);
    assertSameBytes(mixed.body, expected.stdout, `diff${query}`);
  }
});

test('POST /v1/trend gives the bytes of `exposure trend`', async (t) => {
  const scans = twoScans();
  if (!scans) return t.skip('corpus not present');
  const res = await postForm(A, '/v1/trend', [{field: 'file', ...scans.old}, {field: 'file', ...scans.now}]);
  assert.equal(res.status, 200, String(res.body));
  assertCommonHeaders(res);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  const cli = cliWith([scans.old, scans.now], ['trend', '--format', 'json', 'old.nessus', 'new.nessus']);
  assert.equal(cli.status, 0, cli.stderr);
  assertSameBytes(res.body, cli.stdout, 'trend json');
  assert.equal(JSON.parse(res.body).snapshots.length, 2);
});

test('diff and trend: missing sides, split sides, bad gates and formats are 4xx that say why', async (t) => {
  const scans = twoScans();
  if (!scans) return t.skip('corpus not present');
  // Cases the worker refuses before the body ends use small parts: a
  // server may close as soon as it refuses, and a large part still being
  // written would fail with EPIPE instead of reading the answer.
  const tiny = {name: 'tiny.nessus', bytes: Buffer.from('<NessusClientData_v2></NessusClientData_v2>\n')};
  const old = {field: 'old', ...tiny};
  const now = {field: 'new', ...tiny};
  const cases = [
    ['/v1/diff', [old], 400, /^no "new" file: a diff needs file parts named "old"/],
    ['/v1/diff', [{field: 'file', ...tiny}], 400, /^unknown file field "file"/],
    ['/v1/diff', [old, now, {field: 'old', ...tiny}], 400, /"old" files must come one after another/],
    ['/v1/diff', [old, now, {field: 'fail_on', text: 'new:critical'}], 400, /^fail_on new:critical: expected kev/],
    ['/v1/diff?format=pdf', [old, now], 400, /"format" must be json, csv, markdown, html or table/],
    ['/v1/diff?top=x', [old, now], 400, /"top" must be a whole number/],
    ['/v1/diff', [old, {field: 'policy', text: '{}'}, now], 400, /policy field must come before the files/],
    ['/v1/diff', [{field: 'old', ...scans.old}, {field: 'new', name: 'v9.json', text: '{"schema":"exposure-lens/snapshot/v9"}\n'}],
      422, /^the new side: no snapshot, report or recognised export was read/],
    ['/v1/trend?format=markdown', [old], 400, /"format" must be json, csv, html or table/],
    ['/v1/trend', [{field: 'fail_on', text: 'new:kev'}], 400, /unknown form field "fail_on"/],
  ];
  for (const [p, parts, status, message] of cases) {
    const err = assertJsonError(await postForm(A, p, parts), status);
    assert.match(err.error.message, message, `${p} ${parts.map((x) => x.field)}`);
  }
  const raw = await request(A, {method: 'POST', path: '/v1/trend?name=old.nessus', body: tiny.bytes});
  assert.match(assertJsonError(raw, 400).error.message, /^POST \/v1\/trend takes multipart\/form-data/);
  // The body limit holds here too (headers only: a server that refuses
  // on Content-Length may close before a large body is written, EPIPE).
  assertJsonError(await request(B, {
    method: 'POST',
    path: '/v1/diff',
    headers: {'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(SMALL_LIMIT + 1)},
    headersOnly: true,
    timeoutMs: 10000,
  }), 413);
});
