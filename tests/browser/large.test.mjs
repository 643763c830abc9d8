// Large analyses in the dashboard (build/web): a virtualised findings table
// of 200,000 rows scrolls to its end and filters with only the rows in view
// in the document, a Nessus export and two Trivy reports of bench/gen.py
// (over 50,000 findings) arrive with their rows' repeated texts held once,
// and a running analysis can be cancelled.
//
//   node --test tests/browser/large.test.mjs
//
// The export is a Trivy report written here: one image, N packages with a
// vulnerability each (distinct CVE ids, so every finding is its own
// exposure), severities in turn.

import {describe, test, before} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import {RUN_TIMEOUT_MS, chooseFiles, dashboardSuite, repoRoot, tableRowCount} from '../support/dashboard_page.mjs';

const TEST_TIMEOUT_MS = 240_000;
const FINDINGS = 200_000;
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
// A generous bound for the longest main-thread task on a busy 2-core
// machine; bench/dashboard.mjs measures against the 50 ms goal.
const LONG_TASK_BOUND_MS = 200;
// While bench/gen.py's exports arrive and are shown, the page's garbage
// collections are its longest tasks: rows as they came (each text copied
// once per row) made collections of 58-62 ms at 110,000 findings, 76-87 ms
// at the bench's sizes. Their durations depend on the machine's load, so
// the test bounds them as loosely as the table's (LONG_TASK_BOUND_MS) and
// prints them; bench/dashboard.mjs --tasks measures against the 50 ms goal.
// The page's JavaScript heap after a full collection, per finding, is what
// those collections walk and the same from run to run: rows as they came
// about 900-950 bytes a finding; with their texts shared (RowTextPool in
// web/rows.js) under 400.
const HEAP_BYTES_PER_FINDING_BOUND = 600;
const GEN_NESSUS_MB = 60;
const GEN_TRIVY_MB = 10;

// A Trivy report of `n` vulnerabilities; package i is "pkg-i" with
// CVE-2090-(100000 + i).
function trivyReport(n) {
  const vulns = [];
  for (let i = 0; i < n; i++) {
    vulns.push(JSON.stringify({
      VulnerabilityID: `CVE-2090-${100000 + i}`,
      PkgName: `pkg-${i}`,
      InstalledVersion: '1.0.0',
      FixedVersion: '1.0.1',
      Severity: SEVERITIES[i % SEVERITIES.length],
      Title: `synthetic flaw ${i}`,
    }));
  }
  return `{"SchemaVersion":2,"ArtifactName":"big:1","ArtifactType":"container_image","Results":[`
    + `{"Target":"big:1 (debian 12)","Class":"os-pkgs","Type":"debian","Vulnerabilities":[\n${vulns.join(',\n')}\n]}]}\n`;
}

// Every long task of the page from now on, in window.__longTasks.
async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({type: 'longtask'});
  });
}

const longest = (page) => page.evaluate(() => Math.max(0, ...window.__longTasks));

