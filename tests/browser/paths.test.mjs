// End-to-end test of the dashboard's Attack paths view (build/web) in
// headless Chromium: a scan analyzed by the real wasm core, whose table
// report gains the attack-path members of the report schema (graph,
// paths, choke_points, fix_set) from a fixture, then the view: the jewel
// picker, the graph drawn by dagre (one node per path node, edge classes
// per basis), step details and the way to a finding, the choke points,
// the fix set and the graph summary; labels that are markup stay text,
// and nothing breaks the page's CSP.
//
//   node --test tests/browser/paths.test.mjs
//
// The fixture reaches the page the way a core that writes attack paths
// would send it: the test serves a copy of build/web whose core.mjs wraps
// the real one and adds the fixture to the table report of a file named
// with-graph.nessus (kLines, as the core writes root arrays). The copy is
// the test's own; nothing of it ships.
//
// Same environment overrides as dashboard.test.mjs (EXPOSURE_WEB_DIR,
// EXPOSURE_CLI, CHROMIUM), and PATHS_SCREENSHOT: if set, the path of a
// screenshot of the view (PATHS_COLOR_SCHEME=dark for the dark one).

import {describe, test, before} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import {cliPath, dashboardSuite, repoRoot, webDir} from '../support/dashboard_page.mjs';

const execFileAsync = promisify(execFile);

const scan = path.join(repoRoot, 'examples/host-scan.nessus');

const TIMEOUT_MS = 60_000;
const XSS = '<img src=x onerror=alert(1)>';

