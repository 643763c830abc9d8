#!/usr/bin/env node
// How much memory one request takes in the edge worker: starts
// build/edge/serve (workerd), warms it up with a small request (the core
// loaded, as in a live isolate), then uploads each FILE as one request
// and prints the workerd process's peak RSS (VmHWM) above its level before
// that request, with the time and the response's size. A fresh workerd per
// file, so one file's peak does not hide the next one's.
//
//   node bench/edge_memory.mjs [--runs N] [--env NAME=VALUE]... FILE...
//
// Cloudflare gives an isolate 128 MB; this is the number to hold under it
// (workerd's own idle footprint is the runtime's, not the request's).

import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVE = path.join(ROOT, 'build/edge/serve');

function parseArgs(argv) {
  const opts = {runs: 1, env: {}, files: []};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
    else if (argv[i] === '--env') {
      const [k, ...v] = argv[++i].split('=');
      opts.env[k] = v.join('=');
    } else opts.files.push(argv[i]);
  }
  if (!opts.files.length) {
    process.stderr.write('usage: node bench/edge_memory.mjs [--runs N] [--env NAME=VALUE]... FILE...\n');
    process.exit(2);
  }
  return opts;
}

function status(pid) {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)[1]);
  return {rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024};
}

// Resets VmHWM to the current RSS (Linux: write 5 to clear_refs).
function resetPeak(pid) {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

async function start(env) {
  const child = spawn(SERVE, ['0', '--control-fd', '3'], {
    env: {...process.env, ...env},
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  });
  const port = await new Promise((resolve, reject) => {
    let buffered = '';
    child.stdio[3].on('data', (d) => {
      buffered += d;
      for (const line of buffered.split('\n').slice(0, -1)) {
        const msg = JSON.parse(line);
        if (msg.event === 'listen') resolve(msg.port);
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return {child, base: `http://127.0.0.1:${port}`};
}

// Streams FILE as the body; counts the response's bytes without keeping
// them.
function post(base, file) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/v1/analyze?name=${encodeURIComponent(path.basename(file))}`, {
      method: 'POST',
      headers: {'Content-Length': fs.statSync(file).size},
      agent: false,
    }, (res) => {
      let bytes = 0;
      res.on('data', (d) => { bytes += d.length; });
      res.on('end', () => resolve({status: res.statusCode, bytes}));
      res.on('error', reject);
    });
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}

const opts = parseArgs(process.argv.slice(2));
const mb = (n) => (n / 1048576).toFixed(0);
console.log('| file | MB | run | status | response MB | seconds | idle RSS MB | peak above idle MB |');
console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
for (const file of opts.files) {
  for (let run = 1; run <= opts.runs; run++) {
    const server = await start(opts.env);
    try {
      // Warm up: the core compiled and instantiated, as in a live isolate.
      await post(server.base, path.join(ROOT, 'examples/webapp-image.trivy.json'));
      await new Promise((r) => setTimeout(r, 300));
      const pid = server.child.pid;
      resetPeak(pid);
      const idle = status(pid).rss;
      const t0 = performance.now();
      const res = await post(server.base, file);
      const seconds = (performance.now() - t0) / 1000;
      const peak = status(pid).hwm;
      console.log(`| ${path.basename(file)} | ${mb(fs.statSync(file).size)} | ${run} | ${res.status} | ` +
                  `${mb(res.bytes)} | ${seconds.toFixed(1)} | ${mb(idle)} | ${mb(peak - idle)} |`);
    } finally {
      server.child.kill('SIGKILL');
    }
  }
}
