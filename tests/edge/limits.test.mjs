// The edge worker's deployment settings, end to end in workerd: per-tenant
// API keys (API_KEY_HASHES) and the limits per request that a compressed
// body's own size cannot bound (MAX_DECOMPRESSED_BYTES, MAX_FINDINGS,
// MAX_FILES), including decompression bombs.
//
// Run from the repository root after the build:  node --test tests/edge/

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {fileURLToPath} from 'node:url';

import {SERVE, assertJsonError, multipartBody, request, servers, startServer, stopServer}
  from '../support/edge_server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'build/bin/exposure');
const TRIVY = path.join(ROOT, 'examples/webapp-image.trivy.json');
const NESSUS = path.join(ROOT, 'examples/host-scan.nessus');

const KEYS = {acme: 'acme-key-7f3a9c', globex: 'globex-key-22e1b0'};
const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

let keyed;    // API_KEY_HASHES for both tenants
let limited;    // small limits, no keys
let bytesOnly;  // only the decompressed-bytes limit
let broken;     // malformed settings
let tmpDir;

before(async () => {
  for (const f of [SERVE, CLI]) {
    assert.ok(fs.existsSync(f), `${f} is missing: run scripts/build first`);
  }
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-limits-'));
  const hashes = JSON.stringify(Object.fromEntries(
      Object.entries(KEYS).map(([tenant, key]) => [tenant, sha256(key)])));
  [keyed, limited, bytesOnly, broken] = await Promise.all([
    startServer({API_KEY_HASHES: hashes}),
    startServer({MAX_DECOMPRESSED_BYTES: '2000000', MAX_FINDINGS: '10', MAX_FILES: '2'}),
    startServer({MAX_DECOMPRESSED_BYTES: '2000000'}),
    startServer({API_KEY_HASHES: '{"acme": "not-a-hash"}', MAX_FINDINGS: '12x'}),
  ]);
});

after(async () => {
  await Promise.all(servers.map(stopServer));
  if (tmpDir) fs.rmSync(tmpDir, {recursive: true, force: true});
});

function cliReport(file) {
  const r = spawnSync(CLI, ['analyze', path.basename(file)], {cwd: path.dirname(file), maxBuffer: 1 << 28});
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
}

function analyze(server, body, {name = 'trivy.json', headers = {}} = {}) {
  return request(server, {method: 'POST', path: `/v1/analyze?name=${encodeURIComponent(name)}`, headers, body});
}

// A valid Trivy export that decompresses to about `bytes`: the example
// with `bytes` of spaces before its closing brace (after the head that
// tells the format), which compress to almost nothing: the shape of a
// decompression bomb.
function paddedTrivy(bytes) {
  const text = fs.readFileSync(TRIVY, 'utf8');
  const end = text.lastIndexOf('}');
  return Buffer.concat([Buffer.from(text.slice(0, end)), Buffer.alloc(bytes, ' '), Buffer.from(text.slice(end))]);
}

function zstd(buffer) {
  const file = path.join(tmpDir, `in-${crypto.randomUUID()}`);
  fs.writeFileSync(file, buffer);
  const r = spawnSync('zstd', ['-q', '-19', '-c', file], {maxBuffer: 1 << 28});
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
}

test('API keys: no key, a malformed header or a wrong key is a 401', async () => {
  for (const headers of [{}, {Authorization: `Basic ${KEYS.acme}`}, {Authorization: 'Bearer'},
    {Authorization: 'Bearer wrong-key'}, {Authorization: `Bearer ${KEYS.acme}x`},
    {Authorization: `Bearer ${sha256(KEYS.acme)}`}]) {
    const res = await analyze(keyed, fs.readFileSync(TRIVY), {headers});
    const error = assertJsonError(res, 401);
    assert.match(error.error.message, /Authorization: Bearer KEY/);
    assert.match(res.headers['www-authenticate'], /^Bearer /);
  }
  assertJsonError(await request(keyed, {path: '/v1/formats'}), 401);
});

