// Scanner exports the JavaScript tests feed to the wasm targets: every file
// of the shared corpus (../shared/corpus) plus the project's own fixtures for
// formats the corpus lacks. Helpers only; no tests here.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(ROOT, '../shared/corpus');
const NATIVE_CLI = path.join(ROOT, 'build/bin/exposure');

// Whether ../shared (the scanner corpus beside the checkout) must be there:
// on CI (CI set, and not to 0 or false) or with EXPOSURE_REQUIRE_SHARED=1,
// which .ci/run exports. Then a test that reads it fails without it;
// elsewhere such a test may leave the corpus out, and says so.
export function sharedRequired() {
  const ci = (process.env.CI ?? '').toLowerCase();
  return process.env.EXPOSURE_REQUIRE_SHARED === '1' ||
      (ci !== '' && ci !== '0' && ci !== 'false');
}

// Whether `file` (a path under ../shared) is there; when it is not, throws
// if sharedRequired(), else warns on stderr that `what` goes without it.
export function sharedPresent(file, what) {
  if (fs.existsSync(file)) return true;
  const message = `${file} is missing: ${what}`;
  if (sharedRequired()) {
    throw new Error(`${message} (../shared is required on CI and with EXPOSURE_REQUIRE_SHARED=1)`);
  }
  process.emitWarning(`${message}; left out (set EXPOSURE_REQUIRE_SHARED=1 to fail instead)`);
  return false;
}

// Corpus bookkeeping and the intel fixtures are not scanner exports.
const NOT_EXPORTS = new Set(['MANIFEST.tsv', 'NOTES.md', 'README.md']);

function walk(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
    if (entry.name.startsWith('.') || NOT_EXPORTS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== path.join(ROOT, 'tests/fixtures/intel')) walk(full, out);
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
  return out;
}

// Absolute paths, sorted: the corpus and tests/fixtures. Without the corpus
// only the fixtures, unless sharedRequired() (then it throws).
export function allInputs() {
  const corpus = sharedPresent(CORPUS, 'the corpus inputs') ? walk(CORPUS, []) : [];
  return [...corpus, ...walk(path.join(ROOT, 'tests/fixtures'), [])].sort();
}

// One file per supported format: the smallest that the native CLI imports
// without errors and with findings (for an inventory, with assets). Returns [{format, file}] sorted by
// format, read from one native `analyze` over allInputs().
export function oneFilePerFormat() {
  const files = allInputs();
  const r = spawnSync(NATIVE_CLI, ['analyze', ...files], {maxBuffer: 1 << 30});
  if (r.status !== 0) throw new Error(`exposure analyze failed: ${r.stderr}`);
  const report = JSON.parse(r.stdout.toString());
  const best = new Map();
  report.inputs.forEach((input, i) => {
    // An inventory's records are assets; a VEX document's, statements.
    const records = input.kind === 'inventory' ? input.assets : input.findings || input.statements || 0;
    if (!input.format || input.errors.length > 0 || records === 0) return;
    const size = fs.statSync(files[i]).size;
    const prev = best.get(input.format);
    if (!prev || size < prev.size) best.set(input.format, {file: files[i], size});
  });
  return [...best.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([format, {file}]) => ({format, file}));
}

// The ids `exposure formats` lists, in its order.
export function formatIds() {
  const r = spawnSync(NATIVE_CLI, ['formats']);
  return r.stdout.toString().trim().split('\n').map((line) => line.split(/\s+/)[0]);
}
