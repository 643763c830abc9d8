#!/usr/bin/env node
// Dashboard benchmark: large exports chosen in the page (build/web) in
// headless Chromium, the way an analyst drops them. Prints when the findings
// table appeared (seconds after the files were chosen), the longest task on
// the page's main thread from then on, to the download (what the user
// feels as a freeze; the page's own start is left out), the page's
// JavaScript heap a second after the table appeared and the peak RSS
// of all Chromium processes together by then (shared pages counted in each,
// so an upper bound); then clicks "Download JSON report" and prints how long
// the full report took to arrive as a download, its size, and the peak RSS
// over the whole run.
//
//   node bench/dashboard.mjs [--nessus MB] [--trivy MB] [--runs N] [--tasks]
//
// --tasks: also records a Chromium trace of the page (CDP Tracing) and
// prints every main-thread task over 50 ms, when it started (seconds after
// the files were chosen), and what ran inside it for 5 ms or more (script
// entry points with their function and line, message events, garbage
// collection, style, layout, paint): the causes of the freezes. Tracing
// slows the page a little; the other numbers are best taken without it.
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
    tasks: {type: 'boolean', default: false},
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

const LONG_TASK_MS = 50;
const CAUSE_MS = 5;

// Starts a trace of the page's renderer; stop() resolves to its main
// thread's tasks over LONG_TASK_MS, each with the events inside it of
// CAUSE_MS or more. Events are filtered as they stream in: a run of
// minutes makes millions.
async function traceLongTasks(context, page) {
  const cdp = await context.newCDPSession(page);
  const threads = new Map(); // "pid:tid" -> thread name
  const inner = [];
  let origin = null;
  cdp.on('Tracing.dataCollected', ({value}) => {
    for (const e of value) {
      const where = `${e.pid}:${e.tid}`;
      if (e.ph === 'M' && e.name === 'thread_name') threads.set(where, e.args.name);
      // The reference time: the mark made when the files are chosen.
      if (e.name === 'bench:files-chosen' && origin === null) origin = e.ts;
      if (e.ph !== 'X' || !(e.dur >= CAUSE_MS * 1000)) continue;
      inner.push({where, name: e.name, ts: e.ts, dur: e.dur, data: e.args && (e.args.data || e.args.beginData)});
    }
  });
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {transferMode: 'ReportEvents',
    traceConfig: {includedCategories: ['toplevel', 'devtools.timeline', 'v8.execute', 'blink.user_timing',
      'disabled-by-default-v8.gc']}});
  return {
    // observed: the long-task observer's entries, ms after the mark.
    // Resolves {tasks, observed}: the trace's main-thread tasks over
    // LONG_TASK_MS and the observer's entries, each with the main-thread
    // events of CAUSE_MS or more that overlap it.
    async stop(observed) {
      await cdp.send('Tracing.end');
      await done;
      const main = inner.filter((e) => threads.get(e.where) === 'CrRendererMain');
      const isTask = (e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask';
      const within = (from, to) => main.filter((e) => !isTask(e) && e.ts < to && e.ts + e.dur > from)
        .sort((a, b) => a.ts - b.ts);
      const tasks = main.filter((e) => isTask(e) && e.dur >= LONG_TASK_MS * 1000).map((t) => ({
        at: origin === null ? null : (t.ts - origin) / 1e6,
        dur: t.dur / 1000,
        inside: within(t.ts, t.ts + t.dur),
      }));
      const entries = origin === null ? [] : observed.map((o) => ({
        at: o.start / 1000,
        dur: o.duration,
        inside: within(origin + o.start * 1000, origin + (o.start + o.duration) * 1000),
      }));
      return {tasks, observed: entries};
    },
  };
}

function describeEvent(e) {
  const d = e.data || {};
  let what = e.name;
  if (d.functionName !== undefined || d.url) {
    what += ` ${d.functionName || '(anonymous)'} ${String(d.url || '').replace(/^.*\//, '')}:${d.lineNumber ?? ''}`;
  }
  if (d.type) what += ` ${d.type}`;
  if (e.name === 'Layout' && d.dirtyObjects !== undefined) what += ` ${d.dirtyObjects} of ${d.totalObjects} objects`;
  if (e.name === 'UpdateLayoutTree' && d.elementCount !== undefined) what += ` ${d.elementCount} elements`;
  if (e.name === 'TimerFire' && d.timerId !== undefined) what += ` timer ${d.timerId}`;
  return `${(e.dur / 1000).toFixed(0).padStart(5)} ms  ${what}`;
}

