// The CLI's SARIF export (`exposure export --to sarif`) validated with Ajv
// against the OASIS SARIF 2.1.0 schema shipped in tests/data/schemas, plus
// what GitHub code scanning adds on top: one run per file, at most 25,000
// results in it, a category (automationDetails.id) of its own per file.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {CORPUS, ROOT, sharedPresent} from '../support/corpus_inputs.mjs';

// EXPOSURE_CLI: the CLI to run instead of build/bin/exposure.
const CLI = path.resolve(process.env.EXPOSURE_CLI || path.join(ROOT, 'build/bin/exposure'));
const GITHUB_RESULTS_PER_RUN = 25000;

// The schema is draft-04, which Ajv 8 does not read as such; its keywords
// here are ones draft-07 reads alike (no boolean exclusiveMinimum or the
// like), so it is compiled as draft-07 with `id` renamed `$id`.
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(
      path.join(ROOT, 'tests/data/schemas/sarif-schema-2.1.0.json'), 'utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  assert.doesNotMatch(JSON.stringify(schema), /"exclusiveM(in|ax)imum":\s*(true|false)/);
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({allErrors: true, strict: false});
  addFormats(ajv);
  return ajv.compile(schema);
}

// Runs the export of `inputs` into a fresh folder; the parts' texts in
// order, or null when this CLI has no export command yet.
function exportSarif(t, inputs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-sarif-'));
  try {
    const out = path.join(dir, 'x.sarif');
    const r = spawnSync(CLI, ['export', '--to', 'sarif', '--out', out, ...inputs],
        {maxBuffer: 1 << 30});
    const stderr = String(r.stderr);
    if (r.status !== 0 && stderr.includes('unknown command: export')) {
      t.skip(`${CLI} has no export command yet (it said "unknown command: export")`);
      return null;
    }
    assert.equal(r.error, undefined, `cannot run ${CLI}: ${r.error}`);
    assert.equal(r.status, 0, stderr);
    // Part 1 is x.sarif, part n > 1 is x-n.sarif (PartName()).
    const parts = [fs.readFileSync(out, 'utf8')];
    for (let n = 2; fs.existsSync(path.join(dir, `x-${n}.sarif`)); ++n) {
      parts.push(fs.readFileSync(path.join(dir, `x-${n}.sarif`), 'utf8'));
    }
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sarif'));
    assert.equal(files.length, parts.length, `unexpected files: ${files}`);
    return parts;
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
}

// Validates every part; returns the logs.
function checkParts(validate, parts) {
  const logs = parts.map((text) => JSON.parse(text));
  const ids = new Set();
  logs.forEach((log, i) => {
    const ok = validate(log);
    assert.ok(ok, `part ${i + 1}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
    assert.equal(log.runs.length, 1, 'one run per file');
    const run = log.runs[0];
    assert.ok(run.results.length <= GITHUB_RESULTS_PER_RUN);
    assert.equal(run.tool.driver.name, 'Exposure Lens');
    const id = run.automationDetails.id;
    assert.equal(id, logs.length === 1 ? 'exposure-lens/' : `exposure-lens/part-${i + 1}/`);
    ids.add(id);
    for (const r of run.results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.ok(r.locations[0].physicalLocation.artifactLocation.uri.length > 0);
      assert.ok(r.locations[0].physicalLocation.region.startLine >= 1);
    }
  });
  assert.equal(ids.size, logs.length);
  return logs;
}

const validate = sarifValidator();

test('the SARIF of hosts, images and code is valid SARIF 2.1.0', (t) => {
  const inputs = [
    path.join(ROOT, 'examples/host-scan.nessus'),
    path.join(ROOT, 'examples/webapp-image.trivy.json'),
    path.join(ROOT, 'tests/fixtures/sarif/snyk_code_test.sarif'),
  ];
  const parts = exportSarif(t, inputs);
  if (!parts) return;
  const [log] = checkParts(validate, parts);
  assert.ok(log.runs[0].results.length > 20);
  // What the schema does not say: that a broken log fails. The check is
  // only worth something if it can fail.
  const broken = structuredClone(log);
  broken.runs[0].results[0].level = 'fatal';
  assert.equal(validate(broken), false);
});

test('the SARIF of every SARIF file of the corpus is valid', (t) => {
  const dir = path.join(CORPUS, 'sarif');
  if (!sharedPresent(dir, 'the corpus SARIF inputs')) {
    t.skip('no ../shared/corpus/sarif');
    return;
  }
  const inputs = fs.readdirSync(dir).filter((f) => /\.(sarif|json)$/.test(f)).sort()
      .map((f) => path.join(dir, f));
  const parts = exportSarif(t, inputs);
  if (!parts) return;
  checkParts(validate, parts);
});

test('more than 25,000 results are split into files of one run each', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exposure-sarif-big-'));
  try {
    const nessus = path.join(tmp, 'big.nessus');
    const gen = spawnSync('python3', [path.join(ROOT, 'bench/gen.py'), 'nessus', '40', nessus]);
    assert.equal(gen.status, 0, String(gen.stderr));
    const parts = exportSarif(t, [nessus]);
    if (!parts) return;
    const report = JSON.parse(spawnSync(CLI, ['analyze', '--detail', 'table', nessus],
        {maxBuffer: 1 << 30}).stdout.toString('utf8'));
    const findings = report.findings.length;
    assert.ok(findings > GITHUB_RESULTS_PER_RUN, `${findings} findings`);
    assert.equal(parts.length, Math.ceil(findings / GITHUB_RESULTS_PER_RUN));
    const logs = checkParts(validate, parts);
    assert.equal(logs.reduce((n, l) => n + l.runs[0].results.length, 0), findings);
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
