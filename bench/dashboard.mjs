#!/usr/bin/env node
// Dashboard benchmark: large exports chosen in the page (build/web) in
// headless Chromium, the way an analyst drops them. Prints when the findings
// table appeared (seconds after the files were chosen), the longest task on
// the page's main thread (what the user feels as a freeze) and the peak RSS
// of all Chromium processes together by then (shared pages counted in each,
// so an upper bound); then clicks "Download JSON report" and prints how long
// the full report took to arrive as a download, its size, and the peak RSS
// over the whole run.
//
//   node bench/dashboard.mjs [--nessus MB] [--trivy MB] [--runs N]
//
// Inputs come from bench/gen.py into build/bench/ (kept between runs):
// one Nessus export and two Trivy reports (default 300 MB and 2 x 20 MB).
// Numbers, not pass/fail: nothing here is a test.
import {spawn, spawnSync, execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {chromium} from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const {values: args} = parseArgs({
  options: {
    nessus: {type: 'string', default: '300'},
    trivy: {type: 'string', default: '20'},
    runs: {type: 'string', default: '1'},
  },
});

function input(kind, mb, suffix = '') {
  const ext = kind === 'nessus' ? 'nessus' : 'json';
  const file = path.join(root, 'build/bench', `${kind}-${mb}MB${suffix}.${ext}`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), {recursive: true});
    const r = spawnSync('python3', [path.join(root, 'bench/gen.py'), kind, String(mb), file], {stdio: 'inherit'});
    if (r.status !== 0) throw new Error(`bench/gen.py ${kind} failed`);
  }
  return file;
}

// Sum of the RSS of every process whose command line names the profile.
function chromiumRssMb(profile) {
  const out = execFileSync('ps', ['-eo', 'rss=,args='], {encoding: 'utf8'});
  let kb = 0;
  for (const line of out.split('\n')) {
    if (line.includes(profile)) kb += Number(line.trim().split(/\s+/)[0]) || 0;
  }
  return kb / 1024;
}

async function startServer() {
  const child = spawn(process.execPath, [path.join(root, 'scripts/serve.mjs'), '--port', '0',
    '--host', '127.0.0.1', path.join(root, 'build/web')], {stdio: ['ignore', 'pipe', 'inherit']});
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving .* at (http:\/\/\S+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {child, url};
}

async function runOnce(url, files) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    await context.addInitScript(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({type: 'longtask', buffered: true});
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('app').dataset.busy === 'false');
    let peak = chromiumRssMb(profile);
    const sampler = setInterval(() => { peak = Math.max(peak, chromiumRssMb(profile)); }, 250);
    const start = Date.now();
    await page.setInputFiles('#file-input', files);
    await page.waitForFunction(() => {
      const a = document.getElementById('app');
      return Number(a.dataset.reports) > 0 && a.dataset.busy === 'false';
    }, null, {timeout: 900_000, polling: 50});
    const table = (Date.now() - start) / 1000;
    await page.waitForTimeout(1000);  // memory once the table is shown
    const tablePeak = Math.max(peak, chromiumRssMb(profile));
    // The full report is rendered when "Download JSON report" is clicked.
    await page.waitForSelector('#download-report:not([hidden])', {timeout: 900_000});
    const clicked = Date.now();
    const [saved] = await Promise.all([
      page.waitForEvent('download', {timeout: 900_000}),
      page.click('#download-report'),
    ]);
    const download = (Date.now() - clicked) / 1000;
    const bytes = fs.statSync(await saved.path()).size;
    await page.waitForTimeout(1000);
    clearInterval(sampler);
    peak = Math.max(peak, chromiumRssMb(profile));
    const longest = await page.evaluate(() => window.__longest);
    const findings = await page.textContent('#total-findings');
    return {table, download, bytes, longest, tablePeak, peak, findings};
  } finally {
    await context.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
}

const files = [input('nessus', args.nessus), input('trivy', args.trivy), input('trivy', args.trivy, '-b')];
const megabytes = files.reduce((n, f) => n + fs.statSync(f).size, 0) / 1e6;
const server = await startServer();
try {
  console.log(`${files.length} files, ${megabytes.toFixed(0)} MB`);
  console.log('run  findings  table s  longest task ms  peak RSS MB (table)  download s  report MB  peak RSS MB (all)');
  for (let i = 1; i <= Number(args.runs); i++) {
    const r = await runOnce(server.url, files);
    console.log(`${String(i).padStart(3)}  ${r.findings.padStart(8)}  ${r.table.toFixed(2).padStart(7)}  ` +
      `${r.longest.toFixed(0).padStart(15)}  ${r.tablePeak.toFixed(0).padStart(19)}  ` +
      `${r.download.toFixed(2).padStart(10)}  ${(r.bytes / 1e6).toFixed(0).padStart(9)}  ${r.peak.toFixed(0).padStart(17)}`);
  }
} finally {
  server.child.kill();
}
