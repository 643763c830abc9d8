// End-to-end test of the dashboard's Trend view (build/web) in headless
// Chromium: snapshots of two scans saved in the browser, their trend and
// their diff, checked against the native CLI (build/bin/exposure diff and
// trend), and a deleted snapshot gone from IndexedDB.
//
//   node --test tests/browser/trend.test.mjs
//
// Same environment overrides as dashboard.test.mjs (EXPOSURE_WEB_DIR,
// EXPOSURE_CLI, CHROMIUM).

import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import {cliPath, dashboardSuite, repoRoot, webDir} from '../support/dashboard_page.mjs';

const execFileAsync = promisify(execFile);

const corpusScan = path.resolve(repoRoot, '../shared/corpus/tenable/nessus/nessus_with_cvssv3.nessus');

const TIMEOUT_MS = 60_000;
const DAY_SECONDS = 86_400;

// The same host scanned 30 days later: one finding gone (plugin 31649),
// one check renamed (plugin 40984 reads as a new one, the old one as
// fixed), another address for the same host name, later timestamps.
function laterScan(text) {
  let out = text.replace(/<ReportItem [^>]*pluginID="31649"[\s\S]*?<\/ReportItem>\s*/, '');
  assert.notEqual(out, text, 'plugin 31649 removed');
  out = out.replace('pluginID="40984"', 'pluginID="940984"');
  out = out.replace('<tag name="host-ip">44.228.249.3</tag>', '<tag name="host-ip">44.228.249.4</tag>');
  out = out.replace(/(<tag name="HOST_(?:START|END)_TIMESTAMP">)(\d+)/g,
    (_, tag, seconds) => `${tag}${Number(seconds) + 30 * DAY_SECONDS}`);
  out = out.replace('Wed Mar 23 14:31:51 2022', 'Fri Apr 22 14:31:51 2022')
    .replace('Wed Mar 23 15:07:52 2022', 'Fri Apr 22 15:07:52 2022');
  return out;
}

// `exposure ARGS` run in `cwd`, its output parsed as JSON.
async function cliJson(args, cwd) {
  const {stdout} = await execFileAsync(cliPath, args, {cwd, maxBuffer: 1 << 28, timeout: TIMEOUT_MS});
  return {text: stdout, json: JSON.parse(stdout)};
}

async function analyzeFile(page, file) {
  const previous = Number(await page.getAttribute('#app', 'data-reports'));
  await page.setInputFiles('#file-input', file);
  await page.waitForFunction((prev) => {
    const app = document.getElementById('app');
    return Number(app.dataset.reports) > prev && app.dataset.busy === 'false';
  }, previous, {timeout: TIMEOUT_MS, polling: 50});
}

// Waits until the Trend view lists `count` snapshots and has rendered the
// trend (and, with two or more, the diff) that followed that list.
async function waitForSnapshots(page, count) {
  await page.waitForFunction((n) => {
    const view = document.getElementById('view-trend');
    const rows = document.querySelectorAll('#trend-table tbody tr').length;
    const diffShown = !document.getElementById('diff-summary').hidden;
    return Number(view.dataset.snapshots) === n && rows === n && (n < 2 || diffShown)
      && document.getElementById('snapshot-status').textContent === '';
  }, count, {timeout: TIMEOUT_MS, polling: 50});
}

// The records of the page's IndexedDB snapshot store, without their bytes.
function storedSnapshots(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('exposure-lens-snapshots');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction('snapshots').objectStore('snapshots').getAll();
      request.onsuccess = () => {
        db.close();
        resolve(request.result.map(({bytes, ...meta}) => ({...meta, size: bytes.length})));
      };
      request.onerror = () => reject(request.error);
    };
  }));
}

