// Driving the dashboard page (build/web) in a browser test: helpers only,
// no tests. launchDashboardBrowser watches what every such test watches
// (CSP violations, page errors, console errors, requests); dashboardSuite
// sets up and tears down a describe()'s server, profile and browser. The
// page marks its state in data attributes (index.html): #app data-reports /
// data-busy, #intel-panel data-state / data-source / data-updates; these
// wait on them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before} from 'node:test';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

import {startServer, stopServer} from './static_server.mjs';

// Generous: the tests run on 2-core machines next to other jobs.
export const RUN_TIMEOUT_MS = 180_000;

// Chromium's options for headless runs without network side traffic.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function reportCount(page) {
  return Number(await page.getAttribute('#app', 'data-reports'));
}

// Waits for the analysis run started after `previousReports` reports to end.
export async function waitForRun(page, previousReports) {
  await page.waitForFunction((prev) => {
    const app = document.getElementById('app');
    return Number(app.dataset.reports) > prev && app.dataset.busy === 'false';
  }, previousReports, {timeout: RUN_TIMEOUT_MS, polling: 100});
}

// Picks `files` with the main picker and waits for their analysis.
export async function chooseFiles(page, files) {
  const previous = await reportCount(page);
  await page.setInputFiles('#file-input', files);
  await waitForRun(page, previous);
}

// Drops `files` (paths, or {name, bytes}) on the element `targetId` as one
// drop. A real drag from the OS cannot be scripted; a DragEvent carrying a
// DataTransfer with File objects exercises the same handlers. Returns the
// names dropped.
export async function dropFiles(page, files, targetId = 'drop-zone') {
  const payload = files.map((f) => (typeof f === 'string'
    ? {name: path.basename(f), b64: fs.readFileSync(f).toString('base64')}
    : {name: f.name, b64: Buffer.from(f.bytes).toString('base64')}));
  await page.evaluate(([items, id]) => {
    const dt = new DataTransfer();
    for (const {name, b64} of items) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], name));
    }
    const target = document.getElementById(id);
    target.dispatchEvent(new DragEvent('dragenter', {bubbles: true, dataTransfer: dt}));
    target.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
    target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));
  }, [payload, targetId]);
  return payload.map((p) => p.name);
}

// The names of the analysis spill files in the origin private file system
// of the page's origin (the worker names them exposure-spill-*).
export function spillFiles(page) {
  return page.evaluate(async () => {
    const names = [];
    for await (const name of (await navigator.storage.getDirectory()).keys()) names.push(name);
    return names.filter((n) => n.startsWith('exposure-spill-'));
  });
}

// The spill files of the page's origin with their sizes: {name: bytes}.
export function spillFileSizes(page) {
  return page.evaluate(async () => {
    const sizes = {};
    for await (const [name, handle] of (await navigator.storage.getDirectory()).entries()) {
      if (name.startsWith('exposure-spill-')) sizes[name] = (await handle.getFile()).size;
    }
    return sizes;
  });
}

