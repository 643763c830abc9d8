// The threat-intel functions of the wasm core's JavaScript API (core.mjs,
// wasm/API.md): recognising KEV/EPSS/Vulnrichment/exploit files, building a
// bundle from them, analyzing with it, and agreeing byte for byte with the
// native CLI.
import {test, before} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {fileURLToPath} from 'node:url';
import {loadCore} from '../../build/wasm/core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'tests/fixtures/intel');
const nativeCli = path.join(root, 'build/bin/exposure');

const kevBytes = fs.readFileSync(path.join(fixtures, 'kev-small.json'));
const epssBytes = fs.readFileSync(path.join(fixtures, 'epss-small.csv'));
const scanBytes = fs.readFileSync(path.join(fixtures, 'scan.trivy.json'));

let core;
before(async () => {
  core = await loadCore({
    wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/exposure_core.wasm')),
  });
});

// Feeds `bytes` in small chunks; returns the first error or null.
function feedFile(builder, kind, name, bytes, chunk = 100) {
  const begun = builder.begin(kind, name);
  if (begun) return begun;
  for (let off = 0; off < bytes.length; off += chunk) {
    const error = builder.feed(bytes.subarray(off, off + chunk));
    if (error) return error;
  }
  return builder.end();
}

function buildBundle(files, base = null) {
  const builder = core.newIntelBuilder();
  try {
    for (const [kind, name, bytes] of files) {
      assert.equal(feedFile(builder, kind, name, bytes), null, name);
    }
    return builder.build(base, 'your files');
  } finally {
    builder.delete();
  }
}

// The scan fixture's report, as {cve: {kev, epss, percentile}}.
function analyzeScan(intel) {
  const a = core.newAnalyzer();
  try {
    if (intel !== undefined) a.setIntel(intel);
    a.begin('scan.trivy.json');
    a.feed(scanBytes);
    a.end();
    return {json: a.report(), byCve: byCve(a.report())};
  } finally {
    a.delete();
  }
}

function byCve(json) {
  const out = {};
  for (const f of JSON.parse(json).findings) {
    out[f.cves[0]] = {kev: f.kev, epss: f.epss ?? null, percentile: f.epss_percentile ?? null};
  }
  return out;
}

test('detectIntel tells KEV and EPSS files from scanner exports, compressed or not', () => {
  assert.equal(core.detectIntel(kevBytes), 'kev');
  assert.equal(core.detectIntel(zlib.gzipSync(kevBytes)), 'kev');
  assert.equal(core.detectIntel(epssBytes), 'epss');
  assert.equal(core.detectIntel(zlib.gzipSync(epssBytes)), 'epss');
  assert.equal(core.detectIntel(scanBytes), '');
  assert.equal(core.detectIntel(fs.readFileSync(path.join(root, 'examples/host-scan.nessus'))), '');
  assert.equal(core.detectIntel(new Uint8Array(0)), '');
});

test('builtInIntel describes the embedded bundle and its partial EPSS coverage', () => {
  const d = core.builtInIntel();
  assert.equal(d.origin, 'built-in');
  assert.equal(d.format, 'exposure-intel/1');
  assert.equal(d.compressed, true);
  assert.equal(d.kev.catalog_version, '2025.08.25');
  assert.ok(d.kev.cves > 1000);
  assert.equal(d.epss.coverage, 'partial');
  assert.equal(d.epss.cves, 1556);
  assert.deepEqual(d.ssvc, {label: 'CISA Vulnrichment', latest_assessed: '2024-10-24', cves: 44026});
  assert.deepEqual(d.exploits, {
    metasploit_date: '2025-12-19', exploitdb_date: '2024-05-20', nuclei_date: '2026-01-29', cves: 28560,
  });
  const {intel} = core.loadBuiltInIntel();
  assert.deepEqual(intel.description, d);
  intel.delete();
});

