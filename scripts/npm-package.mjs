#!/usr/bin/env node
// Assembles the npm package in build/npm from npm/ (package.json, the
// Node API, the type declarations, its README), the wasm core and the
// Node CLI (build/wasm) and the widget with every module it loads
// (build/web: widget.js, embed.*, worker.js and what they import, found by
// following their relative imports, so a new module is never left out).
//
//   node scripts/npm-package.mjs [BUILD_DIR]     (scripts/build runs it)
//
// `npm pack build/npm` then makes the tarball; the package's version must
// equal the core's (tests/node/npm_package.test.mjs checks it).

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = path.resolve(process.argv[2] || path.join(root, 'build'));
const out = path.join(build, 'npm');

function die(message) {
  process.stderr.write(`npm-package: ${message}\n`);
  process.exit(1);
}

// The relative module specifiers `file` imports (static and dynamic
// imports, re-exports, new URL('./x', import.meta.url) for workers).
function relativeImports(file) {
  const text = fs.readFileSync(file, 'utf8');
  const found = new Set();
  const patterns = [
    /\bfrom\s+['"](\.\.?\/[^'"]+)['"]/g,
    /\bimport\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g,
    /new URL\(\s*['"](\.\.?\/[^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) found.add(m[1]);
  }
  return [...found];
}

const web = path.join(build, 'web');
const wasm = path.join(build, 'wasm');
for (const dir of [web, wasm]) {
  if (!fs.existsSync(dir)) die(`${dir} is missing: run scripts/build first`);
}

fs.rmSync(out, {recursive: true, force: true});
fs.mkdirSync(out, {recursive: true});
const copy = (from, name = path.basename(from)) => {
  if (!fs.existsSync(from)) die(`${from} is missing`);
  fs.copyFileSync(from, path.join(out, name));
};

for (const name of ['package.json', 'README.md', 'node.mjs', 'index.d.ts', 'widget.d.ts']) {
  copy(path.join(root, 'npm', name));
}
for (const name of ['core.mjs', 'exposure_core.mjs', 'exposure_core.wasm', 'exposure.mjs']) {
  copy(path.join(wasm, name));
}
fs.chmodSync(path.join(out, 'exposure.mjs'), 0o755);

// The widget's module graph, from its roots, within build/web.
const pending = ['widget.js', 'embed.js', 'worker.js'];
const seen = new Set();
while (pending.length) {
  const name = pending.pop();
  if (seen.has(name)) continue;
  seen.add(name);
  const file = path.join(web, name);
  if (!fs.existsSync(file)) die(`build/web/${name} is missing`);
  for (const spec of relativeImports(file)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(name), spec));
    if (target.startsWith('..') || target.includes('/')) die(`${name} imports ${spec}, outside the flat package`);
    pending.push(target);
  }
}
for (const name of [...seen].sort()) {
  if (!fs.existsSync(path.join(out, name))) copy(path.join(web, name));
}
for (const name of ['embed.html', 'embed.css', 'embed.json']) copy(path.join(web, name));
process.stdout.write(`npm-package: ${fs.readdirSync(out).length} files in ${path.relative(root, out)}\n`);
