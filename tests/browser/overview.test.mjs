// End-to-end test of the dashboard's Overview view (build/web) in headless
// Chromium: its figures for the demo data (examples/index.json's files and
// policy) against the native CLI's report of the same files, before and
// after a decision; its charts drawn (uPlot canvases with bars of the
// expected colours, the Pareto SVG); the open risk over time once a
// snapshot is saved; and no CSP violation, page error or console error.
//
//   node --test tests/browser/overview.test.mjs
//
// Same environment overrides as dashboard.test.mjs (EXPOSURE_WEB_DIR,
// EXPOSURE_CLI, CHROMIUM).

import {describe, test, before} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import {cliPath, dashboardSuite, demoInputs, openDemo, repoRoot, saveSnapshot, webDir}
  from '../support/dashboard_page.mjs';

const execFileAsync = promisify(execFile);
const TIMEOUT_MS = 180_000;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const SSVC = ['immediate', 'out-of-cycle', 'scheduled', 'defer'];
const COVERAGE = ['inventory_assets', 'scanned_assets', 'inventory_only', 'scanned_only', 'unauthenticated', 'stale'];

async function cli(args) {
  const {stdout} = await execFileAsync(cliPath, args, {maxBuffer: 1 << 28, timeout: TIMEOUT_MS});
  return stdout;
}

