// The <exposure-lens> widget (build/web/widget.js) and its iframe mode
// (embed.html) in headless Chromium, the way an MSSP's portal uses them:
// the portal is another origin (a page server of this test) whose pages
// send the strict policy of docs/widget.md as a header, and load the widget
// from the dashboard's server (scripts/serve.mjs --cors, --frame-ancestors).
// Numbers are checked against the native CLI.
//
//   node --test tests/browser/widget.test.mjs
//
// Same environment overrides as dashboard.test.mjs (EXPOSURE_WEB_DIR,
// EXPOSURE_CLI, CHROMIUM).

import {describe, test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {chromium} from 'playwright-core';
import {startPageServer, startServer, stopServer} from '../support/static_server.mjs';
import {CHROMIUM_ARGS, chromiumPath, cliPath, repoRoot, webDir} from '../support/dashboard_page.mjs';

const execFileAsync = promisify(execFile);


const TIMEOUT_MS = 120_000;
// The budgets: the widget's own JavaScript (beside the worker and
// the wasm core), and the time to the first summary on screen.
const WIDGET_GZIP_BUDGET = 60 * 1024;
const FIRST_SUMMARY_MS = 1000;
const VIEWS = ['summary', 'actions', 'findings', 'assets', 'coverage', 'paths', 'trend'];
const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

async function cli(args, cwd = repoRoot) {
  const {stdout} = await execFileAsync(cliPath, args, {cwd, maxBuffer: 1 << 28, timeout: TIMEOUT_MS});
  return stdout;
}

// The widget module's import graph (relative static imports), from build/web.
function moduleGraph(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*import\s+(?:[^'"]*?from\s+)?['"](\.[^'"]+)['"]/gm)) {
      visit(path.resolve(path.dirname(file), m[1]));
    }
  };
  visit(entry);
  return [...seen];
}

// The portal's pages. The widget's origin (W) is filled in once known.
function portalFiles(widget, portal, attacker) {
  const W = widget.origin;
  return {
    'host.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal</title>
<link rel="icon" href="data:,">
<script type="module" src="${W}/widget.js"></script>
</head><body>
<exposure-lens id="lens" view="summary"><span slot="logo" id="logo">ACME MSSP</span></exposure-lens>
</body></html>
`,
    'frame-host.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal (iframe)</title>
<link rel="icon" href="data:,">
<script type="module" src="frame-host.js"></script>
</head><body>
<iframe id="lens-frame" title="Exposure Lens" src="${W}/embed.html?parent=${encodeURIComponent(portal.origin)}"></iframe>
<iframe id="sibling" title="sibling" src="sibling.html"></iframe>
<iframe id="attacker" title="attacker" src="${attacker}/sibling.html"></iframe>
</body></html>
`,
    'refused-host.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal (refused)</title>
<link rel="icon" href="data:,">
</head><body>
<iframe id="lens-frame" title="Exposure Lens" src="${W}/embed.html?parent=https%3A%2F%2Fevil.example"></iframe>
</body></html>
`,
    // Records what the widget's frame sends (from its origin and window only).
    'frame-host.js': `const frame = document.getElementById('lens-frame');
const origin = new URL(frame.src).origin;
window.__embed = [];
window.addEventListener('message', (e) => {
  if (e.origin === origin && e.source === frame.contentWindow) window.__embed.push(e.data);
});
`,
    'sibling.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>another frame</title><link rel="icon" href="data:,"></head>
<body><p>another frame</p></body></html>
`,
  };
}

