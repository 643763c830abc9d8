// The dashboard's hardening, in headless Chromium against scripts/serve.mjs:
// threat intel changes only through its panel and only after a preview
// (and a confirmation when the files look wrong); the static server's
// headers and dotfile refusal; spilled scan data does not outlive the page.
//
//   scripts/build && node --test tests/browser/hardening.test.mjs
//
// EXPOSURE_WEB_DIR and CHROMIUM as in dashboard.test.mjs.

import {describe, test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {chromium} from 'playwright-core';

import {startServer, stopServer} from '../support/static_server.mjs';
import {CHROMIUM_ARGS, chooseFiles, chromiumPath, dropFiles, intelUpdates, readCveRows, readIntel, readIntelPreview, reportCount,
  spillFileSizes, spillFiles, previewAfter, waitForIntel, waitForNoSpillFiles, waitForRun,
  repoRoot, webDir} from '../support/dashboard_page.mjs';

const serveScript = path.join(repoRoot, 'scripts/serve.mjs');
const fixtures = path.join(repoRoot, 'tests/fixtures/intel');
const scan = path.join(fixtures, 'scan.trivy.json');

const TEST_TIMEOUT_MS = 300_000;

// kev-small.json cut to one entry, CVE-2024-3094 (in scan.trivy.json, not
// in the built-in catalog), saved under a scan export's name: applied, it
// would take the KEV mark off log4shell and give it to xz.
function oneEntryKev(dir) {
  const catalog = JSON.parse(fs.readFileSync(path.join(fixtures, 'kev-small.json'), 'utf8'));
  catalog.vulnerabilities = catalog.vulnerabilities.filter((v) => v.cveID === 'CVE-2024-3094');
  catalog.count = 1;
  assert.equal(catalog.vulnerabilities.length, 1);
  const file = path.join(dir, 'weekly-scan.nessus');
  fs.writeFileSync(file, JSON.stringify(catalog, null, 2));
  return file;
}

// One raw GET (no URL normalization by a client): {status, headers}.
function get(origin, rawPath) {
  return new Promise((resolve, reject) => {
    const {hostname, port} = new URL(origin);
    const req = http.request({host: hostname, port, path: rawPath, method: 'GET'}, (res) => {
      res.resume();
      res.on('end', () => resolve({status: res.statusCode, headers: res.headers}));
    });
    req.on('error', reject);
    req.end();
  });
}

// serve.mjs with `args` run to its exit: {code, stderr}; killed after 10 s
// if it starts serving instead.
function serveExit(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [serveScript, '--port', '0', ...args], {stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({code, signal, stderr});
    });
  });
}

// A Nessus export of `mb` MB from bench/gen.py.
async function generatedNessus(dir, name, mb) {
  const file = path.join(dir, name);
  const gen = spawn('python3', [path.join(repoRoot, 'bench/gen.py'), 'nessus', String(mb), file], {stdio: 'inherit'});
  assert.equal(await new Promise((resolve) => gen.once('exit', resolve)), 0, 'bench/gen.py');
  return file;
}