// The attack-path members for host-scan.nessus's report (`report`, the
// CLI's table detail of it): two paths to db01 (one through a stolen
// credential, one through the network), one to WS-044, a third jewel no
// path reaches; finding and action ids are the report's own.
function attackFixture(report) {
  const asset = (name) => report.assets.find((a) => a.name.startsWith(name)).id;
  const finding = (assetId, port) => report.findings.find((f) => f.asset === assetId && f.port === port
    && f.cves && f.cves.length).id;
  const actionOf = (id) => report.actions.find((a) => a.findings.includes(id)).id;
  const web = asset('web01');
  const db = asset('db01');
  const ws = asset('WS-044');
  const apache = finding(web, 443);
  const ms17 = finding(db, 445);
  const n = {
    internet: 'internet', dmz: 'zone:dmz', corp: 'zone:corp',
    webSvc: `service:${web}:443/tcp`, webWeak: `weakness:${web}:443/tcp`, web: `asset:${web}`,
    alice: 'identity:S-1-5-21-1-1105',
    dbSvc: `service:${db}:445/tcp`, dbWeak: `weakness:${db}:445/tcp`, db: `asset:${db}`,
    ws: `asset:${ws}`,
  };
  const step = (from, to, kind, basis, likelihood, evidence, extra = {}) =>
    ({from, to, ...extra, kind, basis, likelihood, evidence});
  const intoWeb = [
    step(n.internet, n.dmz, 'reach', 'declared', 1.0, 'zone dmz is reachable from the internet (policy zones[0])'),
    step(n.dmz, n.webSvc, 'reach', 'observed', 1.0, '443/tcp open, seen by nessus'),
    step(n.webSvc, n.web, 'exploit', 'observed', 0.8, 'CVE-2021-44790: remote code execution',
      {via: n.webWeak, findings: [apache]}),
  ];
  const graph = {
    nodes: 42, edges: 97,
    edges_by_kind: {reach: 60, exploit: 12, credential: 24, cloud: 1},
    edges_by_basis: {observed: 50, declared: 30, assumed: 17},
    data: {network: false, identity: true, cloud: false, policy: true},
    jewels: [
      {node: n.db, label: 'db01.corp.example', kind: 'asset', why: 'criticality critical', reachable: true, paths: 2,
        likelihood: 0.432},
      {node: n.ws, label: 'WS-044', kind: 'asset', why: 'policy crown_jewels[1]', reachable: true, paths: 1,
        likelihood: 0.2},
      {node: 'asset:a-0000000000000000', label: `backup ${XSS}`, kind: 'asset', why: 'criticality critical',
        reachable: false, paths: 0, likelihood: 0},
    ],
    path_nodes: [
      {id: n.internet, kind: 'internet', label: 'Internet'},
      {id: n.dmz, kind: 'zone', label: 'dmz'},
      {id: n.corp, kind: 'zone', label: 'corp'},
      {id: n.webSvc, kind: 'service', label: 'web01 443/tcp', asset: web},
      {id: n.webWeak, kind: 'weakness', label: '2 findings on web01 443/tcp', asset: web},
      {id: n.web, kind: 'asset', label: 'web01.corp.example', asset: web},
      {id: n.alice, kind: 'identity', label: XSS},
      {id: n.dbSvc, kind: 'service', label: 'db01 445/tcp', asset: db},
      {id: n.dbWeak, kind: 'weakness', label: 'MS17-010 on db01 445/tcp', asset: db},
      {id: n.db, kind: 'asset', label: 'db01.corp.example', asset: db},
      {id: n.ws, kind: 'asset', label: 'WS-044', asset: ws},
    ],
  };
  const paths = [
    {id: 'path-1', jewel: n.db, rank: 1, likelihood: 0.386, steps: [...intoWeb,
      step(n.web, n.alice, 'credential', 'observed', 0.9, 'HasSession (BloodHound)'),
      step(n.alice, n.db, 'credential', 'observed', 0.6, `AdminTo (BloodHound) ${XSS}`)]},
    {id: 'path-2', jewel: n.db, rank: 2, likelihood: 0.12, steps: [...intoWeb,
      step(n.web, n.corp, 'reach', 'assumed', 0.5, 'no policy says web01 cannot reach corp'),
      step(n.corp, n.dbSvc, 'reach', 'observed', 1.0, '445/tcp open, seen by nessus'),
      step(n.dbSvc, n.db, 'exploit', 'observed', 0.9, 'CVE-2017-0143: exploited in the wild',
        {via: n.dbWeak, findings: [ms17]})]},
    {id: 'path-3', jewel: n.ws, rank: 1, likelihood: 0.2, steps: [...intoWeb,
      step(n.web, n.ws, 'reach', 'assumed', 0.3, 'same subnet')]},
  ];
  const chokePoints = [
    {node: n.webWeak, kind: 'weakness', label: '2 findings on web01 443/tcp', paths_cut: 3, jewels_protected: 2,
      jewels: [n.db, n.ws], findings: [apache], actions: [actionOf(apache)]},
    {node: n.alice, kind: 'identity', label: XSS, paths_cut: 1, jewels_protected: 1, jewels: [n.db], findings: [],
      actions: []},
  ];
  const fixSet = {size: 1, cuts_all: true, jewels_reachable: 2, items: [
    {node: n.webWeak, kind: 'weakness', label: '2 findings on web01 443/tcp', paths_cut: 3, findings: [apache],
      actions: [actionOf(apache)]}]};
  // As the core's table detail writes them (JsonWriter kLines): objects on
  // one line, each element of a root array on a line of its own.
  const lines = (list) => `[\n${list.map((x) => JSON.stringify(x)).join(',\n')}\n]`;
  const tail = `,"graph":${JSON.stringify(graph)},"paths":${lines(paths)},"choke_points":${lines(chokePoints)},`
    + `"fix_set":${JSON.stringify(fixSet)}}\n`;
  const pathNodes = (jewel) => new Set(paths.filter((p) => p.jewel === jewel)
    .flatMap((p) => p.steps.flatMap((s) => [s.from, s.to, s.via])).filter(Boolean));
  const apacheAction = report.actions.find((a) => a.id === actionOf(apache)).title;
  return {tail, n, apache, apacheAction, pathNodes};
}

