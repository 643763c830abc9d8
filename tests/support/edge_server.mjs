// The built edge worker (build/edge/serve in workerd) for the edge tests:
// starting and stopping servers, one HTTP exchange with full control over
// how the body is sent, and the checks every response must pass.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVE = path.join(ROOT, 'build/edge/serve');

const STARTUP_TIMEOUT_MS = 20000;

// Every server started, for the caller's after() and the exit handler.
export const servers = [];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts `serve 0` and learns the bound port from workerd's control fd (so
// there is no free-port race), then waits until /v1/health answers 200.
export async function startServer(extraEnv = {}) {
  const env = {...process.env};
  // The tests decide the settings, not the caller's shell.
  for (const name of ['MAX_BODY_BYTES', 'MAX_DECOMPRESSED_BYTES', 'MAX_FINDINGS', 'MAX_FILES',
    'ALLOW_ORIGIN', 'API_KEY_HASHES']) {
    delete env[name];
  }
  Object.assign(env, extraEnv);

  const t0 = performance.now();
  const child = spawn(SERVE, ['0', '--control-fd', '3'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  // The worker's console.log goes to stdout, console.error to stderr.
  const server = {child, stdout: '', stderr: '', exited: false};
  servers.push(server);
  child.stdout.on('data', (d) => { server.stdout += d; });
  child.stderr.on('data', (d) => { server.stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    server.exited = true;
    resolve({code, signal});
  }));
  server.exitedPromise = exited;

  const port = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(
        `workerd did not report a listening port within ${STARTUP_TIMEOUT_MS} ms\n${server.stderr}`)),
        STARTUP_TIMEOUT_MS);
    child.stdio[3].on('data', (d) => {
      buffered += d;
      for (const line of buffered.split('\n').slice(0, -1)) {
        const msg = JSON.parse(line);
        if (msg.event === 'listen' && msg.socket === 'http') {
          clearTimeout(timer);
          resolve(msg.port);
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    exited.then(({code, signal}) => {
      clearTimeout(timer);
      reject(new Error(`serve exited early (code ${code}, signal ${signal})\n${server.stderr}`));
    });
  });
  server.base = `http://127.0.0.1:${port}`;

  // Listening is not the same as the worker being able to load the core.
  for (;;) {
    try {
      const res = await request(server, {path: '/v1/health'});
      if (res.status === 200) break;
    } catch {
      // not ready yet
    }
    if (performance.now() - t0 > STARTUP_TIMEOUT_MS) {
      throw new Error(`/v1/health did not answer 200 in time\n${server.stderr}`);
    }
    await sleep(50);
  }
  server.startupMs = performance.now() - t0;
  return server;
}

export async function stopServer(server) {
  if (server.exited) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 3000);
  await server.exitedPromise;
  clearTimeout(timer);
}

// Last resort if the runner dies without running after().
process.on('exit', () => {
  for (const s of servers) if (!s.exited) s.child.kill('SIGKILL');
});

// One HTTP exchange with full control over how the body is sent:
//   body:   Buffer sent with Content-Length
//   chunks: array of Buffers sent with chunked transfer encoding (no
//           Content-Length), `delayMs` apart
//   keepOpen: after the chunks, do not finish the request; resolve as soon
//           as a response arrives (for "the server must answer before the
//           upload ends" cases)
//   headersOnly: send the headers (including any Content-Length given in
//           `headers`) and no body at all, then wait for the response
// Resolves {status, headers, body: Buffer}.
export function request(server, {method = 'GET', path: p = '/', headers = {}, body, chunks,
  delayMs = 0, keepOpen = false, headersOnly = false, timeoutMs = 60000} = {}) {
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = http.request(server.base + p, {method, headers, agent: false}, (res) => {
      responded = true;
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        clearTimeout(timer);
        if (keepOpen || headersOnly) req.destroy();
        resolve({status: res.statusCode, headers: res.headers, body: Buffer.concat(parts)});
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no response to ${method} ${p} within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err) => {
      if (!responded) {
        clearTimeout(timer);
        reject(err);
      }
    });
    if (headersOnly) {
      req.flushHeaders();
    } else if (body !== undefined) {
      req.setHeader('Content-Length', body.length);
      req.end(body);
    } else if (chunks !== undefined) {
      (async () => {
        for (const chunk of chunks) {
          if (responded || req.destroyed) return;
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
          if (delayMs) await sleep(delayMs);
        }
        if (!keepOpen) req.end();
      })().catch(() => {});
    } else {
      req.end();
    }
  });
}

// Every response, success or error, must carry these.
export function assertCommonHeaders(res) {
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['cache-control'], 'no-store');
}

export function assertJsonError(res, status) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.body}`);
  assertCommonHeaders(res);
  assert.match(res.headers['content-type'], /^application\/json/);
  const parsed = JSON.parse(res.body.toString('utf8'));
  assert.equal(parsed.error.code, status);
  assert.equal(typeof parsed.error.message, 'string');
  assert.ok(parsed.error.message.length > 0);
  // No stack traces or source locations in client-facing messages.
  assert.doesNotMatch(parsed.error.message, /\bat .*\.mjs|\n\s+at /);
  return parsed;
}

// A multipart/form-data body of `files` ({name, bytes}) and optional
// policy and decisions fields, as a browser's FormData or `curl -F` sends
// it.
export function multipartBody(files, policy, boundary = '----exposureEdgeTest9xK2', decisions) {
  const pieces = [];
  for (const f of files) {
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
        `filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    pieces.push(f.bytes, Buffer.from('\r\n'));
  }
  if (policy !== undefined) {
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="policy"\r\n\r\n` +
        `${policy}\r\n`));
  }
  if (decisions !== undefined) {
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="decisions"\r\n\r\n` +
        `${decisions}\r\n`));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return {body: Buffer.concat(pieces), type: `multipart/form-data; boundary=${boundary}`};
}
