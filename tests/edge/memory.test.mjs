// What one request costs the edge worker in memory, in workerd: a large
// upload's analysis, with its report (three times the upload) streamed
// back, must stay well inside Cloudflare's 128 MB per isolate, measured as
// the workerd process's peak RSS above its level before the request; and a
// request past MAX_FINDINGS is refused before it grows. Linux only
// (/proc/PID/status, clear_refs). bench/edge_memory.mjs measures 100 MB
// uploads the same way.
//
//   node --test tests/edge/memory.test.mjs   (after scripts/build)

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {assertJsonError, request, servers, startServer, stopServer} from '../support/edge_server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TRIVY = path.join(ROOT, 'examples/webapp-image.trivy.json');
// Within Cloudflare's 128 MB with room for what workerd itself moves.
const PEAK_LIMIT_BYTES = 100 * 1024 * 1024;

let upload;  // a Trivy export of about 40 MB, 40,000 findings

// The example's findings, repeated with other CVE ids and packages until
// the export holds `count` of them.
function largeTrivy(count) {
  const base = JSON.parse(fs.readFileSync(TRIVY, 'utf8'));
  const templates = base.Results.flatMap((r) => r.Vulnerabilities ?? []);
  const vulnerabilities = [];
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length];
    const id = `CVE-2099-${String(10000 + i)}`;
    vulnerabilities.push({...t, VulnerabilityID: id, PkgName: `${t.PkgName}-${i % 997}`,
      PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
      Description: `${t.Description} `.repeat(4)});
  }
  const result = {...base.Results[0], Vulnerabilities: vulnerabilities};
  return Buffer.from(JSON.stringify({...base, Results: [result]}));
}

function memory(pid) {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)[1]) * 1024;
  return {rss: kb('VmRSS'), hwm: kb('VmHWM')};
}

// The peak RSS `fn` adds to the server's process above its level before.
async function peakDuring(server, fn) {
  const pid = server.child.pid;
  await new Promise((r) => setTimeout(r, 200));
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');  // VmHWM := VmRSS
  const before = memory(pid).rss;
  const result = await fn();
  return {result, peak: memory(pid).hwm - before};
}

before(() => {
  upload = largeTrivy(40000);
});

after(async () => {
  await Promise.all(servers.map(stopServer));
});

test('a 40 MB export and its report stay far below 128 MB', {skip: process.platform !== 'linux'}, async () => {
  const server = await startServer();
  // Warm up: the core compiled and instantiated, as in a live isolate.
  assert.equal((await request(server, {method: 'POST', path: '/v1/analyze?name=t.json',
    body: fs.readFileSync(TRIVY)})).status, 200);
  const {result: res, peak} = await peakDuring(server, () => request(server, {
    method: 'POST', path: '/v1/analyze?name=large.json', body: upload, timeoutMs: 120000}));
  assert.equal(res.status, 200, String(res.body.subarray(0, 300)));
  const report = JSON.parse(res.body);
  assert.equal(report.summary.findings, 40000);
  assert.ok(res.body.length > 2 * upload.length, `the report is ${res.body.length} bytes`);
  console.log(`# upload ${upload.length} bytes, report ${res.body.length} bytes, ` +
              `peak RSS above idle ${(peak / 1048576).toFixed(1)} MB`);
  assert.ok(peak < PEAK_LIMIT_BYTES, `workerd grew by ${(peak / 1048576).toFixed(1)} MB`);
});

test('past MAX_FINDINGS the request is refused and costs less than one within the limits', {skip: process.platform !== 'linux'},
  async () => {
    const server = await startServer({MAX_FINDINGS: '5000'});
    assert.equal((await request(server, {method: 'POST', path: '/v1/analyze?name=t.json',
      body: fs.readFileSync(TRIVY)})).status, 200);
    const {result: res, peak} = await peakDuring(server, () => request(server, {
      method: 'POST', path: '/v1/analyze?name=large.json', body: upload, timeoutMs: 120000}));
    assertJsonError(res, 413);
    console.log(`# refused at 5,000 findings: peak RSS above idle ${(peak / 1048576).toFixed(1)} MB`);
    assert.ok(peak < 64 * 1024 * 1024, `workerd grew by ${(peak / 1048576).toFixed(1)} MB`);
  });