// core.mjs of the test's copy of build/web: the real core (core.real.mjs),
// whose table report of an analysis that has read with-graph.nessus ends
// with `tail` instead of its closing brace.
function wrapperCore(tail) {
  return `// Test-only (tests/browser/paths.test.mjs); never shipped.
import {loadCore as loadRealCore} from './core.real.mjs';

const TAIL = ${JSON.stringify(tail)};

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function withAttackPaths(analyzer) {
  const openReport = analyzer.openReport;
  analyzer.openReport = (detail = 'full') => {
    const report = openReport(detail);
    if (detail !== 'table') return report;
    const parts = [];
    for (let piece; (piece = report.next());) parts.push(piece);
    const error = report.error();
    report.close();
    let text = new TextDecoder().decode(concat(parts));
    if (text.includes('"name":"with-graph.nessus"')) text = text.replace(/\\}\\s*$/, TAIL);
    let pieces = [new TextEncoder().encode(text)];
    return {next: () => pieces.shift() || null, error: () => error, close: () => { pieces = []; }};
  };
  return analyzer;
}

export async function loadCore(options) {
  const core = await loadRealCore(options);
  const newAnalyzer = core.newAnalyzer;
  core.newAnalyzer = () => withAttackPaths(newAnalyzer());
  return core;
}
`;
}

async function analyzeAs(page, name) {
  const previous = Number(await page.getAttribute('#app', 'data-reports'));
  await page.setInputFiles('#file-input', {name, mimeType: 'application/octet-stream', buffer: fs.readFileSync(scan)});
  await page.waitForFunction((prev) => {
    const app = document.getElementById('app');
    return Number(app.dataset.reports) > prev && app.dataset.busy === 'false';
  }, previous, {timeout: TIMEOUT_MS, polling: 50});
}

// Runs `action`, then waits until the view has drawn (or given up on) one
// more graph.
async function drawn(page, action) {
  const before = Number(await page.getAttribute('#view-paths', 'data-renders'));
  await action();
  await page.waitForFunction((n) => Number(document.getElementById('view-paths').dataset.renders) > n,
    before, {timeout: TIMEOUT_MS, polling: 50});
}