async function runOnce(url, files) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    if (args.tasks) {
      // The worker's messages the page took over 20 ms to handle (reading
      // event.data, where the message is deserialized, included), by type.
      await context.addInitScript(() => {
        window.__slowMessages = [];
        const add = Worker.prototype.addEventListener;
        Worker.prototype.addEventListener = function (type, fn, ...rest) {
          if (type !== 'message') return add.call(this, type, fn, ...rest);
          return add.call(this, type, (event) => {
            const t = performance.now();
            try {
              return fn(event);
            } finally {
              const ms = performance.now() - t;
              if (ms > 20) window.__slowMessages.push({at: t, ms, type: event.data && event.data.type});
            }
          }, ...rest);
        };
      });
    }
    await context.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({start: e.startTime, duration: e.duration});
      }).observe({type: 'longtask', buffered: true});
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('app').dataset.busy === 'false');
    const trace = args.tasks ? await traceLongTasks(context, page) : null;
    let peak = chromiumRssMb(profile);
    const sampler = setInterval(() => { peak = Math.max(peak, chromiumRssMb(profile)); }, 250);
    const start = Date.now();
    await page.evaluate(() => performance.mark('bench:files-chosen'));
    await page.setInputFiles('#file-input', files);
    await page.waitForFunction(() => {
      const a = document.getElementById('app');
      return Number(a.dataset.reports) > 0 && a.dataset.busy === 'false';
    }, null, {timeout: 900_000, polling: 50});
    const table = (Date.now() - start) / 1000;
    await page.waitForTimeout(1000);  // memory once the table is shown
    // The page's JavaScript heap (Chromium's performance.memory): what its
    // garbage collections walk.
    const heap = await page.evaluate(() => performance.memory.usedJSHeapSize / 1e6);
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
    // Only tasks from the files' choice on count: the page's own start
    // (modules, the worker, the threat-intel panel) is not the analysis.
    const longest = await page.evaluate(() => {
      const mark = performance.getEntriesByName('bench:files-chosen')[0].startTime;
      return Math.max(0, ...window.__longTasks.filter((t) => t.start >= mark).map((t) => t.duration));
    });
    const findings = await page.textContent('#total-findings');
    const observed = await page.evaluate(() => {
      const mark = performance.getEntriesByName('bench:files-chosen')[0].startTime;
      return window.__longTasks.map((t) => ({start: t.start - mark, duration: t.duration}));
    });
    const tasks = trace ? await trace.stop(observed) : null;
    if (tasks) {
      tasks.messages = await page.evaluate(() => {
        const mark = performance.getEntriesByName('bench:files-chosen')[0].startTime;
        return window.__slowMessages.map((m) => ({...m, at: (m.at - mark) / 1000}));
      });
    }
    return {table, download, bytes, longest, tablePeak, peak, findings, tasks, heap};
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
  console.log('run  findings  table s  longest task ms  page heap MB  peak RSS MB (table)  download s  report MB  '
    + 'peak RSS MB (all)');
  for (let i = 1; i <= Number(args.runs); i++) {
    const r = await runOnce(server.url, files);
    console.log(`${String(i).padStart(3)}  ${r.findings.padStart(8)}  ${r.table.toFixed(2).padStart(7)}  ` +
      `${r.longest.toFixed(0).padStart(15)}  ${r.heap.toFixed(0).padStart(12)}  ${r.tablePeak.toFixed(0).padStart(19)}  ` +
      `${r.download.toFixed(2).padStart(10)}  ${(r.bytes / 1e6).toFixed(0).padStart(9)}  ${r.peak.toFixed(0).padStart(17)}`);
    if (r.tasks) {
      const list = (title, items) => {
        console.log(`     ${title}: ${items.length}`);
        for (const t of items) {
          const at = t.at === null ? '?' : `+${t.at.toFixed(2)}`;
          console.log(`     ${at.padStart(8)} s  ${t.dur.toFixed(0).padStart(5)} ms task`);
          for (const e of t.inside) console.log(`                  ${describeEvent(e)}`);
        }
      };
      list(`main-thread tasks over ${LONG_TASK_MS} ms in the trace`, r.tasks.tasks);
      list('long tasks the page observed, with what the trace has then', r.tasks.observed);
      console.log('     worker messages handled in over 20 ms:');
      for (const m of r.tasks.messages) console.log(`     +${m.at.toFixed(2).padStart(7)} s  ${m.ms.toFixed(0).padStart(5)} ms  ${m.type}`);
    }
  }
} finally {
  server.child.kill();
}
