// Headless Chromium for the dashboard's browser tests, with what every
// such test watches: CSP violations, page errors, console errors (the one
// expected 404, the optional site.json, aside) and requests. Helpers only;
// no tests here.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = path.resolve(process.env.EXPOSURE_WEB_DIR || path.join(repoRoot, 'build/web'));
export const cliPath = path.resolve(process.env.EXPOSURE_CLI || path.join(repoRoot, 'build/bin/exposure'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// A persistent context (IndexedDB and OPFS work as in a real profile) in
// `profileDir`; `problems` collects every CSP violation, page error and
// console error of its pages and workers as text, `requests` every URL.
export async function launchDashboardBrowser(profileDir, {problems, requests, timeout = 60_000}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: {width: 1280, height: 900},
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
