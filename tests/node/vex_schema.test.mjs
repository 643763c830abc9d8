// The VEX exports of the native CLI (`exposure export --to openvex` and
// `--to cyclonedx-vex`, with decisions of every status) against the
// official schemas shipped in tests/data/schemas/ (see its README): OpenVEX
// 0.2.0 (JSON Schema 2020-12) and CycloneDX 1.6 (draft-07, with the SPDX
// and JSF schemas it refers to).
//
// Needs the npm packages `ajv` and `ajv-formats` (development
// dependencies). They are loaded with require(), which also honours
// NODE_PATH, so a checkout without them skips these tests with a message
// instead of failing to import; so does a CLI without the `export` command.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {ROOT} from '../support/corpus_inputs.mjs';

// EXPOSURE_CLI: the CLI to run instead of build/bin/exposure.
const CLI = path.resolve(process.env.EXPOSURE_CLI || path.join(ROOT, 'build/bin/exposure'));
const SCHEMAS = path.join(ROOT, 'tests/data/schemas');
const INPUTS = ['webapp-image.grype.json', 'webapp-image.trivy.json', 'host-scan.nessus']
  .map((f) => path.join(ROOT, 'examples', f));

// The same decisions as tests/vex_test_util.h: every status, with and
// without justification, by CVE and component, by rule, by one CVE of many.
const DECISIONS = {decisions: [
  {match: {cve: 'CVE-2022-37434', component: 'pkg:apk/alpine/zlib'}, status: 'not_affected',
    justification: 'vulnerable_code_not_in_execute_path', by: 'alice',
    reason: 'inflateGetHeader is never called'},
  {match: {cve: 'CVE-2023-0286'}, status: 'not_affected', reason: 'no X.400 addresses are processed'},
  {match: {cve: 'CVE-2023-38545'}, status: 'false_positive', by: 'bob', reason: 'curl is built without SOCKS5'},
  {match: {rule: 'nessus:156255'}, status: 'accepted', by: 'carol', reason: 'internal only', until: '2099-12-31'},
  {match: {cve: 'CVE-2021-23337'}, status: 'deferred', until: '2099-06-30', reason: 'next release'},
  {match: {cve: 'cve-2017-0144'}, status: 'not_affected', justification: 'inline_mitigations_already_exist',
    by: 'dave'},
]};

function loadAjv() {
  const require = createRequire(import.meta.url);
  try {
    return {
      Ajv: require('ajv').default,
      Ajv2020: require('ajv/dist/2020').default,
      addFormats: require('ajv-formats').default,
    };
  } catch {
    return null;
  }
}
const AJV = loadAjv();
const NO_AJV = 'the npm packages ajv and ajv-formats are not installed (npm install, or NODE_PATH)';

// The formats the schemas use that ajv-formats does not define. An IRI is
// a scheme, a colon and characters RFC 3987 allows (no space, no
// delimiter it excludes); an IRI reference may lack the scheme.
function addIriFormats(ajv) {
  const iri = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/u;
  ajv.addFormat('iri', iri);
  ajv.addFormat('iri-reference', /^[^\s<>"{}|\\^`]*$/u);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
}

function schema(file) {
  return JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
}

function openVexValidator() {
  const ajv = new AJV.Ajv2020({strict: false, allErrors: true});
  AJV.addFormats(ajv);
  addIriFormats(ajv);
  return ajv.compile(schema('openvex_json_schema.json'));
}

function cycloneDxValidator() {
  const ajv = new AJV.Ajv({strict: false, allErrors: true});
  AJV.addFormats(ajv);
  addIriFormats(ajv);
  ajv.addSchema(schema('spdx.schema.json'));
  ajv.addSchema(schema('jsf-0.82.schema.json'));
  return ajv.compile(schema('bom-1.6.schema.json'));
}

// Runs `exposure export --to <format>`; {doc} or {skip: why}. Fails on any
// other error.
function exportDoc(format, decisions) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-vex-'));
  try {
    const file = path.join(tmp, 'decisions.json');
    fs.writeFileSync(file, JSON.stringify(decisions));
    const out = path.join(tmp, `out.${format}.json`);
    const r = spawnSync(CLI, ['export', '--to', format, '--decisions', file, '--out', out, ...INPUTS],
      {maxBuffer: 1 << 30});
    assert.ok(!r.error, `${CLI}: ${r.error}`);
    const stderr = String(r.stderr);
    if (r.status !== 0 && stderr.includes('unknown command: export')) {
      return {skip: `${CLI} has no export command yet`};
    }
    return {status: r.status, stderr, doc: r.status === 0 ? JSON.parse(fs.readFileSync(out, 'utf8')) : null};
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
  }
}

function errors(validate) {
  return JSON.stringify(validate.errors, null, 2);
}

test('the OpenVEX export is valid OpenVEX 0.2.0', (t) => {
  if (!AJV) return t.skip(NO_AJV);
  const r = exportDoc('openvex', DECISIONS);
  if (r.skip) return t.skip(r.skip);
  assert.equal(r.status, 0, r.stderr);
  const validate = openVexValidator();
  assert.ok(validate(r.doc), errors(validate));
  const statuses = new Set(r.doc.statements.map((s) => s.status));
  assert.deepEqual([...statuses].sort(), ['affected', 'not_affected']);

  // The validator does check: a statement the spec forbids fails it.
  const bad = structuredClone(r.doc);
  const affected = bad.statements.find((s) => s.status === 'affected');
  delete affected.action_statement;
  assert.equal(validate(bad), false);
});

test('the OpenVEX export of no decisions is refused, not an invalid document', (t) => {
  if (!AJV) return t.skip(NO_AJV);
  const r = exportDoc('openvex', {decisions: []});
  if (r.skip) return t.skip(r.skip);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /at least one statement/);
});

test('the CycloneDX VEX export is a valid CycloneDX 1.6 BOM', (t) => {
  if (!AJV) return t.skip(NO_AJV);
  const r = exportDoc('cyclonedx-vex', DECISIONS);
  if (r.skip) return t.skip(r.skip);
  assert.equal(r.status, 0, r.stderr);
  const validate = cycloneDxValidator();
  assert.ok(validate(r.doc), errors(validate));
  const states = new Set(r.doc.vulnerabilities.map((v) => v.analysis.state));
  assert.deepEqual([...states].sort(), ['exploitable', 'false_positive', 'not_affected']);

  const bad = structuredClone(r.doc);
  bad.vulnerabilities[0].analysis.state = 'affected';  // OpenVEX's word, not CycloneDX's
  assert.equal(validate(bad), false);

  const empty = exportDoc('cyclonedx-vex', {decisions: []});
  assert.equal(empty.status, 0, empty.stderr);
  assert.deepEqual(empty.doc.vulnerabilities, []);
  assert.ok(validate(empty.doc), errors(validate));
});
