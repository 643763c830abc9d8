// End-to-end tests of the dashboard (build/web) in headless Chromium.
//
//   cmake --build build && node --test tests/browser/
//
// Drives Debian's /usr/bin/chromium through playwright-core (no downloaded
// browser) against scripts/serve.mjs, and checks the page's numbers against
// the native CLI (build/bin/exposure analyze), which produces the same report
// as the wasm core.
//
// Environment overrides (for developing the dashboard without a full build):
//   EXPOSURE_WEB_DIR   directory to serve instead of build/web
//   EXPOSURE_CLI       CLI executable instead of build/bin/exposure
//   CHROMIUM           browser executable instead of /usr/bin/chromium
//   DASHBOARD_SCREENSHOT  if set, path of a screenshot of the demo dashboard

import {describe, test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, execFile} from 'node:child_process';
import {promisify} from 'node:util';
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import {chromium} from 'playwright-core';

import {formatIds, oneFilePerFormat} from '../support/corpus_inputs.mjs';
import {startServer, stopServer} from '../support/static_server.mjs';
import {CHROMIUM_ARGS, RUN_TIMEOUT_MS, chooseFiles, chromiumPath, cliPath, dropFiles, intelUpdates, readAllRows,
  readCveRows, readIntel, reportCount, previewAfter, repoRoot, spillFiles, tableRowCount, waitForIntel,
  waitForNoSpillFiles, waitForRun, webDir} from '../support/dashboard_page.mjs';

const execFileAsync = promisify(execFile);


// Generous: this runs on 2-core machines next to other jobs.
const TEST_TIMEOUT_MS = 300_000;

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const SEVERITY_RANK = {critical: 4, high: 3, medium: 2, low: 1, info: 0};

// Files for the comparison with the CLI: the shipped demo files plus two
// exports from the shared scanner corpus.
function demoNames() {
  const index = JSON.parse(fs.readFileSync(path.join(webDir, 'demo/index.json'), 'utf8'));
  return index.files;
}
function comparisonFiles() {
  // examples/ is the source of build/web/demo/; fall back to the copy when
  // serving a directory that is not built from this tree.
  const demo = demoNames().map((name) => {
    const source = path.join(repoRoot, 'examples', name);
    return fs.existsSync(source) ? source : path.join(webDir, 'demo', name);
  });
  return [
    ...demo,
    path.resolve(repoRoot, '../shared/corpus/tenable/nessus/nessus_with_cvssv3.nessus'),
    path.resolve(repoRoot, '../shared/corpus/trivy/scheme_2_many_vulns.json'),
  ];
}

// `exposure coverage --format json`: what the Coverage view must show.
async function cliCoverage(files) {
  const {stdout} = await execFileAsync(cliPath, ['coverage', '--format', 'json', ...files], {
    maxBuffer: 1 << 30,
    timeout: RUN_TIMEOUT_MS,
  });
  return JSON.parse(stdout);
}

// `exposure plan --format json [--top N]`: what the Actions view must show.
async function cliPlan(files, top = 0) {
  const {stdout} = await execFileAsync(cliPath, ['plan', '--format', 'json', ...(top ? ['--top', String(top)] : []),
    ...files], {maxBuffer: 1 << 30, timeout: RUN_TIMEOUT_MS});
  return JSON.parse(stdout);
}

async function cliReport(files) {
  const {stdout} = await execFileAsync(cliPath, ['analyze', ...files], {
    maxBuffer: 1 << 30,
    timeout: RUN_TIMEOUT_MS,
  });
  return JSON.parse(stdout);
}

// ---------------------------------------------------------------------------
// Server and browser plumbing

// Starts scripts/serve.mjs on a free port. Port 0 lets the kernel pick, and
// the server prints the port it got, so there is no window in which another
// process could take a port chosen in advance.
const servers = [];
let server; // the plain server (no --demo)
let context;
let userDataDir;
let tmpDir;

// Everything observed across all tests; checked by the "stays on origin" test.
const requests = [];
const consoleErrors = [];
const pageErrors = [];
const cspViolations = [];

// The only console error the page may cause: site.json is optional, and the
// browser logs the 404 of the existence check itself.
function isExpectedConsoleError(msg) {
  const url = msg.location()?.url || '';
  return /^Failed to load resource: .*404/.test(msg.text()) && url.endsWith('/site.json');
}

async function openPage(url) {
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !isExpectedConsoleError(msg)) {
      consoleErrors.push(`${msg.location()?.url || page.url()}: ${msg.text()}`);
    }
  });
  // Messages from the analysis worker (e.g. CSP violations inside it).
  page.on('worker', (worker) => {
    worker.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`worker ${worker.url()}: ${msg.text()}`);
    });
  });
  await page.goto(url);
  return page;
}

// Collects the page's CSP violation reports (recorded by the init script).
async function closePage(page) {
  try {
    cspViolations.push(...await page.evaluate(() => window.__cspViolations || []));
  } finally {
    await page.close();
  }
}

// A Nessus export of `mb` MB from bench/gen.py in tmpDir, with the CLI's
// report of it: {file, fullBytes, expected (parsed)}. The CLI runs where
// the file is, so the report names it as the page does.
async function generatedNessus(name, mb) {
  const file = path.join(tmpDir, name);
  const gen = spawn('python3', [path.join(repoRoot, 'bench/gen.py'), 'nessus', String(mb), file], {stdio: 'inherit'});
  assert.equal(await new Promise((resolve) => gen.once('exit', resolve)), 0, 'bench/gen.py');
  const {stdout: fullBytes} = await execFileAsync(cliPath, ['analyze', path.basename(file)], {
    cwd: tmpDir, encoding: 'buffer', maxBuffer: 1 << 30, timeout: RUN_TIMEOUT_MS,
  });
  return {file, fullBytes, expected: JSON.parse(fullBytes.toString('utf8'))};
}

async function readTotals(page) {
  return page.evaluate((keys) => {
    const out = {};
    for (const key of keys) {
      const node = document.getElementById(`total-${key}`);
      // data-value holds the raw number; the text is the same number formatted.
      out[key] = {value: Number(node.dataset.value), text: node.textContent};
    }
    return out;
  }, [...SEVERITIES, 'findings', 'assets', 'services', 'cves']);
}

async function readFileRows(page) {
  return page.$$eval('#file-status > li', (lis) => lis.map((li) => {
    const num = (cls) => {
      const node = li.querySelector(`.${cls}`);
      return node ? Number(node.dataset.value) : null;
    };
    return {
      name: li.querySelector('.file-name').textContent,
      state: li.dataset.state,
      kind: li.dataset.kind ?? '',
      format: li.querySelector('.file-format').dataset.format,
      findings: num('file-findings'),
      assets: num('file-assets'),
      services: num('file-services'),
      errors: li.querySelectorAll('.file-errors > li').length,
    };
  }));
}