describe('hardening', {timeout: 30 * 60_000}, () => {
  let tmpDir;
  let server;
  let context;
  const servers = [];
  const pageErrors = [];

  before(async () => {
    if (!fs.existsSync(path.join(webDir, 'core.mjs'))) throw new Error(`${webDir} has no core.mjs: build first`);
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-hardening-test-'));
    server = await startServer(webDir);
    servers.push(server);
    context = await chromium.launchPersistentContext(path.join(tmpDir, 'chromium-profile'), {
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
      viewport: {width: 1280, height: 900},
    });
    context.setDefaultTimeout(60_000);
  });

  after(async () => {
    try {
      if (context) await context.close();
    } catch (err) {
      console.error('closing the browser failed:', err);
    }
    for (const s of servers) await stopServer(s);
    if (tmpDir) fs.rmSync(tmpDir, {recursive: true, force: true});
  });

  async function openPage(url) {
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
    await page.goto(url);
    return page;
  }

  // The KEV marks of every row of scan.trivy.json, by CVE.
  async function kevMarks(page) {
    const marks = {};
    for (const row of await readCveRows(page)) if (row.cve) marks[row.cve] = row.kev;
    return marks;
  }

  test('a scan-named file holding a one-entry KEV catalog, dropped with a scan, changes no KEV mark', {timeout: TEST_TIMEOUT_MS}, async () => {
    const fake = oneEntryKev(tmpDir);
    const page = await openPage(server.url);
    try {
      await waitForIntel(page, 0, 'built-in');
      await chooseFiles(page, [scan]);
      const baseline = await kevMarks(page);
      assert.equal(baseline['CVE-2021-44228'], true, 'log4shell is in the built-in KEV catalog');
      assert.equal(baseline['CVE-2024-3094'], false, 'xz is not');
      await page.click('#clear');

      const updates = await intelUpdates(page);
      const reports = await reportCount(page);
      await dropFiles(page, [fake, scan]);
      await waitForRun(page, reports);
      assert.deepEqual(await kevMarks(page), baseline);
      // The page names the file as intel and applied nothing.
      await page.waitForSelector('#intel-held:not([hidden])');
      assert.deepEqual(await page.$$eval('#intel-held-files > li', (lis) => lis.map((li) => [li.dataset.name,
        li.dataset.kind])), [['weekly-scan.nessus', 'kev']]);
      assert.match(await page.textContent('#intel-held'), /not applied/);
      assert.deepEqual(await page.$$eval('#file-status .file-name', (n) => n.map((e) => e.textContent)),
        ['scan.trivy.json'], 'the intel file is not analyzed either');
      const intel = await readIntel(page);
      assert.equal(intel.source, 'built-in');
      assert.equal(intel.kevVersion, '2025.08.25');
      assert.equal(await intelUpdates(page), updates, 'no intel message: nothing changed');
      assert.equal(await readIntelPreview(page), null, 'not even previewed');

      // Nor on the next visit.
      await page.reload();
      await waitForIntel(page, 0, 'built-in');
      assert.equal((await readIntel(page)).kevVersion, '2025.08.25');
      await chooseFiles(page, [scan]);
      assert.deepEqual(await kevMarks(page), baseline);

      // Offered to the panel: a preview, still nothing applied.
      await dropFiles(page, [fake]);
      const preview = await previewAfter(page, () => page.click('#intel-held-review'));
      assert.deepEqual(preview.changes.map((c) => [c.kind, c.cves]), [['kev', 1]]);
      assert.equal(await page.isHidden('#intel-held'), true);
      await page.click('#intel-discard');
      assert.equal(await readIntelPreview(page), null);
      assert.equal((await readIntel(page)).source, 'built-in');
    } finally {
      await page.close();
    }
  });

  test('the intel panel previews size and date, warns about a tiny KEV catalog and applies only once confirmed', {timeout: TEST_TIMEOUT_MS}, async () => {
    const fake = oneEntryKev(tmpDir);
    const page = await openPage(server.url);
    try {
      await waitForIntel(page, 0, 'built-in');
      await chooseFiles(page, [scan]);
      const updates = await intelUpdates(page);

      const preview = await previewAfter(page, () => page.setInputFiles('#intel-input', [fake]));
      assert.equal(preview.changes.length, 1);
      const [kev] = preview.changes;
      assert.deepEqual([kev.kind, kev.cves, kev.date, kev.beforeCves, kev.beforeDate],
        ['kev', 1, '2026-11-20', 1404, '2025-08-25']);
      assert.match(kev.text, /^KEV catalog from weekly-scan\.nessus: 1 known exploited CVEs, released 2026-11-20 \(in use: 1,404/);
      assert.equal(preview.warnings.length, 1, preview.warnings.join('\n'));
      assert.match(preview.warnings[0], /^weekly-scan\.nessus lists only 1 known exploited CVEs, under half of the built-in catalog's 1,404/);
      assert.equal(preview.confirmShown, false);

      // Apply asks first; the intel stays as it is until confirmed.
      await page.click('#intel-apply');
      await page.waitForSelector('#intel-confirm-row:not([hidden])');
      await page.waitForTimeout(1000);
      assert.equal(await intelUpdates(page), updates);
      assert.equal((await readIntel(page)).kevVersion, '2025.08.25');
      assert.equal((await kevMarks(page))['CVE-2021-44228'], true);

      const reports = await reportCount(page);
      await page.click('#intel-confirm');
      await waitForIntel(page, updates, 'files');
      await waitForRun(page, reports);
      const intel = await readIntel(page);
      assert.equal(intel.kevVersion, '2026.11.20');
      assert.equal(intel.kevCves, 1);
      assert.equal(intel.notes[0], 'Taken as threat intel: weekly-scan.nessus (KEV catalog).');
      assert.equal(await readIntelPreview(page), null, 'the preview closes once applied');
      const marks = await kevMarks(page);
      assert.equal(marks['CVE-2021-44228'], false);
      assert.equal(marks['CVE-2024-3094'], true);

      // Back to the built-in bundle for the tests after this one.
      const beforeReset = await intelUpdates(page);
      await page.click('#intel-reset');
      await waitForIntel(page, beforeReset, 'built-in');
    } finally {
      await page.close();
    }
  });

  test('serve.mjs: no dotfiles; frame-ancestors in the CSP; a bad origin stops it', {timeout: TEST_TIMEOUT_MS}, async () => {
    const root = path.join(tmpDir, 'web-copy');
    fs.cpSync(webDir, root, {recursive: true});
    fs.mkdirSync(path.join(root, '.git'));
    fs.writeFileSync(path.join(root, '.git/config'), '[core]\n');
    fs.writeFileSync(path.join(root, '.env'), 'SECRET=1\n');
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub/.hidden'), 'hidden\n');
    fs.writeFileSync(path.join(root, 'sub/visible.txt'), 'visible\n');

    const portals = 'https://portal.example.com http://127.0.0.1:9999';
    const framed = await startServer(root, ['--frame-ancestors', portals]);
    servers.push(framed);
    for (const p of ['/.git/config', '/.git/', '/%2e%65nv', '/.env', '/sub/.hidden', '/sub/%2Ehidden', '/sub/../.env']) {
      assert.equal((await get(framed.origin, p)).status, 404, p);
    }
    assert.equal((await get(framed.origin, '/sub/visible.txt')).status, 200, 'a plain file in the same directory');

    const page = await get(framed.origin, '/');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-security-policy'],
      /; frame-ancestors 'self' https:\/\/portal\.example\.com http:\/\/127\.0\.0\.1:9999$/);
    // The worker takes its policy from its own response.
    const workerScript = await get(framed.origin, '/worker.js');
    assert.equal(workerScript.headers['content-security-policy'], page.headers['content-security-policy']);
    assert.equal(workerScript.headers['x-content-type-options'], 'nosniff');
    assert.equal((await get(framed.origin, '/exposure_core.wasm')).headers['content-type'], 'application/wasm');

    const plain = await get(server.origin, '/');
    assert.match(plain.headers['content-security-policy'], /; frame-ancestors 'self'$/);
    assert.equal(plain.headers['referrer-policy'], 'no-referrer');

    for (const bad of ['*', 'https:', "'none'", 'https://portal.example.com/app', 'portal.example.com',
      'ftp://portal.example.com']) {
      const {code, stderr} = await serveExit(['--frame-ancestors', bad, root]);
      assert.equal(code, 2, `--frame-ancestors ${bad}: ${stderr}`);
      assert.match(stderr, /--frame-ancestors: not an origin/);
    }
  });

  test('?memory=0: the analysis opens no spill file', {timeout: TEST_TIMEOUT_MS}, async () => {
    const file = await generatedNessus(tmpDir, 'in-memory.nessus', 4);
    const page = await openPage(`${server.url}?memory=0`);
    try {
      await chooseFiles(page, [file]);
      assert.ok(Number(await page.$eval('#total-findings', (e) => e.dataset.value)) > 1000);
      assert.equal(await page.getAttribute('#app', 'data-spilled-bytes'), '0');
      assert.deepEqual(await spillFiles(page), []);
    } finally {
      await page.close();
    }
  });

  test('spill files are emptied when the page goes away, and deleted by the next visit', {timeout: TEST_TIMEOUT_MS}, async () => {
    const file = await generatedNessus(tmpDir, 'spilled.nessus', 4);
    // A same-origin document without the dashboard, whose worker would
    // delete stale spill files on start: this checks what the page does
    // itself on leaving, not the next visit.
    const elsewhere = `${server.url}favicon.svg`;
    const spilledPage = async () => {
      const page = await openPage(`${server.url}?memory=1`);
      await chooseFiles(page, [file]);
      assert.ok(Number(await page.getAttribute('#app', 'data-spilled-bytes')) > 100_000);
      const sizes = Object.values(await spillFileSizes(page));
      assert.equal(sizes.length, 1, 'one spill file while the analysis lives');
      assert.ok(sizes[0] > 100_000, `${sizes[0]} bytes in the spill file`);
      return page;
    };

    // Navigating away. Whether the file itself is removed before the
    // browser stops the worker is a race (its lock is released on another
    // channel than the removal's); its content never survives.
    const page = await spilledPage();
    try {
      await page.goto(elsewhere);
      await waitForNoSpillFiles(page, 15_000, {empty: true});
    } finally {
      await page.close();
    }

    // Closing the tab.
    const closing = await spilledPage();
    await closing.close({runBeforeUnload: true});
    const probe = await openPage(elsewhere);
    try {
      await waitForNoSpillFiles(probe, 15_000, {empty: true});
    } finally {
      await probe.close();
    }

    // The next visit deletes what is left before it analyzes anything.
    const next = await openPage(server.url);
    try {
      await waitForNoSpillFiles(next);
    } finally {
      await next.close();
    }
  });

  test('no errors on the pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