describe('widget', {timeout: 20 * 60_000}, () => {
  let tmpDir;
  let widget; // scripts/serve.mjs serving a copy of build/web
  let portal; // the portal's own server (another origin)
  let attacker; // a third origin: the same pages on another port
  let context;
  let expected; // the CLI's report of the demo files with their policy
  let demo; // {files, policy}
  const problems = []; // console errors, page errors, CSP violations: none allowed
  let portalCsp = '';

  before(async () => {
    for (const required of [path.join(webDir, 'widget.js'), path.join(webDir, 'embed.html'),
      path.join(webDir, 'core.mjs'), cliPath]) {
      if (!fs.existsSync(required)) throw new Error(`${required} is missing: build first (scripts/build)`);
    }
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-widget-test-'));
    const web = path.join(tmpDir, 'web');
    const site = path.join(tmpDir, 'portal');
    fs.cpSync(webDir, web, {recursive: true});
    fs.mkdirSync(site);

    demo = JSON.parse(fs.readFileSync(path.join(web, 'demo/index.json'), 'utf8'));
    const demoPaths = demo.files.map((f) => path.join(web, 'demo', f));
    const reportText = await cli(['analyze', '--policy', path.join(web, 'demo', demo.policy), ...demo.files],
      path.join(web, 'demo'));
    expected = JSON.parse(reportText);
    fs.writeFileSync(path.join(web, 'demo-report.json'), reportText);
    // Two snapshots: the host scan alone, then with the container image.
    await cli(['snapshot', '--out', path.join(web, 'one.snap'), demoPaths[0]]);
    await cli(['snapshot', '--out', path.join(web, 'two.snap'), demoPaths[0], demoPaths[1]]);

    portal = await startPageServer(site, (pathname) => ({
      'Content-Security-Policy': pathname === '/frame-host.html' || pathname === '/refused-host.html'
        ? `${portalCsp}; frame-src ${widget.origin} 'self' ${attacker.origin}` : portalCsp,
    }));
    // Another port of 127.0.0.1 rather than "localhost", whose resolution
    // (IPv6 first on some machines) the test should not depend on.
    attacker = await startPageServer(site, () => ({}));
    widget = await startServer(web, ['--cors', portal.origin, '--frame-ancestors', portal.origin]);
    // The strict policy of docs/widget.md, WIDGET_ORIGIN being the widget's server.
    const W = widget.origin;
    portalCsp = `default-src 'self'; script-src 'self' ${W} 'wasm-unsafe-eval'; worker-src blob: ${W}; `
      + `connect-src ${W}; style-src 'self'; img-src 'self' data:`;
    for (const [name, text] of Object.entries(portalFiles(widget, portal, attacker.origin))) {
      fs.writeFileSync(path.join(site, name), text);
    }
    fs.writeFileSync(path.join(web, 'embed.json'), `${JSON.stringify({parents: [portal.origin]})}\n`);

    context = await chromium.launchPersistentContext(path.join(tmpDir, 'chromium-profile'), {
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
      viewport: {width: 1280, height: 900},
    });
    context.setDefaultTimeout(TIMEOUT_MS);
    // Before any page script (and not subject to the page's policy).
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
      });
      window.__events = [];
      for (const type of ['ready', 'select', 'export']) {
        document.addEventListener(type, (e) => {
          const {detail} = e;
          window.__events.push({type, target: e.target && e.target.id, composed: e.composed,
            detail: type === 'export' ? {format: detail.format, names: detail.files.map((f) => f.name)} : detail});
          if (type === 'export') {
            e.preventDefault();
            window.__exported = detail.files;
          }
        });
      }
    });
  });

  after(async () => {
    if (context) await context.close().catch((err) => console.error('closing the browser failed:', err));
    await stopServer(widget);
    if (portal) await portal.close();
    if (attacker) await attacker.close();
    if (tmpDir) fs.rmSync(tmpDir, {recursive: true, force: true});
  });

  async function openPage(file) {
    const page = await context.newPage();
    const where = (msg) => msg.location()?.url || page.url();
    page.on('pageerror', (err) => problems.push(`${file}: page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`${file}: console: ${msg.text()} (${where(msg)})`);
    });
    page.on('worker', (worker) => worker.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`${file}: worker console: ${msg.text()}`);
    }));
    await page.goto(`${portal.url}${file}`);
    return page;
  }

  async function openHost() {
    const page = await openPage('host.html');
    await page.waitForFunction(() => customElements.get('exposure-lens') !== undefined);
    return page;
  }

  // The demo files, fetched from the widget's origin (connect-src) by the page.
  async function loadDemoFiles(page) {
    return page.evaluate(async ({origin, files, policy}) => {
      const fetched = await Promise.all([...files, policy].map(async (name) => {
        const response = await fetch(`${origin}/demo/${name}`);
        return new File([await response.blob()], name);
      }));
      const lens = document.getElementById('lens');
      const t0 = performance.now();
      const done = await lens.load(fetched);
      return {ms: performance.now() - t0, done};
    }, {origin: widget.origin, files: demo.files, policy: demo.policy});
  }

  // Loads the CLI's report of the demo (fetched from the widget's origin).
  function loadDemoReport(page) {
    return page.evaluate(async (origin) => {
      await document.getElementById('lens').load(await (await fetch(`${origin}/demo-report.json`)).text());
    }, widget.origin);
  }

  async function setView(page, view) {
    await page.evaluate((v) => { document.getElementById('lens').view = v; }, view);
  }

  const shadowCount = (page, selector) => page.evaluate((sel) => document.getElementById('lens').shadowRoot
    .querySelectorAll(sel).length, selector);
  const cardValue = (page, key) => page.evaluate((k) => document.getElementById('lens').shadowRoot
    .querySelector(`.card[data-key="${k}"] .value`).dataset.value, key);

  test('the widget module is at most 60 KB gzipped', () => {
    const files = moduleGraph(path.join(webDir, 'widget.js'));
    const names = files.map((f) => path.relative(webDir, f)).sort();
    assert.deepEqual(names, ['protocol.js', 'rows.js', 'widget.js'], 'the widget imports no more than this');
    const raw = Buffer.concat(files.map((f) => fs.readFileSync(f)));
    const gz = zlib.gzipSync(raw, {level: 9}).length;
    console.log(`widget JavaScript (${names.join(', ')}): ${raw.length} bytes, ${gz} bytes gzipped (budget ${WIDGET_GZIP_BUDGET})`);
    assert.ok(gz <= WIDGET_GZIP_BUDGET, `${gz} bytes gzipped`);
  });

  test('the widget origin sends CORS and frame-ancestors headers only as configured', async () => {
    const get = (file, origin) => fetch(`${widget.url}${file}`, {headers: origin ? {Origin: origin} : {}});
    for (const file of ['widget.js', 'worker.js', 'core.mjs', 'exposure_core.wasm']) {
      const ok = await get(file, portal.origin);
      assert.equal(ok.headers.get('access-control-allow-origin'), portal.origin, file);
      assert.equal(ok.headers.get('vary'), 'Origin', file);
      const other = await get(file, 'https://evil.example');
      assert.equal(other.headers.get('access-control-allow-origin'), null, `${file} from another origin`);
    }
    assert.equal((await get('exposure_core.wasm')).headers.get('content-type'), 'application/wasm');
    const csp = (await get('embed.html')).headers.get('content-security-policy');
    assert.match(csp, new RegExp(`frame-ancestors 'self' ${portal.origin}$`));
  });

  test('a pre-rendered report shows at once, and every view renders it', async () => {
    const page = await openHost();
    try {
      const {ms, done} = await page.evaluate(async (origin) => {
        const text = await (await fetch(`${origin}/demo-report.json`)).text();
        const t0 = performance.now();
        const result = await document.getElementById('lens').load(text);
        return {ms: performance.now() - t0, done: result};
      }, widget.origin);
      console.log(`load(report) of the demo report: summary on screen in ${ms.toFixed(1)} ms`);
      assert.ok(ms < FIRST_SUMMARY_MS, `${ms} ms`);
      assert.equal(done.source, 'report');
      assert.equal(Number(await cardValue(page, 'findings')), expected.summary.findings);
      assert.equal(Number(await cardValue(page, 'open_risk')), expected.summary.open_risk);
      const sev = await page.evaluate(() => Object.fromEntries([...document.getElementById('lens').shadowRoot
        .querySelectorAll('.bars .num')].map((n) => [n.dataset.severity, Number(n.dataset.value)])));
      assert.deepEqual(sev, expected.summary.by_severity);

      await setView(page, 'actions');
      assert.equal(await shadowCount(page, 'table[data-table="actions"] tbody tr'), Math.min(500, expected.actions.length));
      await setView(page, 'findings');
      assert.equal(await shadowCount(page, 'table[data-table="findings"] tbody tr'), Math.min(500, expected.findings.length));
      // The filter narrows the rows to the matches.
      const cve = expected.findings.find((f) => f.cves && f.cves.length).cves[0];
      await page.locator('exposure-lens input[type="search"]').fill(cve);
      const matches = expected.findings.filter((f) => (f.cves || []).includes(cve)).length;
      assert.ok(await shadowCount(page, 'table[data-table="findings"] tbody tr') >= matches);
      assert.ok(await shadowCount(page, 'table[data-table="findings"] tbody tr') < expected.findings.length);
      await setView(page, 'assets');
      assert.equal(await shadowCount(page, 'table[data-table="assets"] tbody tr'), expected.assets.length);
      await setView(page, 'coverage');
      assert.equal(await shadowCount(page, 'table[data-table="coverage"] tbody tr'), 5);
      assert.equal(Number(await cardValue(page, 'inventory_only')), expected.summary.coverage.inventory_only);
      await setView(page, 'paths');
      assert.ok(expected.graph && expected.graph.jewels.length > 0, 'the demo policy has crown jewels');
      assert.equal(await shadowCount(page, '.jewels button'), expected.graph.jewels.length);
      const reachable = expected.graph.jewels.find((j) => j.reachable);
      assert.equal(await shadowCount(page, '.path'), expected.paths.filter((p) => p.jewel === reachable.node).length);
      await setView(page, 'trend');
      assert.match(await page.locator('exposure-lens .empty').textContent(), /No trend data/);
      // Tabs switch views too, and reflect into the attribute.
      await page.locator('exposure-lens nav button[data-view="assets"]').click();
      assert.equal(await page.getAttribute('#lens', 'view'), 'assets');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getAttribute('#lens', 'view'), 'coverage');
      // The logo is the page's own element, slotted.
      assert.equal(await page.evaluate(() => document.getElementById('logo').assignedSlot?.name), 'logo');
    } finally {
      await page.close();
    }
  });

  test('a table sorts by a column header, from the keyboard: aria-sort, ties in the loaded order', async () => {
    const page = await openHost();
    try {
      await loadDemoReport(page);
      await setView(page, 'findings');
      const shownRows = () => page.evaluate(() => [...document.getElementById('lens').shadowRoot
        .querySelectorAll('table[data-table="findings"] tbody tr')].map((tr) => ({
        id: tr.dataset.id,
        asset: tr.querySelector('td[data-key="asset"]').textContent,
        risk: Number(tr.querySelector('td[data-key="risk"]').textContent.replace(/,/g, '')),
      })));
      const sortState = () => page.evaluate(() => Object.fromEntries([...document.getElementById('lens').shadowRoot
        .querySelectorAll('table[data-table="findings"] thead th')].map((th) => [th.dataset.key, th.getAttribute('aria-sort')])));
      const focused = () => page.evaluate(() => {
        const active = document.getElementById('lens').shadowRoot.activeElement;
        return active ? `${active.tagName} ${active.closest('th')?.dataset.key ?? ''}` : '';
      });
      // Presses `key` (Tab or Shift+Tab) until the button of header `column` has the focus.
      const tabTo = async (column, key) => {
        for (let i = 0; i < 20 && await focused() !== `BUTTON ${column}`; i++) await page.keyboard.press(key);
        assert.equal(await focused(), `BUTTON ${column}`, `${key} reaches the ${column} header`);
      };
      // What the widget must show: the loaded rows, stably sorted by `key`
      // (empty values last), ties in the loaded order whichever the direction.
      const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
      const sortedIds = (rows, key, dir) => rows.map((r, i) => ({...r, i})).sort((a, b) => {
        const ea = a[key] === '';
        const eb = b[key] === '';
        if (ea || eb) return ea - eb || a.i - b.i;
        const c = typeof a[key] === 'number' ? a[key] - b[key] : collator.compare(a[key], b[key]);
        return (dir === 'desc' ? -c : c) || a.i - b.i;
      }).map((r) => r.id);

      const loaded = await shownRows();
      assert.equal(loaded.length, expected.findings.length);
      assert.equal(new Set(loaded.map((r) => r.id)).size, loaded.length, 'each row has its own id');
      // Ties on both columns, so that the order among equals is checked.
      assert.ok(new Set(loaded.map((r) => r.asset)).size < loaded.length);
      assert.ok(new Set(loaded.map((r) => r.risk)).size < loaded.length);
      assert.ok(Object.values(await sortState()).every((v) => v === 'none'), 'no column sorted before one is picked');

      // The header buttons are in the tab order after the filters.
      await page.locator('exposure-lens input[type="search"]').focus();
      await tabTo('asset', 'Tab');
      await page.keyboard.press('Enter');
      assert.equal((await sortState()).asset, 'ascending');
      assert.equal(Object.values(await sortState()).filter((v) => v !== 'none').length, 1);
      const byAsset = sortedIds(loaded, 'asset', 'asc');
      assert.notDeepEqual(byAsset, loaded.map((r) => r.id), 'sorting by asset changes the order');
      assert.deepEqual((await shownRows()).map((r) => r.id), byAsset);
      assert.equal(await focused(), 'BUTTON asset', 'the header keeps the focus');
      await page.keyboard.press('Enter');
      assert.equal((await sortState()).asset, 'descending');
      assert.deepEqual((await shownRows()).map((r) => r.id), sortedIds(loaded, 'asset', 'desc'));

      // A number column starts highest first; Space works as Enter. Ties
      // keep the loaded order, not the order the asset sort left.
      await tabTo('risk', 'Shift+Tab');
      await page.keyboard.press('Space');
      assert.deepEqual(await sortState(), {...Object.fromEntries(Object.keys(await sortState()).map((k) => [k, 'none'])),
        risk: 'descending'});
      assert.deepEqual((await shownRows()).map((r) => r.id), sortedIds(loaded, 'risk', 'desc'));
      await page.keyboard.press('Enter');
      assert.equal((await sortState()).risk, 'ascending');
      assert.deepEqual((await shownRows()).map((r) => r.id), sortedIds(loaded, 'risk', 'asc'));

      // A picked row stays picked through a re-sort, and alone.
      const selectedIds = () => page.evaluate(() => [...document.getElementById('lens').shadowRoot
        .querySelectorAll('table[data-table="findings"] tbody tr[aria-selected="true"]')].map((tr) => tr.dataset.id));
      const pickedId = sortedIds(loaded, 'risk', 'asc')[2];
      await page.locator(`exposure-lens table[data-table="findings"] tbody tr[data-id="${pickedId}"]`).click();
      assert.deepEqual(await selectedIds(), [pickedId]);
      await page.locator('exposure-lens table[data-table="findings"] th[data-key="risk"] button').click();
      assert.equal((await sortState()).risk, 'descending');
      assert.deepEqual(await selectedIds(), [pickedId], 'the picked row is still marked after the re-sort');
      await page.locator('exposure-lens table[data-table="findings"] th[data-key="risk"] button').click();
      assert.equal((await sortState()).risk, 'ascending');

      // The order outlives a filter and a change of view, until the next load.
      const asset = loaded.find((r) => loaded.filter((o) => o.asset === r.asset).length > 2).asset;
      await page.locator('exposure-lens input[type="search"]').fill(asset);
      const matching = loaded.filter((r) => r.asset === asset);
      assert.equal((await sortState()).risk, 'ascending');
      const filtered = await shownRows();
      assert.ok(filtered.length >= matching.length && filtered.length < loaded.length, `${filtered.length} rows`);
      assert.deepEqual(filtered.map((r) => r.id), sortedIds(loaded, 'risk', 'asc').filter((id) => filtered.some((r) => r.id === id)));
      await setView(page, 'summary');
      await setView(page, 'findings');
      assert.equal((await sortState()).risk, 'ascending');
      await loadDemoReport(page);
      assert.ok(Object.values(await sortState()).every((v) => v === 'none'), 'a load starts unsorted');
      assert.deepEqual((await shownRows()).map((r) => r.id), loaded.map((r) => r.id));

      // Every table of the widget sorts the same way: the assets by risk.
      await setView(page, 'assets');
      await page.locator('exposure-lens table[data-table="assets"] th[data-key="findings"] button').click();
      assert.equal(await page.getAttribute('exposure-lens table[data-table="assets"] th[data-key="findings"]', 'aria-sort'),
        'descending');
      const findings = await page.$$eval('exposure-lens table[data-table="assets"] tbody td[data-key="findings"]',
        (tds) => tds.map((td) => Number(td.textContent.replace(/,/g, ''))));
      assert.equal(findings.length, expected.assets.length);
      assert.deepEqual(findings, [...findings].sort((a, b) => b - a));
    } finally {
      await page.close();
    }
  });

  test('files are analyzed in the worker from the widget origin, like the CLI', async () => {
    const page = await openHost();
    try {
      const cold = await loadDemoFiles(page);
      const warm = await loadDemoFiles(page);
      console.log(`load(files) of the demo files (${demo.files.length} + policy): summary on screen in `
        + `${cold.ms.toFixed(0)} ms with the engine starting, ${warm.ms.toFixed(0)} ms once started`);
      assert.ok(warm.ms < FIRST_SUMMARY_MS, `${warm.ms} ms`);
      assert.equal(warm.done.source, 'files');
      assert.deepEqual(warm.done.summary.by_severity, expected.summary.by_severity);
      assert.equal(warm.done.summary.open_risk, expected.summary.open_risk);
      assert.equal(Number(await cardValue(page, 'findings')), expected.summary.findings);
      // The policy (picked from the files by content) gave the crown jewels.
      await setView(page, 'paths');
      assert.equal(await shadowCount(page, '.jewels button'), expected.graph.jewels.length);
      await setView(page, 'actions');
      assert.equal(await shadowCount(page, 'table[data-table="actions"] tbody tr'), Math.min(500, expected.actions.length));
      assert.equal(await page.evaluate(() => document.getElementById('lens').shadowRoot
        .querySelector('table[data-table="actions"] tbody td[data-key="title"]').textContent), expected.actions[0].title);
      // Exports come from the worker: the report, the same bytes as the CLI's.
      await page.selectOption('exposure-lens select[part="export-format"]', 'csv');
      await page.click('exposure-lens button[part="export-button"]');
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'export'));
      const csv = await page.evaluate(() => window.__exported[0].blob.text());
      const cliCsv = await cli(['export', '--to', 'csv', '--policy', demo.policy, ...demo.files], path.join(webDir, 'demo'));
      assert.equal(csv, cliCsv);
    } finally {
      await page.close();
    }
  });

  test('events cross the shadow boundary; clear() empties', async () => {
    const page = await openHost();
    try {
      await loadDemoReport(page);
      await setView(page, 'findings');
      await page.locator('exposure-lens table[data-table="findings"] tbody tr').nth(1).click();
      await page.locator('exposure-lens table[data-table="findings"] tbody tr').nth(2).press('Enter');
      await page.selectOption('exposure-lens select[part="export-format"]', 'json');
      await page.click('exposure-lens button[part="export-button"]');
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'export'));
      const events = await page.evaluate(() => window.__events);
      // Heard on document, retargeted to the element, composed.
      assert.deepEqual(events.map((e) => [e.type, e.target, e.composed]),
        [['ready', 'lens', true], ['select', 'lens', true], ['select', 'lens', true], ['export', 'lens', true]]);
      assert.equal(events[1].detail.kind, 'finding');
      assert.equal(events[1].detail.id, expected.findings[1].id);
      assert.equal(events[2].detail.id, expected.findings[2].id);
      assert.equal(events[2].detail.item.title, expected.findings[2].title);
      assert.deepEqual(events[3].detail, {format: 'json', names: ['exposure-lens-report.json']});
      const exported = JSON.parse(await page.evaluate(() => window.__exported[0].blob.text()));
      assert.equal(exported.summary.findings, expected.summary.findings);

      await page.evaluate(() => document.getElementById('lens').clear());
      assert.equal(await page.evaluate(() => document.getElementById('lens').summary), null);
      assert.equal(await shadowCount(page, 'tbody tr'), 0);
      assert.match(await page.locator('exposure-lens .content').textContent(), /Nothing loaded yet/);
      await setView(page, 'summary');
      assert.equal(await shadowCount(page, '.card'), 0);
      assert.equal(await page.locator('exposure-lens button[part="export-button"]').isDisabled(), true);
    } finally {
      await page.close();
    }
  });

  test('finding texts with markup are shown as text, from a report and from files', async () => {
    const page = await openHost();
    try {
      const report = structuredClone(expected);
      report.findings[0].title = `${XSS} title`;
      report.assets[0].name = `${XSS} asset`;
      report.actions[0].title = `${XSS} action`;
      await page.evaluate((r) => document.getElementById('lens').load(r), report);
      const trivy = JSON.stringify({SchemaVersion: 2, ArtifactName: 'probe:latest', ArtifactType: 'container_image',
        Results: [{Target: 'probe:latest (alpine 3.19.0)', Class: 'os-pkgs', Type: 'alpine', Vulnerabilities: [{
          VulnerabilityID: 'CVE-2099-0001', PkgName: '<b>libprobe</b>', InstalledVersion: '1.0', FixedVersion: '1.1',
          Title: XSS, Severity: 'HIGH'}]}]});
      const seen = [];
      for (const view of VIEWS) {
        await setView(page, view);
        seen.push(await page.locator('exposure-lens .content').textContent());
      }
      await page.evaluate((text) => document.getElementById('lens').load([new File([text], 'probe.json')]), trivy);
      for (const view of ['summary', 'findings', 'actions']) {
        await setView(page, view);
        seen.push(await page.locator('exposure-lens .content').textContent());
      }
      const all = seen.join('\n');
      assert.ok(all.includes(`${XSS} title`) && all.includes(`${XSS} asset`) && all.includes(`${XSS} action`));
      assert.ok(all.includes(XSS) && all.includes('<b>libprobe</b>'), 'the file\'s texts as text');
      assert.equal(await shadowCount(page, 'img, script, b'), 0);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
    } finally {
      await page.close();
    }
  });

  test('snapshots: the trend and the newest snapshot\'s findings, like the CLI', async () => {
    const page = await openHost();
    try {
      const trend = JSON.parse(await cli(['trend', '--format', 'json', 'one.snap', 'two.snap'], path.join(tmpDir, 'web')));
      const load = (names) => page.evaluate(async ({origin, names: list}) => {
        const files = await Promise.all(list.map(async (n) => new File([await (await fetch(`${origin}/${n}`)).blob()], n)));
        return document.getElementById('lens').load(list.length === 1 ? files[0] : files);
      }, {origin: widget.origin, names});
      const done = await load(['one.snap', 'two.snap']);
      assert.equal(done.source, 'snapshot');
      const last = trend.snapshots.at(-1);
      assert.equal(Number(await cardValue(page, 'snapshots')), 2);
      assert.equal(Number(await cardValue(page, 'open_risk')), last.open_risk);
      assert.equal(Number(await cardValue(page, 'new')), last.new);
      await setView(page, 'trend');
      assert.equal(await shadowCount(page, 'table[data-table="trend"] tbody tr'), 2);
      assert.equal(await shadowCount(page, 'svg[data-chart="trend"] polyline'), 1);
      await setView(page, 'findings');
      const diff = JSON.parse(await cli(['diff', '--format', 'json', 'one.snap', 'two.snap'], path.join(tmpDir, 'web')));
      const newest = diff.new.length + diff.persisting.length + diff.reopened.length;
      assert.equal(await shadowCount(page, 'table[data-table="findings"] tbody tr'), Math.min(500, newest));
      assert.equal(await shadowCount(page, 'td[data-key="class"]'), Math.min(500, newest));
      await setView(page, 'assets');
      assert.match(await page.locator('exposure-lens .empty').textContent(), /snapshot/);

      // One snapshot: its open findings, and a trend of one point.
      await load(['one.snap']);
      await setView(page, 'summary');
      const single = JSON.parse(await cli(['trend', '--format', 'json', 'one.snap'], path.join(tmpDir, 'web')));
      assert.equal(Number(await cardValue(page, 'open')), single.snapshots[0].open.total);
      await setView(page, 'trend');
      assert.equal(await shadowCount(page, 'table[data-table="trend"] tbody tr'), 1);
    } finally {
      await page.close();
    }
  });

  test('iframe mode: only the configured parent, by origin and window, at a known version', async () => {
    const page = await openPage('frame-host.html');
    try {
      await page.waitForFunction(() => window.__embed.some((m) => m.type === 'hello'), null, {timeout: TIMEOUT_MS});
      const hello = (await page.evaluate(() => window.__embed))[0];
      assert.deepEqual(hello, {protocol: 'exposure-lens-embed', version: 1, type: 'hello', versions: [1], views: VIEWS});
      const lensFrame = page.frames().find((f) => f.url().startsWith(`${widget.origin}/embed.html`));
      const attackerFrame = page.frames().find((f) => f.url().startsWith(`${attacker.origin}/`));
      const sibling = page.frames().find((f) => f.url() === `${portal.url}sibling.html`);
      assert.ok(lensFrame && attackerFrame && sibling, 'the three frames loaded');
      const report = await (await fetch(`${widget.url}demo-report.json`)).text();
      const msg = {protocol: 'exposure-lens-embed', version: 1, type: 'load', id: 7, input: report};

      // Another origin, and the right origin from a window that is not the
      // parent: ignored, without an answer.
      for (const from of [attackerFrame, sibling]) {
        await from.evaluate((m) => window.parent.frames[0].postMessage(m, '*'), msg);
      }
      // The parent, with the wrong version, then another protocol.
      const post = (m) => page.evaluate((x) => document.getElementById('lens-frame').contentWindow
        .postMessage(x, new URL(document.getElementById('lens-frame').src).origin), m);
      await post({...msg, id: 8, version: 2});
      await post({...msg, id: 9, protocol: 'something-else'});
      await page.waitForFunction(() => window.__embed.some((m) => m.type === 'error'));
      await page.waitForTimeout(500);
      assert.equal(await lensFrame.evaluate(() => document.getElementById('lens').summary), null);
      let got = await page.evaluate(() => window.__embed.slice(1));
      assert.deepEqual(got, [{protocol: 'exposure-lens-embed', version: 1, type: 'error', id: 8,
        code: 'unsupported-version', message: 'version 2 is not supported', versions: [1]}]);

      // The parent, right: loaded and ready come back; view and select work.
      await post(msg);
      await page.waitForFunction(() => window.__embed.some((m) => m.type === 'loaded'));
      got = await page.evaluate(() => window.__embed.slice(2));
      assert.deepEqual(got.map((m) => m.type).sort(), ['loaded', 'ready']);
      const loaded = got.find((m) => m.type === 'loaded');
      assert.equal(loaded.id, 7);
      assert.equal(loaded.summary.findings, expected.summary.findings);
      await post({protocol: 'exposure-lens-embed', version: 1, type: 'view', view: 'findings'});
      await lensFrame.waitForFunction(() => document.getElementById('lens').view === 'findings');
      await lensFrame.locator('exposure-lens table[data-table="findings"] tbody tr').first().click();
      await page.waitForFunction(() => window.__embed.some((m) => m.type === 'select'));
      const select = await page.evaluate(() => window.__embed.find((m) => m.type === 'select'));
      assert.equal(select.id, expected.findings[0].id);
      // An export asked for comes back as files; an unknown type as an error.
      await post({protocol: 'exposure-lens-embed', version: 1, type: 'export', id: 11, format: 'json'});
      await post({protocol: 'exposure-lens-embed', version: 1, type: 'destroy', id: 12});
      await page.waitForFunction(() => window.__embed.some((m) => m.type === 'export')
        && window.__embed.some((m) => m.id === 12));
      const exported = await page.evaluate(async () => {
        const m = window.__embed.find((x) => x.type === 'export');
        return {id: m.id, format: m.format, names: m.files.map((f) => f.name), text: await m.files[0].blob.text()};
      });
      assert.deepEqual([exported.id, exported.format, exported.names], [11, 'json', ['exposure-lens-report.json']]);
      assert.equal(JSON.parse(exported.text).summary.findings, expected.summary.findings);
      assert.equal((await page.evaluate(() => window.__embed.find((m) => m.id === 12))).code, 'unknown-type');
      await post({protocol: 'exposure-lens-embed', version: 1, type: 'clear'});
      await lensFrame.waitForFunction(() => document.getElementById('lens').summary === null);
    } finally {
      await page.close();
    }
  });

  test('iframe mode: a parent not in embed.json gets nothing', async () => {
    const page = await openPage('refused-host.html');
    try {
      const frame = () => page.frames().find((f) => f.url().startsWith(`${widget.origin}/embed.html`));
      await frame().waitForFunction(() => document.documentElement.dataset.embed === 'refused');
      assert.match(await frame().textContent('#embed-status'), /not an allowed parent/);
    } finally {
      await page.close();
    }
  });

  test('no CSP violation, console error or page error anywhere', () => {
    assert.deepEqual(problems, []);
  });
});