async function firstRowSeverities(page) {
  return page.$$eval('#findings-table tbody tr td.col-severity', (tds) => tds.map((td) => td.dataset.severity));
}

function digits(text) {
  return Number(text.replace(/\D/g, ''));
}

// The page's per-file status rows against the CLI report of the same files.
function assertRowsMatch(rows, files, expected) {
  assert.equal(rows.length, files.length, 'one status row per file');
  rows.forEach((row, i) => {
    const input = expected.inputs[i];
    assert.equal(row.name, path.basename(files[i]));
    assert.equal(row.format, input.format ?? '', `${row.name}: format`);
    assert.notEqual(row.format, '', `${row.name}: format detected`);
    assert.equal(row.findings, input.findings, `${row.name}: findings`);
    assert.equal(row.assets, input.assets, `${row.name}: assets`);
    assert.equal(row.services, input.services, `${row.name}: services`);
    assert.equal(row.errors, Math.min(input.errors.length, 5), `${row.name}: errors shown`);
    const problems = input.errors.length > 0 || input.partial === true;
    assert.equal(row.state, problems ? (input.findings ? 'warning' : 'error') : 'done', `${row.name}: state`);
  });
}

function assertTotalsMatch(totals, summary) {
  for (const sev of SEVERITIES) {
    assert.equal(totals[sev].value, summary.by_severity[sev], `total-${sev}`);
    assert.equal(digits(totals[sev].text), summary.by_severity[sev], `total-${sev} text`);
  }
  const count = (v) => (Array.isArray(v) ? v.length : v);
  assert.equal(totals.findings.value, summary.findings, 'total-findings');
  assert.equal(totals.assets.value, summary.assets, 'total-assets');
  assert.equal(totals.services.value, summary.services, 'total-services');
  assert.equal(totals.cves.value, count(summary.cves), 'total-cves');
  assert.equal(digits(totals.findings.text), summary.findings, 'total-findings text');
}

// ---------------------------------------------------------------------------