// Waits until the page's origin has no spill file (with `empty`: none that
// holds any byte), polling from here: page.waitForFunction would take an
// async predicate's promise for true.
export async function waitForNoSpillFiles(page, timeoutMs = 15_000, {empty = false} = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sizes = await spillFileSizes(page);
    const left = Object.entries(sizes).filter(([, size]) => !empty || size > 0);
    if (!left.length) return;
    if (Date.now() > deadline) {
      throw new Error(`spill files still there after ${timeoutMs} ms: ${left.map(([n, size]) => `${n} (${size} bytes)`).join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function intelUpdates(page) {
  return Number(await page.getAttribute('#intel-panel', 'data-updates'));
}

// Waits for an 'intel' message after the `previous`-th that leaves the
// panel ready with a bundle from `source` ('built-in' or 'files').
export function waitForIntel(page, previous, source) {
  return page.waitForFunction(([prev, src]) => {
    const panel = document.getElementById('intel-panel');
    return Number(panel.dataset.updates) > prev && panel.dataset.state === 'ready' && panel.dataset.source === src;
  }, [previous, source], {timeout: RUN_TIMEOUT_MS, polling: 100});
}

// What the threat-intel panel shows of the bundle in use.
export function readIntel(page) {
  return page.evaluate(() => {
    const d = (id) => document.getElementById(id);
    return {
      source: d('intel-panel').dataset.source,
      state: d('intel-panel').dataset.state,
      active: d('intel-active').textContent,
      kevVersion: d('intel-kev').dataset.version,
      kevCves: Number(d('intel-kev').dataset.cves),
      kevText: d('intel-kev').textContent,
      epssDate: d('intel-epss').dataset.date,
      epssCves: Number(d('intel-epss').dataset.cves),
      epssCoverage: d('intel-epss').dataset.coverage,
      epssText: d('intel-epss').textContent,
      resetDisabled: d('intel-reset').disabled,
      error: d('intel-error').hidden ? '' : d('intel-error').textContent,
      notes: Array.from(d('intel-notes').children, (li) => li.textContent),
    };
  });
}

// The threat-intel panel's preview: null when hidden, else its changes
// ({kind, cves, date, beforeCves, beforeDate, text}), warnings and whether
// the confirmation is shown.
export function readIntelPreview(page) {
  return page.evaluate(() => {
    const preview = document.getElementById('intel-preview');
    if (preview.hidden) return null;
    return {
      changes: Array.from(document.querySelectorAll('#intel-changes > li'), (li) => ({
        kind: li.dataset.kind,
        cves: li.dataset.cves === '' ? null : Number(li.dataset.cves),
        date: li.dataset.date,
        beforeCves: li.dataset.beforeCves === '' ? null : Number(li.dataset.beforeCves),
        beforeDate: li.dataset.beforeDate,
        text: li.textContent,
      })),
      warnings: Array.from(document.querySelectorAll('#intel-warnings > li'), (li) => li.textContent),
      confirmShown: !document.getElementById('intel-confirm-row').hidden,
    };
  });
}

export async function intelPreviews(page) {
  return Number(await page.getAttribute('#intel-panel', 'data-previews'));
}

// Runs `action` (which gives the panel files) and waits for the preview it
// leads to; a preview that failed (a file that does not parse) throws.
export async function previewAfter(page, action) {
  const before = await intelPreviews(page);
  await action();
  await page.waitForFunction((prev) => Number(document.getElementById('intel-panel').dataset.previews) > prev,
    before, {timeout: RUN_TIMEOUT_MS, polling: 100});
  const intel = await readIntel(page);
  if (intel.state === 'error') throw new Error(`the intel panel shows an error: ${intel.error}`);
  return readIntelPreview(page);
}

// Every findings-table row with a CVE column: {cve (the first listed), kev
// (the KEV badge is shown), epss (null without a score)}.
export function readCveRows(page) {
  return page.$$eval('#findings-table tbody tr', (trs) => trs.map((tr) => ({
    cve: tr.querySelector('.col-cves .cve')?.textContent ?? '',
    kev: tr.querySelector('.kev-badge') !== null,
    epss: tr.querySelector('.epss') ? Number(tr.querySelector('.epss').dataset.value) : null,
  })));
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = path.resolve(process.env.EXPOSURE_WEB_DIR || path.join(repoRoot, 'build/web'));
export const cliPath = path.resolve(process.env.EXPOSURE_CLI || path.join(repoRoot, 'build/bin/exposure'));
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// A persistent context (IndexedDB and OPFS work as in a real profile) in
// `profileDir`; `problems` collects every CSP violation, page error and
// console error of its pages and workers as text, `requests` every URL.
// `options` are further options of the context (acceptDownloads, colorScheme).
export async function launchDashboardBrowser(profileDir, {problems, requests, timeout = 60_000, ...options}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
    viewport: {width: 1280, height: 900},
    ...options,
  });
  context.setDefaultTimeout(timeout);
  context.on('request', (request) => requests.push(request.url()));
  // Logged as an error, so that the console listener below records it.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  context.on('page', (page) => {
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      const url = msg.location()?.url || '';
      const expected = /^Failed to load resource: .*404/.test(msg.text()) && url.endsWith('/site.json');
      if (msg.type() === 'error' && !expected) problems.push(`console: ${msg.text()}`);
    });
    page.on('worker', (worker) => worker.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`worker console: ${msg.text()}`);
    }));
  });
  return context;
}

// The plumbing of a describe() of dashboard tests, as its before and after
// hooks (registered where this is called, so ahead of the caller's own):
// the files of `required` must exist; a temporary directory
// (exposure-NAME-test-*) holds a Chromium profile and goes at the end;
// scripts/serve.mjs serves the directory that `web` returns (given the
// temporary directory; build/web without it); a context of
// launchDashboardBrowser with `browser`'s options opens on that profile.
// Returns {tmpDir, server, context} as the before hook sets them, the
// `problems` and `requests` of every context of the suite, and
// launch(profile), another context (another browser profile) that the
// suite closes too.
export function dashboardSuite(name, {required = [], web = () => webDir, browser = {}} = {}) {
  const contexts = [];
  const suite = {tmpDir: undefined, server: undefined, context: undefined, problems: [], requests: []};
  suite.launch = async (profile) => {
    const context = await launchDashboardBrowser(path.join(suite.tmpDir, profile),
      {problems: suite.problems, requests: suite.requests, ...browser});
    contexts.push(context);
    return context;
  };
  before(async () => {
    for (const file of required) {
      if (!fs.existsSync(file)) throw new Error(`${file} is missing: build first (scripts/build)`);
    }
    suite.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), `exposure-${name}-test-`));
    suite.server = await startServer(await web(suite.tmpDir));
    suite.context = await suite.launch('chromium-profile');
  });
  // Each step on its own, so that one failing leaks none of the others.
  after(async () => {
    for (const context of contexts) {
      await context.close().catch((err) => console.error('closing the browser failed:', err));
    }
    await stopServer(suite.server);
    if (suite.tmpDir) fs.rmSync(suite.tmpDir, {recursive: true, force: true});
  });
  return suite;
}

// Opens the dashboard with the demo data (`?demo`: examples/index.json's
// files and policy) and waits for its analysis to end.
export async function openDemo(context, url, timeout = 180_000) {
  const page = await context.newPage();
  await page.goto(`${url}?demo`);
  await page.waitForFunction(() => {
    const app = document.getElementById('app');
    return Number(app.dataset.reports) > 0 && app.dataset.busy === 'false';
  }, null, {timeout, polling: 100});
  return page;
}

// The examples the demo loads (examples/index.json) as paths, and its policy.
export function demoInputs(index) {
  return {
    files: index.files.map((name) => path.join(repoRoot, 'examples', name)),
    policy: path.join(repoRoot, 'examples', index.policy),
  };
}

// Saves the current analysis as a snapshot (Trend view) and waits until
// the Trend view lists `count` snapshots and the trend that followed.
export async function saveSnapshot(page, count, timeout = 60_000) {
  await page.click('#tab-trend');
  await page.click('#save-snapshot');
  await page.waitForFunction((n) => {
    const view = document.getElementById('view-trend');
    return Number(view.dataset.snapshots) === n
      && document.querySelectorAll('#trend-table tbody tr').length === n
      && document.getElementById('snapshot-status').textContent === '';
  }, count, {timeout, polling: 50});
}

// What `map` (run in the page on the drawn <tr>s, returning one value
// each) gives for every row of a virtualised table (virtual_table.js:
// only the rows in view are in the document), in the table's order: the
// page scrolls the table's scroller from top to bottom, a window of drawn
// rows at a time, waiting a frame for each. `map` must use nothing outside itself.
export async function readAllRows(page, table, map) {
  const collect = async (selector, mapRows) => {
    const t = document.querySelector(selector);
    const scroller = t.parentElement;
    // The table draws in its scroll handler, which runs before the next frame.
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const byIndex = new Map();
    scroller.scrollTop = 0;
    for (;;) {
      await frame();
      const trs = Array.from(t.tBodies[0].rows);
      const values = mapRows(trs);
      trs.forEach((tr, k) => byIndex.set(Number(tr.getAttribute('aria-rowindex')), values[k]));
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
      // On to where the last row drawn is (below the viewport: the table
      // draws a few rows beyond it), so that the next rows drawn join these.
      const last = trs[trs.length - 1];
      const head = t.tHead ? t.tHead.offsetHeight : 0;
      const y = last.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      scroller.scrollTop = Math.max(scroller.scrollTop + 1, y - head);
    }
    scroller.scrollTop = 0;
    await frame();
    return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i));
  };
  // Evaluated as one expression: the page's CSP has no 'unsafe-eval', and
  // the map has to run next to the scrolling.
  return page.evaluate(`(${collect.toString()})(${JSON.stringify(table)}, ${map.toString()})`);
}

// The number of rows a virtualised table has (its aria-rowcount less the
// header row).
export async function tableRowCount(page, table) {
  return Number(await page.getAttribute(table, 'aria-rowcount')) - 1;
}

// Runs `action` (a workspace request: open, create, unlock, lock, import,
// delete) and waits for the worker's 'workspace' answer it leads to
// (#workspace-panel data-answers, aria-busy while one is awaited).
export async function afterWorkspaceAnswer(page, action) {
  const before = Number(await page.getAttribute('#workspace-panel', 'data-answers'));
  await action();
  await page.waitForFunction((prev) => {
    const panel = document.getElementById('workspace-panel');
    return Number(panel.dataset.answers) > prev && !panel.hasAttribute('aria-busy');
  }, before, {polling: 50});
}

// Creates workspace `name` with the Trend view's form (encrypted when
// `passphrase` is given) and waits until it is open.
export async function createWorkspace(page, name, passphrase = '') {
  await page.click('#workspace-new');
  await page.fill('#workspace-create-name', name);
  await page.fill('#workspace-create-passphrase', passphrase);
  await page.fill('#workspace-create-again', passphrase);
  await afterWorkspaceAnswer(page, () => page.press('#workspace-create-again', 'Enter'));
}