// What the Overview must show, from the CLI: `analyze` (the JSON report)
// and `export --to html`, whose chart titles give the open findings by
// severity and by risk band as the core's export view counts them (a
// count made apart from the report's findings list).
async function expectedOverview(inputs, decisions) {
  const extra = decisions ? ['--decisions', decisions] : [];
  const [json, html] = await Promise.all([
    cli(['analyze', '--format', 'json', '--policy', inputs.policy, ...extra, ...inputs.files]),
    cli(['export', '--to', 'html', '--policy', inputs.policy, ...extra, ...inputs.files]),
  ]);
  const report = JSON.parse(json);
  const severityTitle = /Open findings by severity: ([^<"]*)/.exec(html);
  const riskTitle = /Open findings by risk score: ([^<"]*)/.exec(html);
  assert.ok(severityTitle && riskTitle, 'the HTML export titles its severity and risk charts');
  const bySeverity = Object.fromEntries(severityTitle[1].split(', ').map((part) => {
    const [sev, n] = part.split(' ');
    return [sev, Number(n)];
  }));
  const riskBands = riskTitle[1].split(', ').map((part) => Number(part.split(': ')[1]));
  assert.equal(riskBands.length, 10);
  const open = report.findings.filter((f) => f.status === 'open');
  return {
    report,
    open: report.summary.open,
    openRisk: report.summary.open_risk,
    bySeverity,
    riskBands,
    kevCves: report.summary.kev_cves,
    openKev: open.filter((f) => f.kev === true).length,
    ssvc: Object.fromEntries(SSVC.map((d) => [d, open.filter((f) => f.decision === d).length])),
    coverage: report.summary.coverage,
    actions: report.actions.slice(0, 5).map((a) => ({id: a.id, riskRemoved: a.risk_removed, cumulative: a.cumulative_pct})),
  };
}

// What the Overview shows, from its text (the lists the charts picture).
function readOverview(page) {
  return page.evaluate(({severities, ssvc, coverage}) => {
    const value = (id) => Number(document.getElementById(id).dataset.value);
    const list = (sel, key) => [...document.querySelectorAll(sel)].map((li) => [li.dataset[key], Number(li.dataset.value)]);
    return {
      open: value('ov-open'),
      openRisk: value('ov-open-risk'),
      bySeverity: Object.fromEntries(list('#ov-severity-list li', 'severity')),
      riskBands: list('#ov-risk-list li', 'band').map(([, n]) => n),
      kevCves: value('ov-kev-cves'),
      openKev: value('ov-kev-open'),
      ssvc: Object.fromEntries(ssvc.map((d) => [d,
        Number(document.querySelector(`#ov-ssvc-list [data-decision="${d}"] dd`).dataset.value)])),
      coverage: Object.fromEntries(coverage.map((k) => {
        const v = document.getElementById(`ov-cov-${k}`).dataset.value;
        return [k, v === '' ? null : Number(v)];
      })),
      actions: [...document.querySelectorAll('#ov-actions-list li')].map((li) => ({
        id: li.dataset.id, riskRemoved: Number(li.dataset.riskRemoved), cumulative: Number(li.dataset.cumulative),
      })),
      severityOrder: Object.keys(Object.fromEntries(list('#ov-severity-list li', 'severity'))),
    };
  }, {severities: SEVERITIES, ssvc: SSVC, coverage: COVERAGE});
}

// Pixels of `selector`'s canvas that are exactly the colour of the CSS
// custom property `variable` (a bar's inside; edges are blended).
function pixelsOf(page, selector, variable) {
  return page.evaluate(([sel, name]) => {
    const canvas = document.querySelector(sel);
    if (!canvas || !canvas.width || !canvas.height) return -1;
    const probe = document.createElement('canvas').getContext('2d');
    probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) n++;
    }
    return n;
  }, [selector, variable]);
}

async function waitForCharts(page, previousRenders) {
  await page.waitForFunction((prev) => Number(document.getElementById('view-overview').dataset.renders) > prev,
    previousRenders, {timeout: TIMEOUT_MS, polling: 50});
}

describe('overview view', {timeout: 10 * 60_000}, () => {
  const suite = dashboardSuite('overview', {required: [path.join(webDir, 'index.html'), path.join(webDir, 'overview_view.js'),
    path.join(webDir, 'vendor/uPlot.esm.js'), path.join(webDir, 'vendor/uPlot.min.css'), cliPath]});
  const {problems, requests} = suite;
  let inputs;

  before(() => {
    inputs = demoInputs(JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples/index.json'), 'utf8')));
  });

  test('the first view; its figures are the CLI\'s, before and after a decision; its charts are drawn',
    {timeout: 2 * TIMEOUT_MS}, async () => {
      const page = await suite.context.newPage();
      await page.goto(suite.server.url);
      // Before any report: the Overview is the view shown, and says so.
      assert.equal(await page.getAttribute('#app', 'data-view'), 'overview');
      assert.equal(await page.getAttribute('#tab-overview', 'aria-selected'), 'true');
      assert.equal(await page.getAttribute('#view-overview', 'data-state'), 'empty');
      assert.match(await page.textContent('#overview-note'), /No results yet/);
      await page.close();

      const [expected, demo] = await Promise.all([expectedOverview(inputs), openDemo(suite.context, suite.server.url)]);
      try {
        // The charts of a report are made together, in one task.
        await demo.waitForFunction(() => document.getElementById('view-overview').dataset.state === 'ready'
          && document.querySelector('#ov-severity-chart canvas') !== null);
        const {report, ...want} = expected;
        const shown = await readOverview(demo);
        assert.deepEqual(shown.severityOrder, SEVERITIES);
        delete shown.severityOrder;
        assert.deepEqual(shown, want);
        // The demo has what makes the view worth checking.
        assert.ok(want.bySeverity.critical > 0 && want.bySeverity.high > 0, JSON.stringify(want.bySeverity));
        assert.ok(want.kevCves > 0 && want.openKev > 0, 'known exploited CVEs');
        assert.ok(want.coverage.inventory_only > 0, 'assets nobody scanned');
        assert.equal(report.summary.actions > 5, true, 'more actions than the list shows');
        assert.match(await demo.textContent('#ov-actions-headline'),
          new RegExp(`^The first 10 of ${report.actions.length} actions remove ${report.actions[9].cumulative_pct.toFixed(1)} % of open risk`));

        // Charts: two uPlot canvases with a bar of each severity's colour
        // where it has findings, and the Pareto chart's bars (one per
        // action up to 30).
        assert.equal(await demo.locator('#ov-severity-chart canvas').count(), 1);
        assert.equal(await demo.locator('#ov-risk-chart canvas').count(), 1);
        for (const sev of SEVERITIES) {
          const pixels = await pixelsOf(demo, '#ov-severity-chart canvas', `--sev-${sev}`);
          if (want.bySeverity[sev] > 0) assert.ok(pixels > 50, `${sev} bar drawn (${pixels} px)`);
          else assert.equal(pixels, 0, `no ${sev} bar`);
        }
        assert.ok(await pixelsOf(demo, '#ov-risk-chart canvas', '--accent') > 50, 'risk bars drawn');
        assert.equal(await demo.locator('#ov-pareto-chart .pareto-bar').count(), Math.min(30, report.actions.length));
        assert.equal(await demo.getAttribute('#ov-pareto-chart svg', 'role'), 'img');
        // The canvases are pictures of the lists: hidden from screen readers.
        assert.equal(await demo.getAttribute('#ov-severity-chart .uplot', 'aria-hidden'), 'true');
        // No snapshot yet: the trend says how to get one.
        assert.equal(await demo.isVisible('#ov-trend'), false);
        assert.match(await demo.textContent('#ov-trend-note'), /No snapshots/);

        // A decision on a critical finding: open counts drop, and the
        // Overview follows, as the CLI does with the same decisions file.
        const critical = report.findings.find((f) => f.severity === 'critical' && f.status === 'open');
        const decisionsFile = path.join(suite.tmpDir, 'decisions.json');
        fs.writeFileSync(decisionsFile, `${JSON.stringify({decisions: [
          {match: {finding: critical.id}, status: 'accepted', reason: 'overview test'},
        ]})}\n`);
        const decided = await expectedOverview(inputs, decisionsFile);
        assert.equal(decided.bySeverity.critical, want.bySeverity.critical - 1);
        const renders = Number(await demo.getAttribute('#view-overview', 'data-renders'));
        const reports = Number(await demo.getAttribute('#app', 'data-reports'));
        await demo.setInputFiles('#file-input', decisionsFile);
        await demo.waitForFunction((prev) => Number(document.getElementById('app').dataset.reports) > prev
          && document.getElementById('app').dataset.busy === 'false', reports, {timeout: TIMEOUT_MS});
        await waitForCharts(demo, renders);
        const after = await readOverview(demo);
        delete after.severityOrder;
        delete decided.report;
        assert.deepEqual(after, decided);
        // The open workspace keeps its decisions (docs/workspaces.md): none
        // are left for the next test's page.
        const none = path.join(suite.tmpDir, 'no-decisions.json');
        fs.writeFileSync(none, '{"decisions": []}\n');
        const decidedReports = Number(await demo.getAttribute('#app', 'data-reports'));
        await demo.setInputFiles('#file-input', none);
        await demo.waitForFunction((prev) => Number(document.getElementById('app').dataset.reports) > prev
          && document.getElementById('app').dataset.busy === 'false', decidedReports, {timeout: TIMEOUT_MS});
        assert.equal(Number(await demo.getAttribute('#decisions-note', 'data-count')), 0);

        // "All actions" is a way to the Actions view.
        await demo.click('#view-overview button[data-view="actions"]');
        assert.equal(await demo.getAttribute('#app', 'data-view'), 'actions');
        assert.equal(await demo.evaluate(() => document.activeElement.id), 'tab-actions');
      } finally {
        await demo.close();
      }
    });

  test('a saved snapshot puts the open risk over time on the Overview', {timeout: TIMEOUT_MS}, async () => {
    const [expected, page] = await Promise.all([expectedOverview(inputs), openDemo(suite.context, suite.server.url)]);
    try {
      await saveSnapshot(page, 1);
      await page.click('#tab-overview');
      await page.waitForFunction(() => !document.getElementById('ov-trend').hidden
        && document.querySelector('#ov-trend-chart canvas') !== null);
      assert.equal(Number(await page.getAttribute('#ov-trend-caption', 'data-value')), expected.openRisk);
      assert.match(await page.textContent('#ov-trend-note'), /^1 snapshot/);
      assert.equal(await page.locator('#ov-trend-chart canvas').count(), 1);
      assert.ok(await pixelsOf(page, '#ov-trend-chart canvas', '--accent') > 10, 'the snapshot\'s point drawn');
    } finally {
      await page.close();
    }
  });

  test('no CSP violation, page or console error, and no request off the page\'s origin', () => {
    assert.deepEqual(problems, []);
    const origin = new URL(suite.server.url).origin;
    const foreign = requests.filter((url) => !url.startsWith(origin) && !/^(data|blob|about):/.test(url));
    assert.deepEqual(foreign, []);
    assert.ok(requests.some((url) => url.endsWith('/vendor/uPlot.esm.js')), 'uPlot was loaded');
  });
});
