// End-to-end test of the dashboard's Threat intel view (build/web) in
// headless Chromium: its counts and its two tables for the demo data
// against the native CLI's report of the same files (open findings, on
// KEV, with EPSS of 10 % or more, SSVC decisions; the weaknesses grouped by
// rule); a weakness leads to its findings; the intel in use is named; and
// no CSP violation, page error or console error.
//
//   node --test tests/browser/intel_view.test.mjs

import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import {cliPath, dashboardSuite, demoInputs, openDemo, repoRoot, webDir} from '../support/dashboard_page.mjs';

const execFileAsync = promisify(execFile);
const TIMEOUT_MS = 180_000;
const SSVC = ['immediate', 'out-of-cycle', 'scheduled', 'defer'];

// What the view must show, from the CLI's report of the demo inputs.
async function expected() {
  const index = JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples/index.json'), 'utf8'));
  const inputs = demoInputs(index);
  const {stdout} = await execFileAsync(cliPath, ['analyze', '--policy', inputs.policy, ...inputs.files],
      {maxBuffer: 1 << 28});
  const report = JSON.parse(stdout);
  const open = report.findings.filter((f) => f.status === 'open');
  const likely = (f) => typeof f.epss === 'number' && f.epss >= 0.1;
  const rulesOf = (list) => [...new Set(list.map((f) => f.rule_id || f.title))].sort();
  return {
    counts: {
      open: open.length,
      cve: open.filter((f) => Array.isArray(f.cves) && f.cves.length).length,
      kev: open.filter((f) => f.kev === true).length,
      likely: open.filter(likely).length,
    },
    ssvc: Object.fromEntries(SSVC.map((d) => [d, open.filter((f) => f.decision === d).length])),
    kevRules: rulesOf(open.filter((f) => f.kev === true)),
    likelyRules: rulesOf(open.filter((f) => likely(f))).filter((r) =>
      !open.some((f) => (f.rule_id || f.title) === r && f.kev === true)),
    findingsOfRule: (rule) => open.filter((f) => (f.rule_id || f.title) === rule).length,
  };
}

describe('threat intel view', {timeout: 10 * 60_000}, () => {
  const suite = dashboardSuite('intel-view', {required: [path.join(webDir, 'intel_view.js'), cliPath]});
  const {problems, requests} = suite;

  test('counts and weaknesses equal the CLI report\'s; a weakness leads to its findings', {timeout: TIMEOUT_MS},
    async () => {
      const want = await expected();
      assert.ok(want.kevRules.length > 0 && want.counts.kev > 0, 'the demo has findings on KEV');
      const page = await openDemo(suite.context, suite.server.url);
      try {
        await page.click('#tab-intel');
        await page.waitForFunction(() => document.getElementById('view-intel').dataset.state === 'ready');
        const shown = await page.evaluate(() => ({
          counts: Object.fromEntries([...document.querySelectorAll('#intel-view-counts [data-count]')]
            .map((n) => [n.dataset.count, Number(n.textContent.replace(/\D/g, ''))])),
          ssvc: Object.fromEntries([...document.querySelectorAll('#intel-view-ssvc [data-decision]')]
            .map((n) => [n.dataset.decision, Number(n.textContent.replace(/\D/g, ''))])),
          kevRules: [...document.querySelectorAll('#intel-view-kev tbody tr[data-rule]')].map((tr) => tr.dataset.rule),
          likelyRules: [...document.querySelectorAll('#intel-view-likely tbody tr[data-rule]')].map((tr) => tr.dataset.rule),
          firstKev: (() => {
            const tr = document.querySelector('#intel-view-kev tbody tr[data-rule]');
            return tr ? {rule: tr.dataset.rule, findings: Number(tr.cells[3].textContent.replace(/\D/g, ''))} : null;
          })(),
          bundle: document.getElementById('intel-view-bundle').textContent,
          // Per table: its column headers, and the cell count of each row.
          columns: ['kev', 'likely'].map((id) => {
            const table = document.getElementById(`intel-view-${id}`);
            return {
              headers: [...table.querySelectorAll('thead th[scope="col"]')].map((th) => th.textContent),
              cells: [...table.tBodies[0].rows].map((tr) => [...tr.cells].reduce((n, td) => n + td.colSpan, 0)),
            };
          }),
        }));
        // Both tables have the one header, and every row fills it.
        const headers = ['Weakness', 'CVEs', 'Severity', 'Open findings', 'Assets', 'EPSS', 'SSVC'];
        for (const {headers: shownHeaders, cells} of shown.columns) {
          assert.deepEqual(shownHeaders, headers);
          assert.ok(cells.length > 0 && cells.every((n) => n === headers.length), JSON.stringify(cells));
        }
        assert.deepEqual(shown.counts, want.counts);
        assert.deepEqual(shown.ssvc, want.ssvc);
        assert.deepEqual([...shown.kevRules].sort(), want.kevRules);
        assert.deepEqual([...shown.likelyRules].sort(), want.likelyRules);
        assert.equal(shown.firstKev.findings, want.findingsOfRule(shown.firstKev.rule));
        // Most findings first.
        const counts = await page.$$eval('#intel-view-kev tbody tr[data-rule]',
            (trs) => trs.map((tr) => Number(tr.cells[3].textContent.replace(/\D/g, ''))));
        assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
        assert.match(shown.bundle, /^Intel in use: Built-in .*KEV: catalog /);

        // A weakness leads to its findings, filtered by its rule.
        await page.click('#intel-view-kev tbody tr[data-rule] button');
        assert.equal(await page.getAttribute('#app', 'data-view'), 'findings');
        assert.equal(await page.inputValue('#filter'), shown.firstKev.rule);
        const rows = await page.$$eval('#findings-table tbody tr', (trs) => trs.length);
        assert.ok(rows >= 1, 'the findings of the weakness are listed');

        // "Change the threat intel" goes to the intel panel.
        await page.click('#tab-intel');
        await page.click('#intel-view-manage');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'intel-panel');
      } finally {
        await page.close();
      }
    });

  test('no CSP violation, page or console error; no request off the origin', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith(suite.server.url) && !u.startsWith('blob:')
      && !u.startsWith('data:')), []);
  });
});
