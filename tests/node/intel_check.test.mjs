// The threat-intel panel's preview (web/intel_check.js): what applying a
// bundle would change per file, and the warnings that need a confirmation.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {intelChanges} from '../../web/intel_check.js';

// The built-in bundle's description, as wasm/API.md gives it.
const BUILT_IN = {
  kev: {catalog_version: '2025.08.25', date_released: '2025-08-25T17:04:19.9796Z', cves: 1404},
  epss: {model_version: 'v2025.03.14', score_date: '2026-08-21', cves: 1556, coverage: 'partial'},
  ssvc: {label: 'CISA Vulnrichment', latest_assessed: '2024-10-24', cves: 44026},
  exploits: {metasploit_date: '2025-12-19', exploitdb_date: '2024-05-20', nuclei_date: '2026-01-29', cves: 28560},
};
const NOW = new Date('2026-12-07T12:00:00Z');

function withParts(parts) {
  return {...BUILT_IN, ...parts};
}

test('a full-size, current KEV catalog and EPSS file: changes listed, no warning', () => {
  const proposed = withParts({
    kev: {catalog_version: '2026.12.05', date_released: '2026-12-05T15:00:00Z', cves: 1480},
    epss: {model_version: 'v2025.03.14', score_date: '2026-12-06', cves: 296512, coverage: 'full'},
  });
  const {changes, warnings} = intelChanges({files: [{name: 'kev.json', kind: 'kev'},
    {name: 'epss_scores-2026-12-06.csv.gz', kind: 'epss'}], current: BUILT_IN, builtIn: BUILT_IN, proposed}, NOW);
  assert.deepEqual(warnings, []);
  assert.deepEqual(changes.map((c) => [c.kind, c.after, c.before]), [
    ['kev', {cves: 1480, date: '2026-12-05'}, {cves: 1404, date: '2025-08-25'}],
    ['epss', {cves: 296512, date: '2026-12-06'}, {cves: 1556, date: '2026-08-21'}],
  ]);
  assert.equal(changes[0].text, 'KEV catalog from kev.json: 1,480 known exploited CVEs, released 2026-12-05 '
    + '(in use: 1,404 known exploited CVEs, released 2025-08-25)');
});

test('a one-entry KEV catalog and a four-row EPSS file are warned about', () => {
  const proposed = withParts({
    kev: {catalog_version: '2026.11.20', date_released: '2026-11-20T15:00:00Z', cves: 1},
    epss: {model_version: '', score_date: '2026-11-20', cves: 4, coverage: 'full'},
  });
  const {warnings} = intelChanges({files: [{name: 'scan.nessus', kind: 'kev'}, {name: 'e.csv', kind: 'epss'}],
    current: BUILT_IN, builtIn: BUILT_IN, proposed}, NOW);
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0], /^scan\.nessus lists only 1 known exploited CVEs, under half of the built-in catalog's 1,404/);
  assert.match(warnings[1], /^e\.csv scores only 4 CVEs where the bundle in use scores 1,556/);
});

test('dates in the future and older than the bundle in use are warned about; tomorrow is not the future', () => {
  const files = [{name: 'kev.json', kind: 'kev'}, {name: 'msf.tsv', kind: 'metasploit'}];
  const future = withParts({
    kev: {...BUILT_IN.kev, date_released: '2027-03-01T00:00:00Z'},
    exploits: {...BUILT_IN.exploits, metasploit_date: '2024-01-01'},
  });
  const {warnings} = intelChanges({files, current: BUILT_IN, builtIn: BUILT_IN, proposed: future}, NOW);
  assert.deepEqual(warnings, [
    'kev.json: dated 2027-03-01, in the future. A genuine KEV catalog is never dated later than today.',
    'msf.tsv: dated 2024-01-01, older than the Metasploit table in use (2025-12-19).',
  ]);
  const tomorrow = withParts({kev: {...BUILT_IN.kev, date_released: '2026-12-08T01:00:00Z'}});
  assert.deepEqual(intelChanges({files: files.slice(0, 1), current: BUILT_IN, builtIn: BUILT_IN, proposed: tomorrow},
    NOW).warnings, []);
});

test('a small EPSS file is no warning when the bundle in use has none larger', () => {
  const small = {epss: {score_date: '2026-12-01', cves: 10, coverage: 'full'}};
  const current = withParts({epss: {score_date: '2026-11-30', cves: 8, coverage: 'full'}});
  const builtIn = withParts({epss: {score_date: '2026-08-21', cves: 5, coverage: 'partial'}});
  const {warnings} = intelChanges({files: [{name: 'e.csv', kind: 'epss'}], current, builtIn,
    proposed: withParts(small)}, NOW);
  assert.deepEqual(warnings, []);
});