test('a bundle built from KEV + EPSS (gzip) files changes kev/epss of findings', () => {
  const before = analyzeScan().byCve;
  assert.equal(before['CVE-2021-44228'].kev, true);
  assert.equal(before['CVE-2024-3094'].kev, false);
  assert.equal(before['CVE-2024-3094'].epss, null);

  const r = buildBundle([
    ['kev', 'kev-small.json', kevBytes],
    ['epss', 'epss-small.csv.gz', zlib.gzipSync(epssBytes)],
  ]);
  assert.equal(r.error, undefined);
  assert.ok(r.bytes instanceof Uint8Array && r.bytes.length > 32);
  assert.equal(r.kevFrom, 'kev-small.json');
  assert.equal(r.epssFrom, 'epss-small.csv.gz');
  assert.equal(r.description.compressed, false);
  assert.equal(r.description.bytes, r.bytes.length);
  assert.deepEqual(r.description.kev, {
    catalog_version: '2026.11.20', date_released: '2026-11-20T15:00:00.000Z', cves: 2, ransomware_known: 0,
  });
  assert.deepEqual(r.description.epss, {
    model_version: 'v2025.03.14', score_date: '2026-11-20T00:00:00+0000', cves: 4, coverage: 'full',
  });

  const {intel, error} = core.loadIntel(r.bytes, 'your files');
  assert.equal(error, undefined);
  assert.equal(intel.description.origin, 'your files');
  const after = analyzeScan(intel).byCve;
  intel.delete();
  assert.deepEqual(after['CVE-2021-44228'], {kev: false, epss: 0.51234, percentile: 0.975});
  assert.deepEqual(after['CVE-2024-3094'], {kev: true, epss: 0.87654, percentile: 0.99321});
});

test('Vulnrichment records and exploit tables are detected, read and added to the base', () => {
  // A CVE JSON 5 record as github.com/cisagov/vulnrichment has them, reduced
  // to what is read: a later assessment than the built-in one (2024-04-02).
  const record = Buffer.from(JSON.stringify({
    dataType: 'CVE_RECORD',
    cveMetadata: {cveId: 'CVE-2024-3094', state: 'PUBLISHED'},
    containers: {cna: {}, adp: [{
      providerMetadata: {shortName: 'CISA-ADP'},
      metrics: [{other: {type: 'ssvc', content: {
        options: [{Exploitation: 'Active'}, {Automatable: 'yes'}, {'Technical Impact': 'total'}],
        timestamp: '2024-10-30T12:00:00.000000Z',
      }}}],
    }]},
  }, null, 2));
  const msf = Buffer.from('cve\tmodule\ttype\trank\tdisclosure_date\tmodule_added\n'
    + 'CVE-2024-3094\texploit/linux/x\texploit\tgood\t\t2024-04-01\n');
  assert.equal(core.detectIntel(record), 'vulnrichment');
  assert.equal(core.detectIntel(zlib.gzipSync(msf)), 'metasploit');
  assert.equal(core.detectIntel(Buffer.from('cve\tedb_id\tdate\n')), 'exploitdb');
  assert.equal(core.detectIntel(Buffer.from('cve\ttemplate\ttemplate_added\n')), 'nuclei');

  const {intel: builtIn} = core.loadBuiltInIntel();
  const r = buildBundle([['vulnrichment', 'CVE-2024-3094.json', record], ['metasploit', 'msf.tsv', msf]], builtIn);
  builtIn.delete();
  assert.equal(r.error, undefined);
  assert.equal(r.ssvcFrom, 'CVE-2024-3094.json');
  assert.equal(r.ssvcBase, true);
  assert.equal(r.metasploitFrom, 'msf.tsv');
  assert.equal(r.exploitdbFrom, 'base');
  assert.equal(r.nucleiFrom, 'base');
  assert.equal(r.kevFrom, 'base');
  assert.deepEqual(r.description.ssvc, {label: 'CISA Vulnrichment', latest_assessed: '2024-10-30', cves: 44026});
  assert.equal(r.description.exploits.metasploit_date, '2024-04-01');
  assert.equal(r.description.exploits.exploitdb_date, '2024-05-20');
  assert.equal(r.description.exploits.nuclei_date, '2026-01-29');

  const alone = buildBundle([['metasploit', 'msf.tsv', msf]]);
  assert.equal(alone.ssvcFrom, '');
  assert.equal(alone.ssvcBase, false);
  assert.equal(alone.description.ssvc, null);
  assert.deepEqual(alone.description.exploits,
    {metasploit_date: '2024-04-01', exploitdb_date: null, nuclei_date: null, cves: 1});
});