describe('trend view', {timeout: 5 * 60_000}, () => {
  const suite = dashboardSuite('trend', {
    required: [path.join(webDir, 'index.html'), path.join(webDir, 'snapshot_store.js'), cliPath, corpusScan],
    browser: {timeout: TIMEOUT_MS, acceptDownloads: true},
  });
  const {problems, requests} = suite;

  test('two scans saved as snapshots: the trend has two points, the diff is the CLI\'s, delete removes one',
    {timeout: 120_000}, async () => {
      const first = path.join(suite.tmpDir, 'scan-1.nessus');
      const second = path.join(suite.tmpDir, 'scan-2.nessus');
      fs.copyFileSync(corpusScan, first);
      fs.writeFileSync(second, laterScan(fs.readFileSync(corpusScan, 'utf8')));
      // Run where the files are, so that the CLI names them as the page does.
      const names = [path.basename(first), path.basename(second)];
      const [diff, trend] = await Promise.all([
        cliJson(['diff', '--format', 'json', ...names], suite.tmpDir),
        cliJson(['trend', '--format', 'json', ...names], suite.tmpDir),
      ]);
      const expected = diff.json.summary;
      assert.ok(expected.fixed >= 2 && expected.new >= 1, JSON.stringify(expected));

      const page = await suite.context.newPage();
      try {
        await page.goto(suite.server.url);
        await page.click('#tab-trend');
        assert.equal(await page.getAttribute('#app', 'data-view'), 'trend');
        await page.waitForFunction(() => Number(document.getElementById('view-trend').dataset.lists) > 0);
        assert.equal(await page.inputValue('#workspace'), 'default');
        assert.ok(await page.isDisabled('#save-snapshot'), 'nothing to save before an analysis');

        await analyzeFile(page, first);
        await page.click('#save-snapshot');
        await waitForSnapshots(page, 1);
        await page.click('#clear');
        await analyzeFile(page, second);
        await page.click('#save-snapshot');
        await waitForSnapshots(page, 2);

        // The trend: one row per snapshot, as `exposure trend` says.
        const rows = await page.$$eval('#trend-table tbody tr', (trs) => trs.map((tr) => ({
          as_of: tr.dataset.asOf,
          open: Number(tr.querySelector('.trend-open').dataset.value),
          risk: Number(tr.querySelector('.trend-risk').dataset.value),
          fixed: tr.querySelector('.trend-fixed').dataset.value,
        })));
        assert.deepEqual(rows, trend.json.snapshots.map((p) => ({as_of: p.as_of, open: p.open.total,
          risk: p.open_risk, fixed: p.fixed == null ? '' : String(p.fixed)})));
        assert.equal(rows.length, 2);
        // Charted: an image with a name, a dot per snapshot.
        assert.equal(await page.getAttribute('#chart-risk svg', 'role'), 'img');
        assert.match(await page.getAttribute('#chart-risk svg', 'aria-label'), /over 2 snapshots/);
        assert.equal(await page.locator('#chart-risk .trend-dot').count(), 2);
        // "new" and "fixed" have no value for the first snapshot.
        assert.equal(await page.locator('#chart-flow .series-fixed .trend-dot').count(), 1);

        // The diff: Old the first snapshot, New the second; its summary
        // is `exposure diff`'s.
        const count = (key) => page.getAttribute(`#diff-count-${key}`, 'data-value').then(Number);
        for (const key of ['new', 'fixed', 'not_reassessed', 'reopened', 'persisting']) {
          assert.equal(await count(key), expected[key], key);
        }
        assert.equal(Number(await page.getAttribute('#diff-count-changed', 'data-value')), expected.changed);
        assert.equal(Number(await page.getAttribute('#diff-risk', 'data-before')), expected.open_risk_before);
        assert.equal(Number(await page.getAttribute('#diff-risk', 'data-after')), expected.open_risk_after);
        assert.equal(Number(await page.getAttribute('#diff-reduction', 'data-value')), expected.reduction_pct);
        const listed = (cls) => page.$$eval(`#diff-classes [data-class="${cls}"] tbody tr`,
          (trs) => trs.map((tr) => tr.dataset.key));
        assert.deepEqual(await listed('fixed'), diff.json.fixed.map((e) => e.key));
        assert.deepEqual(await listed('new'), diff.json.new.map((e) => e.key));
        // Not reassessed is its own class, never counted as fixed.
        assert.equal(await page.getAttribute('#diff-classes [data-class="not_reassessed"]', 'data-count'),
          String(expected.not_reassessed));

        // The JSON download is the CLI's diff, byte for byte.
        const [download] = await Promise.all([page.waitForEvent('download'),
          page.click('button[data-diff-format="json"]')]);
        assert.match(download.suggestedFilename(), /^exposure-lens-diff-.*\.json$/);
        assert.equal(fs.readFileSync(await download.path(), 'utf8'), diff.text);

        // Delete the older snapshot: gone from the list and from IndexedDB.
        const stored = await storedSnapshots(page);
        assert.equal(stored.length, 2);
        assert.deepEqual(stored.map((r) => r.workspace), ['default', 'default']);
        const older = stored.find((r) => r.as_of === trend.json.snapshots[0].as_of);
        assert.ok(older && older.size > 0 && older.findings > 0, JSON.stringify(stored));
        await page.click(`#snapshots-table tr[data-id="${older.id}"] .snapshot-delete`);
        await waitForSnapshots(page, 1);
        const left = await storedSnapshots(page);
        assert.deepEqual(left.map((r) => r.id), stored.filter((r) => r.id !== older.id).map((r) => r.id));
        assert.ok(await page.isHidden('#diff-section'), 'one snapshot: nothing to compare');
        assert.ok(await page.isHidden('#banner'));

        // The one left downloads as a snapshot the CLI reads.
        const [saved] = await Promise.all([page.waitForEvent('download'),
          page.click('#snapshots-table tbody tr .snapshot-download')]);
        assert.match(saved.suggestedFilename(), /^exposure-lens-default-2022-04-22-\d+\.snap$/);
        const savedFile = path.join(suite.tmpDir, saved.suggestedFilename());
        await saved.saveAs(savedFile);
        const reread = await cliJson(['trend', '--format', 'json', path.basename(savedFile)], suite.tmpDir);
        assert.deepEqual(reread.json.snapshots.map((p) => [p.as_of, p.open_risk]),
          [[trend.json.snapshots[1].as_of, trend.json.snapshots[1].open_risk]]);

        // A snapshot the CLI made, imported with the button: two again, and
        // the same diff as before.
        await execFileAsync(cliPath, ['snapshot', '--out', 'scan-1.snap', names[0]], {cwd: suite.tmpDir, timeout: TIMEOUT_MS});
        await page.setInputFiles('#snapshot-input', path.join(suite.tmpDir, 'scan-1.snap'));
        await waitForSnapshots(page, 2);
        for (const key of ['new', 'fixed', 'not_reassessed', 'reopened', 'persisting']) {
          assert.equal(await count(key), expected[key], `${key} after the import`);
        }
        assert.match(await page.textContent('#snapshot-notes'), /Imported scan-1\.snap/);

        // Dropped on the page, a snapshot is imported, not analyzed.
        const dropped = fs.readFileSync(path.join(suite.tmpDir, 'scan-1.snap')).toString('latin1');
        await page.evaluate((text) => {
          const dt = new DataTransfer();
          dt.items.add(new File([Uint8Array.from(text, (c) => c.charCodeAt(0))], 'dropped.snap'));
          const zone = document.getElementById('drop-zone');
          zone.dispatchEvent(new DragEvent('dragenter', {bubbles: true, dataTransfer: dt}));
          zone.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));
        }, dropped);
        await waitForSnapshots(page, 3);
        assert.equal(await page.locator('#file-status > li').count(), 1, 'only scan-2.nessus was analyzed');
        await page.click('#snapshots-table tbody tr:nth-child(2) .snapshot-delete');
        await waitForSnapshots(page, 2);

        // A scan given to the import button is refused, not stored.
        await page.setInputFiles('#snapshot-input', second);
        await page.waitForFunction(() => /is not a snapshot/.test(document.getElementById('snapshot-notes').textContent));
        assert.equal((await storedSnapshots(page)).length, 2);

        // Another workspace starts empty; the default one keeps its two.
        await page.fill('#workspace', 'lab');
        await page.press('#workspace', 'Enter');
        await waitForSnapshots(page, 0);
        assert.ok(await page.isHidden('#trend-section'));
        await page.fill('#workspace', '');
        await page.press('#workspace', 'Enter');
        assert.equal(await page.inputValue('#workspace'), 'default');
        await waitForSnapshots(page, 2);
      } finally {
        await page.close();
      }
      const foreign = requests.filter((url) => new URL(url).origin !== suite.server.origin);
      assert.deepEqual(foreign, [], 'requests to other origins');
      assert.deepEqual(problems, [], 'console errors, page errors or CSP violations');
    });
});
