#!/usr/bin/env node
// Tiny static file server for the dashboard (build/web), for local use and
// tests. Node's http module only, no dependencies.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--demo]
//                          [--frame-ancestors 'ORIGIN ...'] [--cors 'ORIGIN ...']
//                          [--csp 'POLICY'] DIR
//
// --port 0 picks a free port; the line printed on start gives the real one:
//   serving DIR at http://HOST:PORT/
// --demo answers GET /site.json with {"autoloadDemo": true}, which makes the
// dashboard load its demo data on start.
// --frame-ancestors: the origins (space-separated, e.g.
// "https://portal.example.com") that may put the pages in a frame, next to
// the server's own origin; without it only the own origin may (the CSP's
// frame-ancestors 'self'). docs/hosting.md lists every header a host sends.
// --cors: the origins (space-separated, exact like --frame-ancestors) whose
// pages may load these files cross-origin: the <exposure-lens> widget's
// module, its worker, core.mjs and the wasm, when a portal on another
// origin embeds the widget (docs/widget.md). A request whose Origin header
// is one of them gets `Access-Control-Allow-Origin: <that origin>`; any
// other gets no CORS header, so the browser refuses it the response. Every
// response then carries `Vary: Origin`, as the header depends on it.
// Without --cors no CORS header is sent at all.
// --csp: the Content-Security-Policy sent instead of the dashboard's (the
// frame-ancestors directive is still added), for serving a host page, such
// as examples/portal/, that loads the widget from another origin.
//
// Dotfiles and dot-directories (.git, .env, …) are never served: 404.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

// Same policy as the <meta> in web/index.html; sent as a header too so that it
// also covers the worker script and anything served outside index.html.
// frame-ancestors is added per server (see --frame-ancestors); a <meta> CSP
// cannot carry it, so only the header protects the page from framing.
const CSP_BASE = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
// Scanner exports (.nessus, .xml, …) and anything unknown are served as opaque
// bytes: with nosniff the browser will never render them as a document.
const DEFAULT_MIME = 'application/octet-stream';

function usage(message) {
  if (message) process.stderr.write(`serve.mjs: ${message}\n`);
  process.stderr.write('usage: node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--demo]\n' +
                       "                             [--frame-ancestors 'ORIGIN ...'] [--cors 'ORIGIN ...']\n" +
                       "                             [--csp 'POLICY'] DIR\n");
  process.exit(2);
}

// The exact origins of a space-separated list (scheme://host[:port]): a CSP
// source list or a CORS pattern would also take paths, wildcards and
// keywords, which an allow-list should not.
function origins(flag, list) {
  const out = [];
  for (const origin of list.split(/\s+/).filter(Boolean)) {
    let parsed;
    try {
      parsed = new URL(origin);
    } catch {
      usage(`${flag}: not an origin: ${origin}`);
    }
    if (!/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      usage(`${flag}: not an origin (scheme://host[:port]): ${origin}`);
    }
    out.push(origin);
  }
  return out;
}

function parseArgs(argv) {
  const opts = {port: 8080, host: '127.0.0.1', demo: false, frameAncestors: [], cors: [], csp: null, dir: null};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // Accept both "--port 8080" and "--port=8080".
    const [flag, inline] = arg.startsWith('--') && arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) usage(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage('invalid --port');
      opts.port = port;
    } else if (flag === '--host') {
      opts.host = value();
    } else if (flag === '--frame-ancestors') {
      opts.frameAncestors.push(...origins(flag, value()));
    } else if (flag === '--cors') {
      opts.cors.push(...origins(flag, value()));
    } else if (flag === '--csp') {
      const policy = value().trim().replace(/;\s*$/, '');
      // A header value cannot carry line breaks; frame-ancestors is ours.
      if (!policy || /[\r\n]/.test(policy)) usage('--csp: an empty or multi-line policy');
      if (/(^|;)\s*frame-ancestors\b/i.test(policy)) usage('--csp: give frame-ancestors with --frame-ancestors');
      opts.csp = policy;
    } else if (flag === '--demo') {
      opts.demo = true;
    } else if (flag === '-h' || flag === '--help') {
      usage();
    } else if (flag.startsWith('-')) {
      usage(`unknown option ${flag}`);
    } else if (opts.dir === null) {
      opts.dir = arg;
    } else {
      usage('only one DIR may be given');
    }
  }
  if (opts.dir === null) usage('DIR is required');
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
let root;
try {
  // realpath so that the containment check below compares canonical paths.
  root = fs.realpathSync(path.resolve(opts.dir));
  if (!fs.statSync(root).isDirectory()) usage(`${opts.dir} is not a directory`);
} catch (err) {
  usage(`cannot serve ${opts.dir}: ${err.message}`);
}