test('setIntel re-assesses files already ended; null goes back to the built-in bundle', () => {
  const {bytes} = buildBundle([['kev', 'kev.json', kevBytes]]);
  const {intel} = core.loadIntel(bytes);
  const a = core.newAnalyzer();
  try {
    a.begin('scan.trivy.json');
    a.feed(scanBytes);
    a.end();
    assert.equal(byCve(a.report())['CVE-2024-3094'].kev, false);
    a.setIntel(intel);
    intel.delete();  // the analyzer keeps its own reference
    const custom = byCve(a.report());
    assert.equal(custom['CVE-2024-3094'].kev, true);
    // This bundle has no EPSS part: no scores at all.
    assert.equal(custom['CVE-2021-44228'].epss, null);
    a.setIntel(null);
    assert.equal(byCve(a.report())['CVE-2021-44228'].kev, true);
  } finally {
    a.delete();
  }
});

test('one part alone keeps the other part of the base bundle', () => {
  const {intel: builtIn} = core.loadBuiltInIntel();
  const r = buildBundle([['epss', 'epss-small.csv', epssBytes]], builtIn);
  builtIn.delete();
  assert.equal(r.kevFrom, 'base');
  assert.equal(r.epssFrom, 'epss-small.csv');
  assert.equal(r.description.kev.catalog_version, '2025.08.25');
  assert.equal(r.description.kev.cves, core.builtInIntel().kev.cves);
  assert.equal(r.description.epss.cves, 4);
  const {intel} = core.loadIntel(r.bytes);
  const cves = analyzeScan(intel).byCve;
  intel.delete();
  assert.equal(cves['CVE-2021-44228'].kev, true);  // KEV from the built-in bundle
  assert.equal(cves['CVE-2021-44228'].epss, 0.51234);  // EPSS from the file

  const alone = buildBundle([['kev', 'kev.json', kevBytes]]);
  assert.equal(alone.epssFrom, '');
  assert.equal(alone.description.epss, null);
});

test('errors are values naming the file and the location', () => {
  const builder = core.newIntelBuilder();
  try {
    const broken = Buffer.from(kevBytes.toString('utf8').replace('"2026-12-09"', '"soon"'));
    const error = feedFile(builder, 'kev', 'broken-kev.json', broken, 64);
    assert.equal(error.message,
      'broken-kev.json: KEV catalog: vulnerabilities[0] (CVE-2024-3094): dueDate "soon" is not a YYYY-MM-DD date');
    // The entry's closing brace: an entry is read as one record.
    assert.match(error.location, /^line 19, column \d+ \(byte \d+\)$/);
    assert.deepEqual(builder.end(), error, 'the error sticks');
    // An error with no place in a file has the empty location API.md promises.
    assert.deepEqual(builder.build(null).error,
      {message: 'intel: no threat-intel file was read', location: ''});
    assert.match(builder.begin('nessus', 'scan.nessus').message, /^scan\.nessus: neither a CISA KEV catalog/);
    const cut = feedFile(builder, 'epss', 'cut.csv.gz', zlib.gzipSync(epssBytes).subarray(0, 40));
    assert.match(cut.message, /^cut\.csv\.gz: /);
  } finally {
    builder.delete();
  }
  const bad = core.loadIntel(new TextEncoder().encode('not a bundle'));
  assert.equal(bad.intel, undefined);
  assert.ok(bad.error.message.length > 0);
});

test('the wasm bundle and report equal the native CLI\'s (intel build --uncompressed, --intel)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-intel-'));
  try {
    const out = path.join(tmp, 'small.intel');
    const build = spawnSync(nativeCli, ['intel', 'build', '--kev', path.join(fixtures, 'kev-small.json'),
      '--epss', path.join(fixtures, 'epss-small.csv'), '--uncompressed', '-o', out]);
    assert.equal(build.status, 0, build.stderr.toString());
    const r = buildBundle([['kev', 'k', kevBytes], ['epss', 'e', epssBytes]]);
    assert.ok(Buffer.from(r.bytes).equals(fs.readFileSync(out)), 'same bundle bytes');

    const {intel} = core.loadIntel(r.bytes);
    const wasmReport = analyzeScan(intel).json;
    intel.delete();
    const native = spawnSync(nativeCli, ['--intel', out, 'analyze', 'scan.trivy.json'], {cwd: fixtures});
    assert.equal(native.status, 0, native.stderr.toString());
    assert.equal(wasmReport, native.stdout.toString());
  } finally {
    fs.rmSync(tmp, {recursive: true});
  }
});