// Waits for one animation frame after the table's view is made.
async function settled(page) {
  await page.waitForFunction(() => document.getElementById('app').dataset.viewBusy !== 'true',
    null, {timeout: 60_000, polling: 50});
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

describe('large analyses', () => {
  const suite = dashboardSuite('large', {browser: {timeout: RUN_TIMEOUT_MS}});
  const {problems} = suite;
  let file;

  before(() => {
    file = path.join(suite.tmpDir, `big-${FINDINGS}.trivy.json`);
    fs.writeFileSync(file, trivyReport(FINDINGS));
  });

  test('200,000 findings: the table draws only the rows in view, scrolls to its end and filters',
    {timeout: TEST_TIMEOUT_MS}, async () => {
      const page = await suite.context.newPage();
      try {
        await page.goto(suite.server.url);
        await watchLongTasks(page);
        await chooseFiles(page, [file]);
        await page.click('#tab-findings');
        await settled(page);
        assert.equal(await tableRowCount(page, '#findings-table'), FINDINGS);
        // Tasks while the rows arrive vary with the machine (garbage
        // collection, messages): printed; the bound holds from here on, for
        // what this page does with 200,000 rows (sort, scroll, filter).
        const arrival = await longest(page);
        await page.evaluate(() => { window.__longTasks = []; });
        assert.match(await page.textContent('#table-note'), /^Showing 200,000 findings\./);
        const drawn = () => page.locator('#findings-table tbody tr').count();
        assert.ok(await drawn() <= 300, `${await drawn()} rows in the document`);

        // Sorted by title A→Z: "synthetic flaw 0", "synthetic flaw 1", ... in
        // natural order, so the last row is the last package.
        await page.click('#findings-table th[data-key="title"] button');
        await settled(page);
        // The end of the list, by keyboard: End on the focused scroller.
        await page.focus('#findings-scroll');
        await page.keyboard.press('End');
        await page.waitForFunction((n) => {
          const rows = document.querySelectorAll('#findings-table tbody tr');
          const s = document.getElementById('findings-scroll');
          return rows.length && rows[rows.length - 1].getAttribute('aria-rowindex') === String(n + 1)
            && s.scrollTop + s.clientHeight >= s.scrollHeight - 1;
        }, FINDINGS, {timeout: 30_000, polling: 50});
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const last = await page.$eval('#findings-table tbody tr:last-child', (tr) => ({
          index: tr.getAttribute('aria-rowindex'),
          title: tr.querySelector('.title-text').textContent,
          visible: (() => {
            const box = tr.getBoundingClientRect();
            const scroller = document.getElementById('findings-scroll');
            const view = scroller.getBoundingClientRect();
            const ok = box.bottom <= view.bottom + 1 && box.top >= view.top;
            return ok || JSON.stringify({box, view, st: scroller.scrollTop, sh: scroller.scrollHeight, ch: scroller.clientHeight,
              h: tr.offsetHeight, first: document.querySelector('#findings-table tbody tr').getBoundingClientRect().top,
              mt: document.getElementById('findings-table').style.marginTop});
          })(),
        }));
        assert.deepEqual(last, {index: String(FINDINGS + 1), title: `synthetic flaw ${FINDINGS - 1}`, visible: true});
        assert.ok(await drawn() <= 300, `${await drawn()} rows in the document at the end`);
        // Every drawn row says where it is, in order.
        const indexes = await page.$$eval('#findings-table tbody tr', (trs) => trs.map((tr) => Number(tr.getAttribute('aria-rowindex'))));
        indexes.forEach((value, k) => { if (k) assert.equal(value, indexes[k - 1] + 1); });

        // A filter over all 200,000: package "pkg-19999" is in the rows of
        // packages 19999 and 199990-199999.
        await page.fill('#filter', 'pkg-19999');
        await page.waitForFunction(() => /^Showing 11 findings matching/.test(document.getElementById('table-note').textContent),
          null, {timeout: 60_000, polling: 50});
        await settled(page);
        assert.equal(await tableRowCount(page, '#findings-table'), 11);
        const titles = await page.$$eval('#findings-table tbody .title-text', (n) => n.map((e) => e.textContent));
        assert.deepEqual(titles, ['synthetic flaw 19999', ...Array.from({length: 10}, (_, i) => `synthetic flaw ${199990 + i}`)]);

        const max = await longest(page);
        console.log(`longest main-thread task with ${FINDINGS} findings: ${arrival.toFixed(0)} ms while they arrived, `
          + `${max.toFixed(0)} ms to sort, scroll and filter them`);
        assert.ok(max <= LONG_TASK_BOUND_MS, `a ${max.toFixed(0)} ms task on the main thread`);
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });

  test(`${GEN_NESSUS_MB} MB Nessus and 2 x ${GEN_TRIVY_MB} MB Trivy (bench/gen.py) arrive and are shown `
    + 'with their rows\' texts shared', {timeout: TEST_TIMEOUT_MS}, async () => {
    const gen = (kind, mb, name) => {
      const out = path.join(suite.tmpDir, name);
      const r = spawnSync('python3', [path.join(repoRoot, 'bench/gen.py'), kind, String(mb), out], {encoding: 'utf8'});
      assert.equal(r.status, 0, `bench/gen.py ${kind}: ${r.stderr}`);
      return out;
    };
    const files = [gen('nessus', GEN_NESSUS_MB, 'gen.nessus'), gen('trivy', GEN_TRIVY_MB, 'gen-a.json'),
      gen('trivy', GEN_TRIVY_MB, 'gen-b.json')];
    const page = await suite.context.newPage();
    try {
      await page.goto(suite.server.url);
      await page.waitForFunction(() => document.getElementById('app').dataset.busy === 'false');
      await watchLongTasks(page);
      await chooseFiles(page, files);
      // The findings table drawn, and the page left alone for a second:
      // collections of what the report left behind come after it.
      await page.click('#tab-findings');
      await settled(page);
      await page.waitForTimeout(1000);
      const findings = Number(await page.getAttribute('#total-findings', 'data-value'));
      assert.ok(findings > 50_000, `${findings} findings`);
      assert.match(await page.textContent('#table-note'), /^Showing [\d,]+ findings\./);
      const tasks = await page.evaluate(() => window.__longTasks.map(Math.round));
      const max = Math.max(0, ...tasks);
      const cdp = await suite.context.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.detach();
      const heap = await page.evaluate(() => performance.memory.usedJSHeapSize);
      console.log(`${findings} findings from bench/gen.py: main-thread tasks over 50 ms: [${tasks.join(', ')}]; `
        + `page heap ${(heap / 1e6).toFixed(0)} MB (${(heap / findings).toFixed(0)} bytes a finding)`);
      assert.ok(heap / findings <= HEAP_BYTES_PER_FINDING_BOUND,
        `a heap of ${(heap / 1e6).toFixed(0)} MB for ${findings} findings`);
      assert.ok(max <= LONG_TASK_BOUND_MS, `a ${max} ms task on the main thread while the report arrived`);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      for (const f of files) fs.rmSync(f, {force: true});
    }
  });

  test('Cancel stops a running analysis: the file is marked cancelled, the page stays usable',
    {timeout: TEST_TIMEOUT_MS}, async () => {
      const page = await suite.context.newPage();
      try {
        await page.goto(suite.server.url);
        await page.setInputFiles('#file-input', [file]);
        // Reading: the file's row shows bytes and findings so far.
        await page.waitForFunction(() => {
          const li = document.querySelector('#file-status > li');
          return li && Number(li.dataset.bytes) > 0 && li.dataset.findingsSoFar !== undefined
            && Number(li.dataset.findingsSoFar) > 0;
        }, null, {timeout: 60_000, polling: 20});
        assert.match(await page.textContent('#file-status .file-pct'), /\d+% · .*B of .* MB · ≈ [\d,]+ findings/);
        assert.ok(await page.isVisible('#cancel'));
        await page.click('#cancel');
        assert.equal(await page.getAttribute('#file-status > li', 'data-state'), 'cancelled');
        assert.match(await page.textContent('#file-status .file-result'), /Cancelled/);
        assert.match(await page.textContent('#run-status'), /cancelled/);
        assert.equal(await page.getAttribute('#app', 'data-busy'), 'false');
        assert.ok(await page.isHidden('#cancel'));
        // No report of the cancelled run arrives, and a new file is analyzed.
        await page.waitForTimeout(1000);
        assert.equal(await page.getAttribute('#app', 'data-reports'), '0');
        const small = path.join(suite.tmpDir, 'small.trivy.json');
        fs.writeFileSync(small, trivyReport(3));
        await chooseFiles(page, [small]);
        assert.equal(await page.getAttribute('#total-findings', 'data-value'), '3');
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
});