const CSP = [...(opts.csp ? [opts.csp] : CSP_BASE), `frame-ancestors 'self'${opts.frameAncestors.map((o) => ` ${o}`).join('')}`].join('; ');

function isInside(base, candidate) {
  return candidate === base || candidate.startsWith(base + path.sep);
}

// The CORS headers for `req` (see --cors): none without --cors.
function corsHeaders(req) {
  if (!opts.cors.length) return {};
  const origin = req.headers.origin;
  return opts.cors.includes(origin) ? {'Access-Control-Allow-Origin': origin, 'Vary': 'Origin'} : {'Vary': 'Origin'};
}

function baseHeaders(req, extra) {
  return {
    'Content-Security-Policy': CSP,
    ...corsHeaders(req),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
    ...extra,
  };
}

function sendText(req, res, status, text, extra = {}) {
  const body = Buffer.from(text);
  res.writeHead(status, baseHeaders(req, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    ...extra,
  }));
  res.end(req.method === 'HEAD' ? undefined : body);
}

// Maps a URL path to a file inside root, or null when it does not exist or
// would escape root (via "..", encoded separators or symlinks).
function resolveFile(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  // No dotfiles: a build or checkout directory may hold .git or .env.
  if (decoded.split(/[\\/]/).some((segment) => segment.startsWith('.'))) return null;
  let candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!isInside(root, candidate)) return null;
  try {
    candidate = fs.realpathSync(candidate);
    if (!isInside(root, candidate)) return null;
    let stat = fs.statSync(candidate);
    if (stat.isDirectory()) {
      candidate = path.join(candidate, 'index.html');
      stat = fs.statSync(candidate);
    }
    return stat.isFile() ? {file: candidate, size: stat.size} : null;
  } catch {
    return null;
  }
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(req, res, 405, 'method not allowed\n', {Allow: 'GET, HEAD'});
    return;
  }
  let pathname;
  try {
    pathname = new URL(req.url, 'http://localhost').pathname;
  } catch {
    sendText(req, res, 400, 'bad request\n');
    return;
  }

  if (opts.demo && pathname === '/site.json') {
    const body = Buffer.from(`${JSON.stringify({autoloadDemo: true})}\n`);
    res.writeHead(200, baseHeaders(req, {'Content-Type': MIME['.json'], 'Content-Length': body.length}));
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }

  const found = resolveFile(pathname);
  if (!found) {
    sendText(req, res, 404, 'not found\n');
    return;
  }
  const type = MIME[path.extname(found.file).toLowerCase()] || DEFAULT_MIME;
  res.writeHead(200, baseHeaders(req, {'Content-Type': type, 'Content-Length': found.size}));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = fs.createReadStream(found.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
});

server.on('error', (err) => {
  process.stderr.write(`serve.mjs: ${err.message}\n`);
  process.exit(1);
});

server.listen(opts.port, opts.host, () => {
  const {port} = server.address();
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  process.stdout.write(`serving ${root} at http://${host}:${port}/\n`);
});

function shutdown(signal) {
  server.close(() => process.exit(0));
  // Keep-alive connections would hold close() open; end them now.
  server.closeAllConnections();
  // Exit anyway if something still hangs.
  setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 2000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