describe('attack paths view', {timeout: 5 * 60_000}, () => {
  let fixture;
  // A copy of build/web whose core adds the fixture (see the top).
  const suite = dashboardSuite('paths', {
    required: [path.join(webDir, 'index.html'), path.join(webDir, 'paths_view.js'),
      path.join(webDir, 'vendor/dagre.esm.js'), cliPath],
    web: async (dir) => {
      const {stdout} = await execFileAsync(cliPath, ['analyze', '--detail', 'table', scan],
        {maxBuffer: 1 << 28, timeout: TIMEOUT_MS});
      fixture = attackFixture(JSON.parse(stdout));
      const web = path.join(dir, 'web');
      fs.cpSync(webDir, web, {recursive: true});
      fs.renameSync(path.join(web, 'core.mjs'), path.join(web, 'core.real.mjs'));
      fs.writeFileSync(path.join(web, 'core.mjs'), wrapperCore(fixture.tail));
      return web;
    },
    browser: {timeout: TIMEOUT_MS, colorScheme: process.env.PATHS_COLOR_SCHEME === 'dark' ? 'dark' : 'light'},
  });
  const {problems, requests} = suite;
  let page;
  const dialogs = [];

  before(async () => {
    page = await suite.context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    await page.goto(suite.server.url);
    await page.waitForFunction(() => document.getElementById('core-version').textContent !== '');
  });

  test('the tab is reached from the keyboard; without a graph the view says why', async () => {
    assert.equal(await page.getAttribute('#view-paths', 'data-state'), 'empty');
    await analyzeAs(page, 'plain.nessus');
    await page.click('#tab-actions');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-paths', 'aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-paths');
    assert.equal(await page.isVisible('#view-paths'), true);
    assert.equal(await page.getAttribute('#view-paths', 'data-state'), 'none');
    assert.match(await page.textContent('#paths-note'), /^No attack paths: .*crown jewels/);
    assert.equal(await page.isVisible('#paths-jewel'), false);
    assert.equal(await page.isVisible('#chokes-section'), false);
  });

  test('a report with a graph: picker, graph, steps by basis, markup as text', async () => {
    await page.click('#clear');
    await drawn(page, () => analyzeAs(page, 'with-graph.nessus'));
    assert.equal(await page.getAttribute('#view-paths', 'data-state'), 'ready');
    assert.match(await page.textContent('#paths-note'), /2 of 3 crown jewels can be reached; 3 paths in all/);

    const options = await page.$$eval('#paths-jewel option', (os) => os.map((o) => ({value: o.value, text: o.textContent})));
    assert.deepEqual(options.map((o) => o.value), [fixture.n.db, fixture.n.ws, 'asset:a-0000000000000000']);
    assert.match(options[0].text, /^db01\.corp\.example — reachable, 2 paths, likelihood 43\.2 %$/);
    assert.match(options[1].text, /^WS-044 — reachable, 1 path, likelihood 20\.0 %$/);
    assert.equal(options[2].text, `backup ${XSS} — not reachable`);
    assert.equal(await page.inputValue('#paths-jewel'), fixture.n.db);

    // One node per path node of db01's two paths, each of its kind.
    const nodes = await page.$$eval('#paths-graph svg .pg-node', (gs) => gs.map((g) => ({
      id: g.dataset.node, cls: g.getAttribute('class'), text: g.querySelector('text').textContent})));
    assert.deepEqual(new Set(nodes.map((x) => x.id)), fixture.pathNodes(fixture.n.db));
    assert.equal(nodes.length, fixture.pathNodes(fixture.n.db).size);
    const byId = new Map(nodes.map((x) => [x.id, x]));
    assert.match(byId.get('internet').cls, /\bpn-internet\b/);
    assert.match(byId.get(fixture.n.webWeak).cls, /\bpn-weakness\b.*\bis-choke\b/);
    assert.match(byId.get(fixture.n.db).cls, /\bis-jewel\b/);
    // The label that is markup is the node's text, and no element came of it.
    assert.equal(byId.get(fixture.n.alice).text, XSS);
    assert.equal(await page.$$eval('img', (imgs) => imgs.length), 1, 'only the brand image');
    assert.equal(await page.$$eval('#view-paths img, #paths-jewel img', (imgs) => imgs.length), 0);

    // Steps (each drawn once): classes per basis, labels per kind, and the
    // three line styles.
    const steps = await page.$$eval('#paths-graph .pg-step', (gs) => gs.map((g) => ({
      basis: g.dataset.basis, cls: g.getAttribute('class'), label: g.querySelector('.pg-edge-label').textContent,
      dash: getComputedStyle(g.querySelector('.pg-edge')).strokeDasharray, edges: g.querySelectorAll('.pg-edge').length})));
    assert.equal(steps.length, 8);
    const count = (basis) => steps.filter((s) => s.cls.includes(`basis-${basis}`)).length;
    assert.deepEqual([count('observed'), count('declared'), count('assumed')], [6, 1, 1]);
    for (const s of steps) assert.match(s.cls, new RegExp(`\\bbasis-${s.basis}\\b`));
    assert.deepEqual(new Set(steps.map((s) => s.label)), new Set(['reach', 'exploit', 'credential']));
    const dash = (basis) => steps.find((s) => s.basis === basis).dash;
    assert.equal(dash('observed'), 'none');
    assert.notEqual(dash('declared'), 'none');
    assert.notEqual(dash('assumed'), 'none');
    assert.notEqual(dash('declared'), dash('assumed'));
    // A step through a weakness is two edges, one into the weakness node.
    assert.equal(steps.filter((s) => s.edges === 2).length, 2);
    assert.equal(await page.$$eval('.paths-legend .legend-edge', (xs) => xs.length), 3);

    const items = await page.$$eval('#paths-list .path-item', (lis) => lis.map((li) => li.textContent));
    assert.equal(items.length, 2);
    if (process.env.PATHS_SCREENSHOT) {
      await page.locator('#view-paths').screenshot({path: process.env.PATHS_SCREENSHOT});
    }
    assert.match(items[0], /^#138\.6 %Internet → dmz → web01 443\/tcp → 2 findings on web01 443\/tcp → web01\.corp\.example → <img src=x onerror=alert\(1\)> → db01\.corp\.example$/);
  });

  test('a step\'s evidence and findings; a finding leads to the findings table', async () => {
    const exploit = `#paths-graph .pg-step[data-from="${fixture.n.webSvc}"][data-via="${fixture.n.webWeak}"]`;
    assert.match(await page.textContent(`${exploit} > title`), /CVE-2021-44790: remote code execution/);
    await page.hover(`#paths-graph .pg-step[data-to="${fixture.n.db}"][data-basis="observed"][data-kind="credential"] .pg-edge-label`, {force: true});
    assert.match(await page.textContent('#paths-detail-body'), /AdminTo \(BloodHound\) <img src=x onerror=alert\(1\)>/);

    await page.focus(exploit);
    assert.match(await page.textContent('#paths-detail-body'), /exploit · observed: .* · likelihood 80\.0 %/);
    const link = '#paths-detail-body button.finding-link';
    assert.equal(await page.getAttribute(link, 'data-finding'), fixture.apache);
    assert.match(await page.textContent(link), /^Apache 2\.4\.x < 2\.4\.52 Multiple Vulnerabilities — web01/);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.finding), fixture.apache);
    await page.keyboard.press('Enter');

    assert.equal(await page.getAttribute('#tab-findings', 'aria-selected'), 'true');
    assert.equal(await page.inputValue('#filter'), fixture.apache);
    const focused = await page.evaluate(() => ({finding: document.activeElement.dataset.finding,
      target: document.activeElement.classList.contains('row-target'),
      rows: document.querySelectorAll('#findings-table tbody tr').length}));
    assert.deepEqual(focused, {finding: fixture.apache, target: true, rows: 1});
    // Back to the view, as it was.
    await page.fill('#filter', '');
    await page.click('#tab-paths');
    assert.equal(await page.inputValue('#paths-jewel'), fixture.n.db);
  });

  test('choke points, the fix set and what the graph could not see', async () => {
    const rows = await page.$$eval('#chokes-table tbody tr', (trs) => trs.map((tr) =>
      Array.from(tr.cells, (td) => td.textContent)));
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0].slice(0, 5), ['2 findings on web01 443/tcp', 'weakness', '3', '2', '1']);
    assert.match(fixture.apacheAction, /^Upgrade Apache to 2\.4\.52 or later/);
    assert.equal(rows[0][5], fixture.apacheAction);
    assert.deepEqual(rows[1], [XSS, 'identity', '1', '1', '0', '—']);

    assert.equal(await page.textContent('#fixset-headline'),
      '1 fix cuts every path to the crown jewels (2 jewels reachable now).');
    const fixes = await page.$$eval('#fixset-list li', (lis) => lis.map((li) => li.textContent));
    assert.equal(fixes.length, 1);
    assert.match(fixes[0], /^2 findings on web01 443\/tcp weakness · cuts 3 paths · 1 finding/);

    const stats = await page.$$eval('#graph-stats .stat', (ss) => Object.fromEntries(ss.map((s) =>
      [s.dataset.key, s.querySelector('dd').textContent])));
    assert.equal(stats.nodes, '42');
    assert.equal(stats.edges, '97');
    assert.equal(stats['by-kind'], 'reach 60 · exploit 12 · credential 24 · cloud 1');
    assert.equal(stats['by-basis'], 'observed 50 · declared 30 · assumed 17');
    assert.equal(stats.data, 'network no · identity yes · cloud no · policy yes');
    const blind = await page.$$eval('#graph-blind li', (lis) => lis.map((li) => [li.dataset.part, li.textContent]));
    assert.deepEqual(blind.map(([part]) => part), ['network', 'cloud']);
    assert.match(blind[0][1], /^No network data: the graph could not see/);
  });

  test('another jewel; a path marked; a jewel no path reaches', async () => {
    await drawn(page, () => page.selectOption('#paths-jewel', fixture.n.ws));
    const ids = await page.$$eval('#paths-graph .pg-node', (gs) => gs.map((g) => g.dataset.node));
    assert.deepEqual(new Set(ids), fixture.pathNodes(fixture.n.ws));
    assert.ok(!ids.includes(fixture.n.db));

    await drawn(page, () => page.selectOption('#paths-jewel', fixture.n.db));
    await page.click('#paths-list .path-item:nth-child(2) .path-button');
    const marked = await page.$$eval('#paths-graph .pg-node.on-path', (gs) => gs.map((g) => g.dataset.node));
    assert.ok(marked.includes(fixture.n.corp) && !marked.includes(fixture.n.alice));
    assert.equal(await page.getAttribute('#paths-list .path-item:nth-child(2) .path-button', 'aria-pressed'), 'true');

    await drawn(page, () => page.selectOption('#paths-jewel', 'asset:a-0000000000000000'));
    assert.equal(await page.textContent('#paths-graph'), `No path reaches backup ${XSS} in this graph.`);
    assert.equal(await page.$$eval('#paths-list li', (lis) => lis.length), 0);
  });

  test('the real core: a dropped policy with the scans gives paths to db01', async () => {
    await page.click('#clear');
    const previous = Number(await page.getAttribute('#app', 'data-reports'));
    const file = (name) => ({name, mimeType: 'application/octet-stream',
      buffer: fs.readFileSync(path.join(repoRoot, 'examples', name))});
    await drawn(page, async () => {
      await page.setInputFiles('#file-input',
          [file('policy.json'), file('host-scan.nessus'), file('cmdb-assets.csv')]);
      await page.waitForFunction((prev) => {
        const app = document.getElementById('app');
        return Number(app.dataset.reports) > prev && app.dataset.busy === 'false';
      }, previous, {timeout: TIMEOUT_MS, polling: 50});
    });
    // The policy was taken as the policy, not analyzed as an input.
    const inputs = await page.$$eval('#file-status li', (lis) => lis.map((li) => li.textContent));
    assert.ok(!inputs.some((t) => t.includes('policy.json')), inputs.join(' | '));
    assert.equal(await page.getAttribute('#view-paths', 'data-state'), 'ready');
    const options = await page.$$eval('#paths-jewel option', (os) => os.map((o) => o.textContent));
    assert.ok(options.some((t) => /^db01\.corp\.example — reachable, 4 paths/.test(t)), options.join(' | '));
    // The same jewels and paths as `exposure paths` with that policy.
    const {stdout} = await execFileAsync(cliPath, ['paths', '--format', 'json', '--policy',
      path.join(repoRoot, 'examples/policy.json'), path.join(repoRoot, 'examples/host-scan.nessus'),
      path.join(repoRoot, 'examples/cmdb-assets.csv')]);
    const cli = JSON.parse(stdout);
    assert.equal(options.length, cli.graph.jewels.length);
    assert.ok(await page.$$eval('#paths-graph svg .pg-node', (gs) => gs.length) > 4);
  });

  test('no request leaves the origin; no console errors, CSP violations or dialogs', () => {
    const origin = new URL(suite.server.url).origin;
    assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
    assert.ok(requests.some((u) => u.endsWith('/vendor/dagre.esm.js')), 'dagre came from the page\'s origin');
    assert.deepEqual(problems, [], 'console errors, page errors or CSP violations');
    assert.deepEqual(dialogs, []);
  });
});