describe('dashboard', {timeout: 30 * 60_000}, () => {
  before(async () => {
    for (const required of [path.join(webDir, 'index.html'), path.join(webDir, 'core.mjs'), cliPath]) {
      if (!fs.existsSync(required)) {
        throw new Error(`${required} is missing: build first (cmake --build build)`);
      }
    }
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-dashboard-test-'));
    userDataDir = path.join(tmpDir, 'chromium-profile');
    server = await startServer(webDir);
    servers.push(server);
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
      viewport: {width: 1280, height: 900},
    });
    context.setDefaultTimeout(60_000);
    context.on('request', (request) => requests.push(request.url()));
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
  });

  after(async () => {
    // Each step on its own so that one failure does not leak the others.
    try {
      if (context) await context.close();
    } catch (err) {
      console.error('closing the browser failed:', err);
    }
    for (const s of servers) await stopServer(s);
    if (tmpDir) fs.rmSync(tmpDir, {recursive: true, force: true});
  });

  test('totals and per-file rows match the native CLI', {timeout: TEST_TIMEOUT_MS}, async () => {
    const files = comparisonFiles();
    const [expected, page] = await Promise.all([cliReport(files), openPage(server.url)]);
    try {
      await chooseFiles(page, files);
      assertTotalsMatch(await readTotals(page), expected.summary);

      assertRowsMatch(await readFileRows(page), files, expected);

      // The table covers every finding (only those in view are drawn).
      assert.equal(await tableRowCount(page, '#findings-table'), expected.summary.findings);
      const note = /Showing ([\d,.\s]+) findings/.exec(await page.textContent('#table-note'));
      assert.ok(note, 'the table note says how many rows there are');
      assert.equal(digits(note[1]), expected.summary.findings);
    } finally {
      await closePage(page);
    }
  });

  test('one file of every format reads like the CLI reads it', {timeout: TEST_TIMEOUT_MS}, async () => {
    const picked = oneFilePerFormat();
    assert.deepEqual(picked.map(({format}) => format), [...formatIds()].sort(), 'every format has a file');
    const files = picked.map(({file}) => file);
    const [expected, page] = await Promise.all([cliReport(files), openPage(server.url)]);
    try {
      await chooseFiles(page, files);
      assertTotalsMatch(await readTotals(page), expected.summary);
      assertRowsMatch(await readFileRows(page), files, expected);
      const formats = (await readFileRows(page)).map((row) => row.format);
      assert.deepEqual(formats, picked.map(({format}) => format));
    } finally {
      await closePage(page);
    }
  });

  test('the severity column sorts by rank', {timeout: TEST_TIMEOUT_MS}, async () => {
    const page = await openPage(server.url);
    try {
      await chooseFiles(page, comparisonFiles());
      await page.click('#tab-findings'); // the Overview is shown first
      const totals = await readTotals(page);
      const present = SEVERITIES.filter((s) => totals[s].value > 0);
      assert.ok(present.length >= 2, 'test data has several severities');
      const header = page.locator('#findings-table th[data-key="severity"]');

      // Initially sorted by risk, highest first (the report's order).
      const riskHeader = page.locator('#findings-table th[data-key="risk"]');
      assert.equal(await riskHeader.getAttribute('aria-sort'), 'descending');
      assert.equal(await header.getAttribute('aria-sort'), 'none');
      const risks = await page.$$eval('#findings-table tbody td.col-risk .risk-score',
        (cells) => cells.map((c) => Number(c.textContent)));
      assert.ok(risks.length > 0);
      for (let i = 1; i < risks.length; i++) assert.ok(risks[i - 1] >= risks[i], 'risk descending');
      // Each risk cell explains its score: the factors of the finding's
      // entry under the report's "priorities", summing to the score.
      const whys = await page.$$eval('#findings-table tbody td.col-risk',
        (cells) => cells.map((c) => c.title));
      assert.equal(whys.length, risks.length);
      for (let i = 0; i < whys.length; i++) {
        const points = [...whys[i].matchAll(/\(\+(\d+)\)/g)].map((m) => Number(m[1]));
        assert.deepEqual(whys[i].split('\n').map((l) => l.split(':')[0]),
          ['severity', 'threat', 'exposure', 'criticality'], whys[i]);
        assert.equal(Math.min(1000, points.reduce((a, b) => a + b, 0)), risks[i], whys[i]);
      }

      // Severity: one click → most severe first, ranked (not alphabetical).
      await header.locator('button').click();
      assert.equal(await header.getAttribute('aria-sort'), 'descending');
      let sevs = await firstRowSeverities(page);
      assert.equal(sevs[0], present[0]);
      for (let i = 1; i < sevs.length; i++) assert.ok(SEVERITY_RANK[sevs[i - 1]] >= SEVERITY_RANK[sevs[i]]);

      // Second click → least severe first.
      await header.locator('button').click();
      assert.equal(await header.getAttribute('aria-sort'), 'ascending');
      sevs = await firstRowSeverities(page);
      assert.equal(sevs[0], present[present.length - 1]);
      for (let i = 1; i < sevs.length; i++) assert.ok(SEVERITY_RANK[sevs[i - 1]] <= SEVERITY_RANK[sevs[i]]);

      // Another column takes over the sort state.
      await page.locator('#findings-table th[data-key="title"] button').click();
      assert.equal(await header.getAttribute('aria-sort'), 'none');
      assert.equal(await page.getAttribute('#findings-table th[data-key="title"]', 'aria-sort'), 'ascending');
    } finally {
      await closePage(page);
    }
  });

  test('finding text is rendered as text, never as markup', {timeout: TEST_TIMEOUT_MS}, async () => {
    const payload = '<img src=x onerror="window.__pwned=1">';
    const doc = {
      SchemaVersion: 2,
      ArtifactName: 'xss-probe:latest',
      ArtifactType: 'container_image',
      Results: [{
        Target: 'xss-probe:latest (alpine 3.19.0)',
        Class: 'os-pkgs',
        Type: 'alpine',
        Vulnerabilities: [{
          VulnerabilityID: 'CVE-2099-0001',
          PkgName: '<b>libprobe</b>',
          InstalledVersion: '1.0.0',
          FixedVersion: '1.0.1',
          Severity: 'HIGH',
          Title: payload,
          Description: '<script>window.__pwned=2</script>',
        }],
      }],
    };
    // The file name carries markup too: it is shown in the status row.
    const file = path.join(tmpDir, 'probe-<b>bold<b>.trivy.json');
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));

    const page = await openPage(server.url);
    try {
      await chooseFiles(page, [file]);
      const titles = await page.$$eval('#findings-table tbody .title-text', (n) => n.map((e) => e.textContent));
      assert.ok(titles.includes(payload), `title shown literally, got ${JSON.stringify(titles)}`);
      const rowName = await page.textContent('#file-status .file-name');
      assert.equal(rowName, path.basename(file));
      // Give a would-be onerror handler time to fire.
      await page.waitForTimeout(500);
      const injected = await page.evaluate(() => ({
        pwned: typeof window.__pwned,
        imgs: document.querySelectorAll('#findings-table img, #file-status img').length,
        bolds: document.querySelectorAll('#findings-table b, #file-status b').length,
      }));
      assert.deepEqual(injected, {pwned: 'undefined', imgs: 0, bolds: 0});

      // The filter box finds the row by its CVE.
      await page.click('#tab-findings');
      await page.fill('#filter', 'cve-2099-0001');
      await page.waitForFunction(() => /^Showing 1 finding\./.test(document.getElementById('table-note').textContent)
        && document.getElementById('findings-table').getAttribute('aria-rowcount') === '2');
      assert.equal(await page.textContent('#findings-table tbody .cve'), 'CVE-2099-0001');
    } finally {
      await closePage(page);
    }
  });

  test('a file added twice is analyzed twice; Clear resets', {timeout: TEST_TIMEOUT_MS}, async () => {
    const file = path.resolve(repoRoot, '../shared/corpus/trivy/scheme_2_many_vulns.json');
    const [expected, page] = await Promise.all([cliReport([file, file]), openPage(server.url)]);
    try {
      await chooseFiles(page, [file]);
      await chooseFiles(page, [file]);
      const rows = await readFileRows(page);
      assert.equal(rows.length, 2);
      assert.deepEqual(rows.map((r) => r.findings), expected.inputs.map((i) => i.findings));
      assertTotalsMatch(await readTotals(page), expected.summary);

      await page.click('#clear');
      assert.equal(await page.locator('#file-status > li').count(), 0);
      const totals = await readTotals(page);
      for (const value of Object.values(totals)) assert.equal(value.value, 0);
      assert.equal(await page.locator('#findings-table tbody tr').count(), 0);
    } finally {
      await closePage(page);
    }
  });

  test('a large export: the table lists the CLI\'s findings in order; the download is its report', {timeout: TEST_TIMEOUT_MS}, async () => {
    // About 8,000 findings: the worker sends the rows in several slices.
    const {file, fullBytes, expected} = await generatedNessus('large.nessus', 10);
    assert.ok(expected.findings.length > 5000, `${expected.findings.length} findings`);
    const page = await openPage(server.url);
    try {
      await chooseFiles(page, [file]);
      assertTotalsMatch(await readTotals(page), expected.summary);
      const note = await page.textContent('#table-note');
      assert.match(note, new RegExp(`^Showing ${expected.findings.length.toLocaleString('en-US')} findings\\.`));
      // Sorted by risk, ties most severe first, then in report order: the
      // report's own order, every row of it.
      await page.click('#tab-findings');
      const titles = await readAllRows(page, '#findings-table', (trs) => trs.map((tr) => tr.querySelector('.title-text').textContent));
      assert.deepEqual(titles, expected.findings.map((f) => f.title));

      // The full report is rendered when first asked for; the link then
      // points at it, and a second click saves the same file again.
      await page.waitForSelector('#download-report:not([hidden])');
      assert.equal(await page.getAttribute('#download-report', 'href'), null);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
      const saved = fs.readFileSync(await download.path());
      assert.ok(saved.equals(fullBytes), 'the downloaded report is the CLI\'s');
      assert.match(await page.getAttribute('#download-report', 'href'), /^blob:/);
      assert.equal(await page.textContent('#download-report'), 'Download JSON report');
      const [again] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
      assert.ok(fs.readFileSync(await again.path()).equals(fullBytes), 'the second download differs');
    } finally {
      await closePage(page);
    }
  });

  test('beyond its memory budget the analysis spills to the private file system: same table, same download, no file left', {timeout: TEST_TIMEOUT_MS}, async () => {
    const {file, fullBytes, expected} = await generatedNessus('spilled.nessus', 4);
    const page = await openPage(`${server.url}?memory=1`);
    try {
      await chooseFiles(page, [file]);
      const spilled = Number(await page.getAttribute('#app', 'data-spilled-bytes'));
      assert.ok(spilled > 100_000, `${spilled} bytes spilled`);
      assert.equal((await spillFiles(page)).length, 1, 'one spill file while the analysis lives');
      assertTotalsMatch(await readTotals(page), expected.summary);
      const titles = await page.$$eval('#findings-table tbody .title-text', (n) => n.map((e) => e.textContent));
      assert.deepEqual(titles, expected.findings.slice(0, titles.length).map((f) => f.title));
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
      assert.ok(fs.readFileSync(await download.path()).equals(fullBytes), 'the downloaded report is the CLI\'s');
      await page.click('#clear');
      await waitForNoSpillFiles(page, 10_000);
    } finally {
      await closePage(page);
    }
  });

  test('several files dropped on the page are analyzed', {timeout: TEST_TIMEOUT_MS}, async () => {
    const files = comparisonFiles().slice(-2);
    const [expected, page] = await Promise.all([cliReport(files), openPage(server.url)]);
    try {
      const previous = await reportCount(page);
      const names = await dropFiles(page, files);
      await waitForRun(page, previous);
      const rows = await readFileRows(page);
      assert.deepEqual(rows.map((r) => r.name), names);
      assert.deepEqual(rows.map((r) => r.findings), expected.inputs.map((i) => i.findings));
      assertTotalsMatch(await readTotals(page), expected.summary);
      assert.equal(await page.locator('#drop-zone.dragging').count(), 0, 'highlight removed after the drop');
    } finally {
      await closePage(page);
    }
  });

  test('demo data autoloads with ?demo and with serve.mjs --demo', {timeout: TEST_TIMEOUT_MS}, async () => {
    const names = demoNames();
    const demoServer = await startServer(webDir, ['--demo']);
    servers.push(demoServer);
    for (const url of [`${server.url}?demo`, demoServer.url]) {
      const page = await openPage(url);
      try {
        await waitForRun(page, 0);
        const rows = await readFileRows(page);
        assert.deepEqual(rows.map((r) => r.name), names, `${url}: every demo file loaded`);
        for (const row of rows) {
          assert.equal(row.state, 'done', `${url}: ${row.name} analyzed without errors`);
          // An inventory gives assets, never findings.
          if (row.kind === 'inventory') assert.ok(row.assets > 0, `${url}: ${row.name} has assets`);
          else assert.ok(row.findings > 0, `${url}: ${row.name} has findings`);
        }
        assert.ok(rows.some((r) => r.kind === 'inventory'), `${url}: the demo has an inventory`);
        const totals = await readTotals(page);
        assert.ok(totals.findings.value > 0 && totals.assets.value > 0, `${url}: non-zero totals`);
        // Validation: the top row is MS17-010, exploited in the wild, and
        // the evidence counts are the report's (levels 1-4, and 4).
        const top = await page.$eval('#findings-table tbody tr', (tr) => ({
          title: tr.querySelector('.title-text').textContent,
          level: tr.querySelector('.validation')?.dataset.level ?? null,
          label: tr.querySelector('.validation')?.textContent ?? '',
        }));
        assert.match(top.title, /^MS17-010/, `${url}: MS17-010 ranks first`);
        assert.deepEqual([top.level, top.label], ['3', 'exploited in the wild']);
        const byValidation = (await cliReport(demoNames().map((n) => path.join(repoRoot, 'examples', n))))
          .summary.by_validation;
        const validated = ['1', '2', '3', '4'].reduce((n, k) => n + byValidation[k], 0);
        assert.equal(await page.$eval('#total-validated', (e) => e.textContent), String(validated));
        assert.equal(await page.$eval('#validated-stat', (e) => e.hidden), false);
        if (process.env.DASHBOARD_SCREENSHOT && url === demoServer.url) {
          await page.screenshot({path: process.env.DASHBOARD_SCREENSHOT, fullPage: true});
        }
      } finally {
        await closePage(page);
      }
    }
    // Without ?demo and without --demo nothing loads by itself.
    const page = await openPage(server.url);
    try {
      await page.waitForLoadState('networkidle');
      assert.equal(await page.locator('#file-status > li').count(), 0);
    } finally {
      await closePage(page);
    }
  });

  test('threat intel: KEV + EPSS files given to the panel re-prioritize once applied, persist across a reload, reset', {timeout: TEST_TIMEOUT_MS}, async () => {
    const fixtures = path.join(repoRoot, 'tests/fixtures/intel');
    const scan = path.join(fixtures, 'scan.trivy.json');
    // The EPSS file gzip-compressed, as FIRST publishes it.
    const epssGz = path.join(tmpDir, 'epss_scores-2026-11-20.csv.gz');
    fs.writeFileSync(epssGz, zlib.gzipSync(fs.readFileSync(path.join(fixtures, 'epss-small.csv'))));
    const kev = path.join(fixtures, 'kev-small.json');

    const readRows = readCveRows;
    const rowsOf = (rows, cve) => {
      const found = rows.filter((r) => r.cve === cve);
      assert.ok(found.length > 0, `a row for ${cve}`);
      return found;
    };
    const page = await openPage(server.url);
    try {
      // Built-in bundle, with its partial EPSS coverage said plainly.
      await waitForIntel(page, 0, 'built-in');
      let intel = await readIntel(page);
      assert.match(intel.active, /^Built-in/);
      assert.equal(intel.kevVersion, '2025.08.25');
      assert.equal(intel.epssCoverage, 'partial');
      assert.equal(intel.epssCves, 1556);
      assert.match(intel.epssText, /1,556 CVEs scored \(partial coverage; drop the full daily EPSS CSV to refresh\)/);
      assert.equal(intel.resetDisabled, true);
      // CISA's SSVC assessments and the exploit catalogues are built in.
      const ssvcCves = () => page.$eval('#intel-ssvc', (e) => Number(e.dataset.cves));
      assert.equal(await ssvcCves(), 44026);
      assert.match(await page.$eval('#intel-exploits', (e) => e.textContent),
          /^Metasploit 2025-12-19, Exploit-DB 2024-05-20, Nuclei 2026-01-29: 28,560 CVEs with public exploit code$/);

      await chooseFiles(page, [scan]);
      let rows = await readRows(page);
      const builtInEpss = rowsOf(rows, 'CVE-2021-44228')[0].epss;
      assert.deepEqual(rowsOf(rows, 'CVE-2021-44228').map((r) => r.kev), [true]);
      assert.ok(builtInEpss > 0.9, `built-in EPSS of log4shell, got ${builtInEpss}`);
      assert.deepEqual(rowsOf(rows, 'CVE-2024-3094'), [{cve: 'CVE-2024-3094', kev: false, epss: null}]);

      // KEV + EPSS (gzip) dropped on the panel: recognised by content and
      // previewed; both are tiny, so applying takes the confirmation (the
      // preview itself: tests/browser/hardening.test.mjs).
      const updates = await intelUpdates(page);
      const reports = await reportCount(page);
      const preview = await previewAfter(page, () => dropFiles(page, [kev, epssGz], 'intel-panel'));
      assert.deepEqual(preview.changes.map((c) => [c.kind, c.cves, c.date]),
        [['kev', 2, '2026-11-20'], ['epss', 4, '2026-11-20']]);
      assert.equal(preview.warnings.length, 2, preview.warnings.join('\n'));
      await page.click('#intel-apply');
      await page.click('#intel-confirm');
      await waitForIntel(page, updates, 'files');
      await waitForRun(page, reports);
      intel = await readIntel(page);
      assert.equal(intel.error, '');
      assert.match(intel.active, /^Your files/);
      assert.equal(intel.kevVersion, '2026.11.20');
      assert.equal(intel.kevCves, 2);
      assert.match(intel.kevText, /from kev-small\.json/);
      assert.equal(intel.epssDate, '2026-11-20');
      assert.equal(intel.epssCves, 4);
      assert.equal(intel.epssCoverage, 'full');
      assert.match(intel.epssText, /4 CVEs scored \(full daily file\) \(from epss_scores-2026-11-20\.csv\.gz\)/);
      assert.equal(intel.resetDisabled, false);
      assert.match(intel.notes[0], /^Taken as threat intel: kev-small\.json \(KEV catalog\), epss_scores-2026-11-20\.csv\.gz \(EPSS scores\)\.$/);
      const fileRows = await readFileRows(page);
      assert.deepEqual(fileRows.map((r) => r.name), ['scan.trivy.json'], 'intel files are not analyzed');

      rows = await readRows(page);
      for (const r of rowsOf(rows, 'CVE-2021-44228')) assert.deepEqual(r, {cve: 'CVE-2021-44228', kev: false, epss: 0.51234});
      for (const r of rowsOf(rows, 'CVE-2024-3094')) assert.deepEqual(r, {cve: 'CVE-2024-3094', kev: true, epss: 0.87654});

      // After a reload the saved bundle is active again and used.
      await page.reload();
      await waitForIntel(page, 0, 'files');
      intel = await readIntel(page);
      assert.equal(intel.kevVersion, '2026.11.20');
      assert.equal(intel.epssCves, 4);
      await chooseFiles(page, [scan]);
      rows = await readRows(page);
      assert.deepEqual(rowsOf(rows, 'CVE-2024-3094'), [{cve: 'CVE-2024-3094', kev: true, epss: 0.87654}]);

      // A broken file changes nothing and says why.
      const broken = path.join(tmpDir, 'broken-kev.json');
      fs.writeFileSync(broken, fs.readFileSync(kev, 'utf8').replace('"2026-12-09"', '"soon"'));
      await page.setInputFiles('#intel-input', [broken]);
      await page.waitForFunction(() => document.getElementById('intel-panel').dataset.state === 'error');
      intel = await readIntel(page);
      assert.match(intel.error, /broken-kev\.json: KEV catalog: .*dueDate "soon" is not a YYYY-MM-DD date \(line 19, column \d+/);
      assert.equal(intel.kevVersion, '2026.11.20');

      // A Vulnrichment CVE record given to the panel joins the SSVC
      // assessments of the bundle in use; nothing to warn about, so Apply
      // applies.
      const ssvcBefore = await ssvcCves();
      const beforeRecord = await intelUpdates(page);
      const record = path.join(repoRoot, '../shared/data/ssvc/vulnrichment-samples/CVE-2024-6498.json');
      assert.deepEqual((await previewAfter(page, () => dropFiles(page, [record], 'intel-panel'))).warnings, []);
      await page.click('#intel-apply');
      await waitForIntel(page, beforeRecord, 'files');
      assert.equal(await ssvcCves(), Math.max(ssvcBefore, 1));
      assert.match(await page.$eval('#intel-ssvc', (e) => e.textContent), /from CVE-2024-6498\.json/);

      // Back to the built-in bundle: findings re-prioritized, and it sticks.
      const beforeReset = await intelUpdates(page);
      const reportsBeforeReset = await reportCount(page);
      await page.click('#intel-reset');
      await waitForIntel(page, beforeReset, 'built-in');
      await waitForRun(page, reportsBeforeReset);
      rows = await readRows(page);
      assert.deepEqual(rowsOf(rows, 'CVE-2021-44228'), [{cve: 'CVE-2021-44228', kev: true, epss: builtInEpss}]);
      await page.reload();
      await waitForIntel(page, 0, 'built-in');
      assert.equal((await readIntel(page)).kevVersion, '2025.08.25');
    } finally {
      await closePage(page);
    }
  });

  test('exposures toggle: one row per exposure or per finding, corroboration shown', {timeout: TEST_TIMEOUT_MS}, async () => {
    const files = comparisonFiles();
    const [expected, page] = await Promise.all([cliReport(files), openPage(server.url)]);
    try {
      await chooseFiles(page, files);
      await page.click('#tab-findings');
      const {summary} = expected;
      assert.ok(summary.exposures < summary.findings, 'the test data has findings several tools report');
      const rowCount = () => tableRowCount(page, '#findings-table');
      assert.equal(await page.getAttribute('#total-exposures', 'data-value'), String(summary.exposures));

      // Raw findings first (the default), then exposures, then back.
      assert.equal(await page.getAttribute('#mode-findings', 'aria-pressed'), 'true');
      assert.equal(await rowCount(), summary.findings);
      await page.click('#mode-exposures');
      assert.equal(await page.getAttribute('#mode-exposures', 'aria-pressed'), 'true');
      assert.equal(await page.getAttribute('#mode-findings', 'aria-pressed'), 'false');
      assert.equal(await rowCount(), summary.exposures);
      assert.match(await page.textContent('#table-note'),
        new RegExp(`^Showing ${summary.exposures} exposures\\.`));

      // Every exposure several tools report says so, with its tools.
      const corroborated = expected.exposures.filter((e) => new Set(e.sources).size >= 2);
      assert.ok(corroborated.length > 0, 'the test data has corroborated exposures');
      const badges = (await readAllRows(page, '#findings-table', (trs) => trs.map((tr) => {
        const td = tr.querySelector('td.col-format');
        const badge = td.querySelector('.corroborated');
        return badge ? {text: badge.textContent, grouped: Number(td.dataset.grouped)} : null;
      }))).filter(Boolean);
      assert.deepEqual(badges.map((b) => b.text).sort(),
        corroborated.map((e) => `corroborated by ${new Set(e.sources).size} tools`).sort());
      assert.deepEqual(badges.map((b) => b.grouped).sort(), corroborated.map((e) => e.findings).sort());

      // Sorting and filtering keep the mode: the rows whose exposure some
      // grype finding reports.
      await page.locator('#findings-table th[data-key="title"] button').click();
      assert.equal(await rowCount(), summary.exposures);
      const byGrype = new Set(expected.findings.filter((f) => f.source.format === 'grype').map((f) => f.exposure));
      assert.ok(byGrype.size > 0);
      await page.fill('#filter', 'grype');
      await page.waitForFunction((n) => Number(document.getElementById('findings-table').getAttribute('aria-rowcount')) === n + 1
        && /matching/.test(document.getElementById('table-note').textContent), byGrype.size);
      await page.fill('#filter', '');
      await page.waitForFunction((n) => Number(document.getElementById('findings-table').getAttribute('aria-rowcount')) === n + 1,
        summary.exposures);

      await page.click('#mode-findings');
      assert.equal(await rowCount(), summary.findings);
      assert.equal(await page.locator('#findings-table .corroborated').count(), 0);
    } finally {
      await closePage(page);
    }
  });

  test('assets and coverage views show what exposure coverage says', {timeout: TEST_TIMEOUT_MS}, async () => {
    const files = demoNames().map((name) => path.join(repoRoot, 'examples', name));
    const [expected, coverage, page] = await Promise.all([cliReport(files), cliCoverage(files), openPage(server.url)]);
    try {
      await chooseFiles(page, files);
      const names = new Map(expected.assets.map((a) => [a.id, a.name]));

      // Assets: every asset, each with its gaps; the inventory-only hosts
      // say they were never scanned.
      await page.click('#tab-assets');
      assert.equal(await page.isVisible('#assets-table'), true);
      assert.equal(await tableRowCount(page, '#assets-table'), expected.summary.assets);
      const never = expected.assets.filter((a) => a.gaps.includes('never_scanned'));
      assert.ok(never.length > 0, 'the demo has inventory-only hosts');
      // Every row, read by scrolling the table (only the rows in view are drawn).
      const shown = new Map((await readAllRows(page, '#assets-table', (trs) => trs.map((tr) => ({
        id: tr.dataset.id,
        name: tr.querySelector('.asset-name').textContent,
        gaps: tr.querySelector('.col-gaps').dataset.gaps,
        gapText: tr.querySelector('.col-gaps').textContent,
        inventory: tr.querySelector('.col-inventory').textContent,
        formats: tr.querySelector('.col-scanned').dataset.formats,
        scanned: tr.querySelector('.col-scanned').textContent,
        confidence: tr.querySelector('.col-identity').dataset.confidence,
        key: tr.querySelector('.col-identity .identity-key')?.textContent ?? null,
      })))).map((r) => [r.id, r]));
      assert.equal(shown.size, expected.summary.assets);
      for (const a of expected.assets) {
        const row = shown.get(a.id);
        assert.ok(row, a.name);
        assert.equal(row.name, a.name);
        assert.equal(row.gaps, a.gaps.join(','), a.name);
        assert.equal(row.inventory, a.in_inventory ? 'yes' : 'no');
        assert.equal(row.formats, a.scanned_by.join(','));
        assert.equal(row.confidence, a.identity.confidence);
        if (a.identity.keys.length) assert.equal(row.key, a.identity.keys[0]);
      }
      for (const a of never) {
        assert.match(shown.get(a.id).gapText, /never scanned/);
        assert.equal(shown.get(a.id).scanned, 'nobody');
      }
      // The filter finds them by their gap; sorting keeps every row.
      const assetRows = (n) => Number(document.getElementById('assets-table').getAttribute('aria-rowcount')) === n + 1;
      await page.fill('#asset-filter', 'never scanned');
      await page.waitForFunction(assetRows, never.length);
      await page.fill('#asset-filter', '');
      await page.locator('#assets-table th[data-key="name"] button').click();
      await page.waitForFunction(assetRows, expected.summary.assets);
      assert.equal(await page.getAttribute('#assets-table th[data-key="name"]', 'aria-sort'), 'ascending');

      // Coverage: the counts, the matrix and the lists of the CLI.
      await page.click('#tab-coverage');
      assert.equal(await page.isVisible('#coverage-matrix'), true);
      for (const [key, value] of Object.entries(coverage.summary.coverage)) {
        assert.equal(await page.getAttribute(`#cov-${key}`, 'data-value'), value == null ? '' : String(value), key);
      }
      const scopes = [{name: '', by_class: coverage.coverage.by_class}, ...coverage.coverage.by_scope];
      const cells = await page.$$eval('#coverage-matrix tbody tr', (trs) => trs.map((tr) => ({
        scope: tr.dataset.scope,
        cells: [...tr.querySelectorAll('td')].map((td) => ({
          cls: td.dataset.class,
          expected: Number(td.dataset.expected),
          covered: Number(td.dataset.covered),
          pct: td.dataset.pct,
          state: td.dataset.state,
          why: td.querySelector('.matrix-why')?.textContent ?? '',
          text: td.textContent,
        })),
      })));
      assert.equal(cells.length, scopes.length, 'All assets, then one row per scope');
      cells.forEach((row, i) => {
        assert.equal(row.scope, scopes[i].name);
        assert.deepEqual(row.cells.map((c) => c.cls), Object.keys(coverage.coverage.by_class));
        for (const c of row.cells) {
          const want = scopes[i].by_class[c.cls];
          assert.equal(c.expected, want.expected, `${c.cls} expected`);
          assert.equal(c.covered, want.covered, `${c.cls} covered`);
          assert.equal(c.pct, want.covered_pct == null ? '' : String(want.covered_pct), `${c.cls} %`);
          if (want.expected > 0) {
            assert.ok(c.text.includes(`${want.covered} / ${want.expected}`), c.text);
            assert.ok(c.text.includes(`${want.covered_pct}%`), c.text);
          }
          // Every cell that is empty or not full explains itself.
          if (want.expected === 0 || want.covered < want.expected) assert.ok(c.why.length > 10, `${c.cls}: ${c.why}`);
          if (want.covered < want.expected) {
            assert.ok(c.why.startsWith(`${want.expected - want.covered} of ${want.expected} `), c.why);
          }
        }
      });
      assert.ok(cells[0].cells.some((c) => c.state === 'partial' || c.state === 'none'), 'the demo has a gap');

      const lists = await page.$$eval('#coverage-lists .coverage-list', (sections) => sections.map((s) => ({
        key: s.dataset.list,
        total: Number(s.dataset.total),
        items: [...s.querySelectorAll('li[data-asset]')].map((li) => ({
          asset: li.dataset.asset,
          text: li.textContent,
        })),
      })));
      const want = new Map();
      for (const [cls, list] of Object.entries(coverage.coverage.inventory_only)) {
        if (list.length) want.set(`inventory_only-${cls}`, list);
      }
      want.set('scanned_only', coverage.coverage.scanned_only);
      want.set('unauthenticated', coverage.coverage.unauthenticated);
      want.set('stale', coverage.coverage.stale);
      assert.deepEqual(lists.map((l) => l.key), [...want.keys()]);
      for (const list of lists) {
        const entries = want.get(list.key);
        assert.equal(list.total, entries.length, list.key);
        assert.deepEqual(list.items, entries.slice(0, 200).map((x) => ({
          asset: x.asset, text: `${names.get(x.asset)} — ${x.reason}`,
        })), list.key);
      }
      assert.equal(await page.getAttribute('#coverage-note', 'data-inventory'), 'true');

      // Without an inventory the view says so and asks for one.
      await page.click('#clear');
      await chooseFiles(page, [path.join(repoRoot, 'examples/host-scan.nessus')]);
      assert.equal(await page.getAttribute('#coverage-note', 'data-inventory'), 'false');
      assert.match(await page.textContent('#coverage-note'), /No inventory was given.*Drop an asset inventory/);
      assert.equal(await page.getAttribute('#cov-inventory_assets', 'data-value'), '');
      assert.equal(await page.textContent('#cov-inventory_assets'), '—');
    } finally {
      await closePage(page);
    }
  });

  test('the views are tabs reachable by keyboard', {timeout: TEST_TIMEOUT_MS}, async () => {
    const page = await openPage(server.url);
    try {
      const state = () => page.evaluate(() => ({
        focused: document.activeElement.id,
        selected: [...document.querySelectorAll('[role="tab"]')]
          .filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.id),
        tabbable: [...document.querySelectorAll('[role="tab"]')].filter((t) => t.tabIndex === 0).map((t) => t.id),
        visible: [...document.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.id),
        view: document.getElementById('app').dataset.view,
      }));
      const expectTab = async (name) => assert.deepEqual(await state(), {
        focused: `tab-${name}`, selected: [`tab-${name}`], tabbable: [`tab-${name}`], visible: [`view-${name}`], view: name,
      });
      assert.equal(await page.getAttribute('#view-tabs', 'role'), 'tablist');
      for (const name of ['overview', 'findings', 'assets', 'coverage', 'actions', 'paths', 'trend', 'intel']) {
        assert.equal(await page.getAttribute(`#tab-${name}`, 'aria-controls'), `view-${name}`);
        assert.equal(await page.getAttribute(`#view-${name}`, 'aria-labelledby'), `tab-${name}`);
      }
      // The Overview is the first view, and the one shown at first.
      await page.focus('#tab-overview');
      await page.keyboard.press('ArrowRight');
      await expectTab('findings');
      await page.keyboard.press('ArrowRight');
      await expectTab('assets');
      await page.keyboard.press('ArrowRight');
      await expectTab('coverage');
      await page.keyboard.press('ArrowRight');
      await expectTab('actions');
      await page.keyboard.press('ArrowRight');
      await expectTab('paths');
      await page.keyboard.press('ArrowRight');
      await expectTab('trend');
      await page.keyboard.press('ArrowRight');
      await expectTab('intel');
      await page.keyboard.press('ArrowRight');
      await expectTab('overview');
      await page.keyboard.press('ArrowLeft');
      await expectTab('intel');
      await page.keyboard.press('Home');
      await expectTab('overview');
      await page.keyboard.press('End');
      await expectTab('intel');
      await page.keyboard.press('ArrowLeft');
      await expectTab('trend');
      await page.keyboard.press('ArrowLeft');
      await expectTab('paths');
      await page.keyboard.press('ArrowLeft');
      await expectTab('actions');
      await page.keyboard.press('ArrowLeft');
      await expectTab('coverage');
      // Tab leaves the tablist for the panel (nothing in the coverage
      // panel takes focus, so the panel itself does).
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'view-coverage');
    } finally {
      await closePage(page);
    }
  });

  test('actions: the plan exposure plan makes, charted, each action expanding to its findings', {timeout: TEST_TIMEOUT_MS}, async () => {
    const files = comparisonFiles();
    const [plan, top10, report, page] = await Promise.all([cliPlan(files), cliPlan(files, 10), cliReport(files),
      openPage(server.url)]);
    try {
      assert.ok(plan.actions.length > 10, `${plan.actions.length} actions`);
      await chooseFiles(page, files);
      await page.click('#tab-actions');
      assert.equal(await page.getAttribute('#app', 'data-view'), 'actions');
      // Every action (fewer than the table's cap), in plan order, with the
      // plan's cumulative share; the headline is the CLI's for the first 10.
      const rows = await page.$$eval('#actions-table tbody tr.action-row', (trs) => trs.map((tr) => ({
        id: tr.dataset.id,
        rank: Number(tr.dataset.rank),
        cumulative: Number(tr.dataset.cumulative),
        shown: tr.querySelector('.col-cumulative').textContent,
        title: tr.querySelector('.action-title').textContent,
        findings: Number(tr.querySelector('.col-findings').textContent.replace(/\D/g, '')),
      })));
      assert.equal(rows.length, plan.actions.length);
      assert.deepEqual(rows.map((r) => r.id), plan.actions.map((a) => a.id));
      assert.deepEqual(rows.map((r) => r.rank), plan.actions.map((_, i) => i + 1));
      assert.deepEqual(rows.map((r) => r.cumulative), plan.actions.map((a) => a.cumulative_pct));
      assert.deepEqual(rows.map((r) => r.shown), plan.actions.map((a) => `${a.cumulative_pct.toFixed(1)} %`));
      assert.deepEqual(rows.map((r) => r.title), plan.actions.map((a) => a.title));
      assert.deepEqual(rows.map((r) => r.findings), plan.actions.map((a) => a.findings.length));
      assert.equal(await page.textContent('#actions-headline'), top10.summary.headline);

      // The Pareto chart: an image with a name, one bar per charted action.
      const chart = page.locator('#pareto-chart svg');
      assert.equal(await chart.getAttribute('role'), 'img');
      assert.match(await chart.getAttribute('aria-label'), /^Pareto chart of the first \d+ actions/);
      assert.equal(await page.locator('#pareto-chart svg > title').count(), 1);
      const charted = Math.min(30, plan.actions.length);
      assert.deepEqual(await page.$$eval('#pareto-chart .pareto-bar', (bars) => bars.map((b) => Number(b.dataset.rank))),
        Array.from({length: charted}, (_, i) => i + 1));
      assert.equal(await page.locator('#pareto-chart .pareto-dot').count(), charted);

      // Expanding an action lists its findings (title, severity, asset)
      // and its assets; collapsing hides them again.
      const action = plan.actions.find((a) => a.findings.length > 1) || plan.actions[0];
      const row = page.locator(`#actions-table tr.action-row[data-id="${action.id}"]`);
      const toggle = row.locator('.action-toggle');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
      assert.ok(await details.isHidden());
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.ok(await details.isVisible());
      const byId = new Map(report.findings.map((f) => [f.id, f]));
      const names = new Map(report.assets.map((a) => [a.id, a.name]));
      const listed = await details.locator('li[data-finding]').evaluateAll((lis) => lis.map((li) => ({
        id: li.dataset.finding,
        title: li.querySelector('.finding-title').textContent,
        severity: li.querySelector('.sev-pill').textContent.toLowerCase(),
      })));
      assert.deepEqual(listed, action.findings.map((id) => ({id, title: byId.get(id).title, severity: byId.get(id).severity})));
      const assets = await details.locator('li[data-asset]').evaluateAll((lis) => lis.map((li) => li.textContent));
      assert.deepEqual(assets, action.assets.map((id) => names.get(id)));
      await toggle.press('Enter');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.ok(await details.isHidden());
    } finally {
      await closePage(page);
    }
  });

  test('exports: one button per format; markdown downloads what exposure export writes', {timeout: TEST_TIMEOUT_MS}, async () => {
    const examples = path.join(repoRoot, 'examples');
    const names = ['host-scan.nessus', 'webapp-image.trivy.json'];
    // Run where the files are, so that the export names them as the page does.
    const [{stdout: expected}, page] = await Promise.all([
      execFileAsync(cliPath, ['export', '--to', 'markdown', ...names], {cwd: examples, encoding: 'buffer',
        maxBuffer: 1 << 30, timeout: RUN_TIMEOUT_MS}),
      openPage(server.url),
    ]);
    try {
      await page.waitForSelector('#export-bar:not([hidden])');
      const buttons = () => page.$$eval('#export-bar button', (bs) => bs.map((b) => ({format: b.dataset.format, disabled: b.disabled})));
      const formats = ['sarif', 'ocsf', 'jira-csv', 'csv', 'openvex', 'cyclonedx-vex', 'html', 'markdown'];
      assert.deepEqual(await buttons(), formats.map((format) => ({format, disabled: true})), 'disabled without a report');
      await chooseFiles(page, names.map((n) => path.join(examples, n)));
      assert.deepEqual(await buttons(), formats.map((format) => ({format, disabled: false})));
      const [download] = await Promise.all([page.waitForEvent('download'),
        page.click('#export-bar button[data-format="markdown"]')]);
      assert.equal(download.suggestedFilename(), 'exposure-lens.md');
      const saved = fs.readFileSync(await download.path());
      assert.ok(saved.equals(expected), 'the markdown export is the CLI\'s');
      await page.waitForSelector('#export-bar button[data-format="markdown"]:not([disabled])');
      assert.ok(await page.isHidden('#banner'));
    } finally {
      await closePage(page);
    }
  });

  test('decisions: marking a finding not affected re-assesses; the decisions file restores it', {timeout: TEST_TIMEOUT_MS}, async () => {
    const files = ['host-scan.nessus', 'webapp-image.trivy.json'].map((n) => path.join(repoRoot, 'examples', n));
    const [before, page] = await Promise.all([cliReport(files), openPage(server.url)]);
    const statusOf = (p, id) => p.$eval(`#findings-table tbody tr[data-finding="${id}"] td.col-status`,
      (td) => ({status: td.dataset.status, text: td.querySelector('.status').textContent}));
    const openRisk = (p) => p.getAttribute('#total-open_risk', 'data-value').then(Number);
    let saved;
    let id;
    try {
      await chooseFiles(page, files);
      await page.click('#tab-findings');
      assert.equal(await openRisk(page), before.summary.open_risk);
      assert.equal(await page.isDisabled('#download-decisions'), true, 'nothing to download yet');
      // The riskiest finding: the table's first row.
      const first = page.locator('#findings-table tbody tr').first();
      id = await first.getAttribute('data-finding');
      assert.equal(id, before.findings[0].id);
      assert.deepEqual(await statusOf(page, id), {status: 'open', text: 'open'});

      await first.locator('button.decide').click();
      assert.ok(await page.isVisible('#decide-dialog'));
      await page.selectOption('#decide-status', 'not_affected');
      await page.selectOption('#decide-justification', 'vulnerable_code_not_in_execute_path');
      await page.fill('#decide-reason', 'the <b>module</b> is never loaded');
      await page.fill('#decide-by', 'secops');
      const previous = await reportCount(page);
      await page.click('#decide-save');
      assert.ok(await page.isHidden('#decide-dialog'));
      await waitForRun(page, previous);
      assert.deepEqual(await statusOf(page, id), {status: 'not_affected', text: 'not affected'});
      assert.ok(await page.isHidden('#banner'));

      // The CLI given the same decision says the same.
      saved = path.join(tmpDir, 'exposure-lens-decisions.json');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-decisions')]);
      assert.equal(download.suggestedFilename(), 'exposure-lens-decisions.json');
      await download.saveAs(saved);
      const text = fs.readFileSync(saved, 'utf8');
      const decision = {match: {finding: id}, status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path', reason: 'the <b>module</b> is never loaded', by: 'secops'};
      assert.equal(text, `${JSON.stringify({decisions: [decision]}, null, 2)}\n`);
      const after = JSON.parse((await execFileAsync(cliPath, ['analyze', '--decisions', saved, ...files],
        {maxBuffer: 1 << 30, timeout: RUN_TIMEOUT_MS})).stdout);
      assert.ok(after.summary.open_risk < before.summary.open_risk);
      assert.equal(await openRisk(page), after.summary.open_risk);
      assert.equal(Number(await page.getAttribute('#total-decided', 'data-value')), 1);
      assert.equal(await page.getAttribute('#decisions-note', 'data-count'), '1');
    } finally {
      await closePage(page);
    }

    // A fresh page: the decisions file dropped with the scans is read as
    // decisions, not analyzed, and the finding is not affected again.
    const fresh = await openPage(server.url);
    try {
      await dropFiles(fresh, [saved, ...files]);
      await waitForRun(fresh, 0);
      assert.deepEqual((await readFileRows(fresh)).map((r) => r.name), files.map((f) => path.basename(f)),
        'the decisions file is no scan');
      assert.deepEqual(await statusOf(fresh, id), {status: 'not_affected', text: 'not affected'});
      assert.equal(await fresh.getAttribute('#decisions-note', 'data-count'), '1');
      assert.ok(await openRisk(fresh) < before.summary.open_risk);
      assert.ok(await fresh.isHidden('#banner'));
    } finally {
      await closePage(fresh);
    }
  });

  // Runs last: checks what every page above did.
  test('no request leaves the origin; no console errors or CSP violations', async () => {
    const allowed = new Set(servers.map((s) => s.origin));
    assert.ok(requests.length > 0);
    const foreign = requests.filter((url) => !allowed.has(new URL(url).origin));
    assert.deepEqual(foreign, [], 'requests to other origins');
    // The wasm is fetched by the worker: seeing it proves worker requests are recorded.
    assert.ok(requests.some((url) => url.endsWith('/exposure_core.wasm')), 'worker requests are observed');
    assert.deepEqual(consoleErrors, [], 'console errors');
    assert.deepEqual(pageErrors, [], 'page errors');
    assert.deepEqual(cspViolations, [], 'CSP violations');
  });
});
