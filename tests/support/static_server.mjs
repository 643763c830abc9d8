// The dashboard's static server (scripts/serve.mjs) run for a browser
// test on a free port of 127.0.0.1: {child, url, origin}; and
// startPageServer() for a page of another site.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const serveScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/serve.mjs');

export async function startServer(dir, extraArgs = []) {
  const child = spawn(process.execPath, [serveScript, '--port', '0', '--host', '127.0.0.1', ...extraArgs, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    child.stdout.on('data', (data) => {
      output += data;
      const m = /serving .* at (http:\/\/\S+\/)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (data) => { output += data; });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  return {child, url, origin: new URL(url).origin};
}

// Stops it (SIGTERM, then SIGKILL after 5 s); a server already gone is fine.
export async function stopServer(server) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

// A second static server, in this process, for pages that play another
// site (a portal embedding the widget): serves the files of `dir` on a free
// port of 127.0.0.1, each with the headers headersFor(pathname) returns
// (called per request, so a test may set them once it knows the other
// server's origin). No directory listing, no dotfiles, GET and HEAD only.
// -> {url, origin, port, close()}
export async function startPageServer(dir, headersFor = () => ({})) {
  const root = fs.realpathSync(dir);
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://localhost').pathname;
    const file = path.join(root, path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, ''));
    const inside = file.startsWith(root + path.sep) && !pathname.split('/').some((s) => s.startsWith('.'));
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !inside || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, {'Content-Type': 'text/plain'});
      res.end('not found\n');
      return;
    }
    const type = PAGE_MIME[path.extname(file)] || 'application/octet-stream';
    res.writeHead(200, {'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache',
      ...headersFor(pathname)});
    res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const {port} = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const PAGE_MIME = {'.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.css': 'text/css'};