test('API keys: each tenant\'s key gets the CLI\'s report; health needs no key', async () => {
  const expected = cliReport(TRIVY);
  for (const key of Object.values(KEYS)) {
    for (const scheme of ['Bearer', 'bearer']) {
      const res = await analyze(keyed, fs.readFileSync(TRIVY),
          {name: path.basename(TRIVY), headers: {Authorization: `${scheme} ${key}`}});
      assert.equal(res.status, 200, String(res.body));
      assert.ok(res.body.equals(expected), 'the report differs from the CLI\'s');
    }
  }
  const formats = await request(keyed, {path: '/v1/formats', headers: {Authorization: `Bearer ${KEYS.globex}`}});
  assert.equal(formats.status, 200);
  assert.equal((await request(keyed, {path: '/v1/health'})).status, 200);
  // CORS preflights carry no credentials; they are answered as before.
  assert.equal((await request(keyed, {method: 'OPTIONS', path: '/v1/analyze'})).status, 204);
});

test('API keys: the log names the tenant, never the data', async () => {
  const marker = `secret-file-${crypto.randomUUID()}.json`;
  const res = await analyze(keyed, fs.readFileSync(TRIVY), {name: marker, headers: {Authorization: `Bearer ${KEYS.acme}`}});
  assert.equal(res.status, 200);
  const lines = () => keyed.stdout.split('\n').filter((l) => l.includes('"tenant"'));
  for (let i = 0; i < 50 && !lines().some((l) => l.includes('"acme"')); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const logged = lines().map((l) => JSON.parse(l.slice(l.indexOf('{'))));
  const entry = logged.find((e) => e.tenant === 'acme' && e.path === '/v1/analyze' && e.status === 200);
  assert.ok(entry, `no log line for acme's request in:\n${keyed.stdout}`);
  assert.equal(typeof entry.ms, 'number');
  // 401s are logged without a tenant.
  assert.ok(logged.some((e) => e.tenant === null && e.status === 401));
  for (const text of [keyed.stdout, keyed.stderr]) {
    assert.ok(!text.includes(marker), 'the log holds the uploaded file\'s name');
    assert.ok(!text.includes(KEYS.acme), 'the log holds a key');
  }
});

test('a malformed setting fails closed: 500 without details, health still answers', async () => {
  const res = await analyze(broken, fs.readFileSync(TRIVY), {headers: {Authorization: `Bearer ${KEYS.acme}`}});
  const error = assertJsonError(res, 500);
  assert.equal(error.error.message, 'internal error');
  // The log line may reach us after the response.
  const reason = /API_KEY_HASHES: the hash of tenant acme is not 64 hex digits/;
  for (let i = 0; i < 100 && !reason.test(broken.stderr); i++) await new Promise((r) => setTimeout(r, 20));
  assert.match(broken.stderr, reason);
  assert.equal((await request(broken, {path: '/v1/health'})).status, 200);
});

test('MAX_DECOMPRESSED_BYTES: a zstd bomb is refused with 413 and the limit', async () => {
  const plain = paddedTrivy(50 * 1000 * 1000);
  const bomb = zstd(plain);
  assert.ok(bomb.length < 20000, `the bomb is ${bomb.length} bytes`);
  const res = await analyze(limited, bomb, {name: 'scan.json.zst'});
  const error = assertJsonError(res, 413);
  assert.equal(error.error.message, 'the inputs exceed the limit of 2000000 decompressed bytes per analysis');
  // The same through gzip, and as a multipart file.
  const gz = zlib.gzipSync(plain, {level: 9});
  assertJsonError(await analyze(limited, gz, {name: 'scan.json.gz'}), 413);
  const {body, type} = multipartBody([{name: 'scan.json.zst', bytes: bomb}]);
  const mp = await request(limited, {method: 'POST', path: '/v1/analyze', headers: {'Content-Type': type}, body});
  assertJsonError(mp, 413);
});

test('MAX_DECOMPRESSED_BYTES counts every file of a request together', async () => {
  // Two files of 0.9 MB (one plain, one compressed: both count their
  // plain bytes) are within 2 MB; a third passes it.
  const one = paddedTrivy(900 * 1000);
  const files = [{name: 'a.json', bytes: one}, {name: 'b.json.zst', bytes: zstd(one)}];
  const two = multipartBody(files);
  const res = await request(bytesOnly, {method: 'POST', path: '/v1/analyze', headers: {'Content-Type': two.type}, body: two.body});
  assert.equal(res.status, 200, String(res.body));
  assert.equal(JSON.parse(res.body).inputs.length, 2);
  const three = multipartBody([...files, {name: 'c.json', bytes: one}]);
  const res3 = await request(bytesOnly, {method: 'POST', path: '/v1/analyze', headers: {'Content-Type': three.type}, body: three.body});
  const error = assertJsonError(res3, 413);
  assert.match(error.error.message, /limit of 2000000 decompressed bytes/);
});

test('MAX_FINDINGS: more findings than the limit is a 413; fewer is the CLI\'s report', async () => {
  const trivyFindings = JSON.parse(cliReport(TRIVY)).findings.length;
  assert.ok(trivyFindings > 10, `the example has ${trivyFindings} findings`);
  const res = await analyze(limited, fs.readFileSync(TRIVY));
  const error = assertJsonError(res, 413);
  assert.equal(error.error.message, 'the inputs exceed the limit of 10 findings per analysis');
  for (const endpoint of ['/v1/plan', '/v1/coverage', '/v1/snapshot']) {
    const r = await request(limited, {method: 'POST', path: `${endpoint}?name=t.json`, body: fs.readFileSync(TRIVY)});
    assertJsonError(r, 413);
  }
});

test('MAX_FILES: one file more than the limit is a 413 naming it', async () => {
  const small = fs.readFileSync(path.join(ROOT, 'examples/cmdb-assets.csv'));
  const files = [1, 2, 3].map((i) => ({name: `cmdb-${i}.csv`, bytes: small}));
  const {body, type} = multipartBody(files);
  const res = await request(limited, {method: 'POST', path: '/v1/analyze', headers: {'Content-Type': type}, body});
  const error = assertJsonError(res, 413);
  assert.equal(error.error.message, 'more than 2 files in one request');
  const ok = multipartBody(files.slice(0, 2));
  const res2 = await request(limited, {method: 'POST', path: '/v1/analyze', headers: {'Content-Type': ok.type}, body: ok.body});
  assert.equal(res2.status, 200, String(res2.body));
  // The trackers count files the same way.
  const trend = await request(limited, {method: 'POST', path: '/v1/trend', headers: {'Content-Type': type}, body});
  assertJsonError(trend, 413);
});

test('limits hold for the diff and trend endpoints', async () => {
  const {body, type} = multipartBody([{name: 'scan.json', bytes: fs.readFileSync(TRIVY)}]);
  const res = await request(limited, {method: 'POST', path: '/v1/trend', headers: {'Content-Type': type}, body});
  const error = assertJsonError(res, 413);
  assert.match(error.error.message, /limit of 10 findings/);
  const bomb = multipartBody([{name: 'scan.json.zst', bytes: zstd(paddedTrivy(20 * 1000 * 1000))}]);
  const res2 = await request(bytesOnly, {method: 'POST', path: '/v1/trend', headers: {'Content-Type': bomb.type}, body: bomb.body});
  assert.match(assertJsonError(res2, 413).error.message, /limit of 2000000 decompressed bytes/);
  // Within the limits, the trend is made.
  const small = multipartBody([{name: 'scan.json', bytes: fs.readFileSync(TRIVY)}]);
  const ok = await request(bytesOnly, {method: 'POST', path: '/v1/trend', headers: {'Content-Type': small.type}, body: small.body});
  assert.equal(ok.status, 200, String(ok.body));
});
