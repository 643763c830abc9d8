// The bridge's one envelope (wasm/bridge.cc, wasm/API.md): every call of
// the Emscripten module answers {value} or {error: {message, location}},
// for bad input and for a C++ exception alike, and never throws; core.mjs
// turns the errors into its documented values or a CoreError.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {loadCore, CoreError} from '../../build/wasm/core.mjs';
import {ROOT} from '../support/corpus_inputs.mjs';

const core = await loadCore({
  wasmBinary: fs.readFileSync(path.join(ROOT, 'build/wasm/exposure_core.wasm')),
});
const mod = core.module;

const nessus = fs.readFileSync(path.join(ROOT, 'examples/host-scan.nessus'));
const kev = fs.readFileSync(path.join(ROOT, 'tests/fixtures/intel/kev-small.json'));
// Beyond what a std::vector<char> may hold in wasm32 (2^31 - 1 bytes), so
// buffer() throws std::length_error before allocating anything.
const TOO_LARGE = 3e9;

// The value of an envelope that must be one.
function value(envelope) {
  assert.deepEqual(Object.keys(envelope), ['value'], `not a value: ${JSON.stringify(envelope)}`);
  return envelope.value;
}

// The error of an envelope that must be one: exactly {message, location},
// both strings.
function error(envelope) {
  assert.deepEqual(Object.keys(envelope), ['error'], `not an error: ${JSON.stringify(envelope)}`);
  assert.deepEqual(Object.keys(envelope.error), ['message', 'location']);
  assert.equal(typeof envelope.error.message, 'string');
  assert.equal(typeof envelope.error.location, 'string');
  assert.ok(envelope.error.message.length > 0);
  return envelope.error;
}

function copyIn(address, bytes) {
  mod.HEAPU8.set(bytes, address);
}

// Feeds `bytes` through a raw analyzer or intel builder in one piece.
function feedRaw(native, bytes) {
  copyIn(value(native.buffer(bytes.length)), bytes);
  return native.feed(bytes.length);
}

test('every call with good input answers {value}', () => {
  assert.equal(value(mod.version()), core.version());
  assert.ok(JSON.parse(value(mod.formats())).length > 30);
  const sniff = value(mod.sniffBytes());
  assert.equal(sniff, 64 * 1024);
  copyIn(value(mod.detectBuffer()), nessus.subarray(0, 4096));
  assert.equal(value(mod.detect(4096, false)), 'nessus');
  assert.equal(value(mod.detectIntel(4096, false)), '');
  assert.equal(JSON.parse(value(mod.builtInIntel())).origin, 'built-in');

  const a = value(mod.newAnalyzer());
  const intel = value(mod.newIntel());
  const builder = value(mod.newIntelBuilder());
  try {
    assert.equal(value(a.begin('host-scan.nessus')), undefined);
    assert.equal(value(feedRaw(a, nessus)), undefined);
    assert.equal(JSON.parse(value(a.end())).format, 'nessus');
    assert.equal(value(a.setSpill({}, 1024)), false, 'too late: an input was read');
    assert.equal(value(a.spilledBytes()), 0);
    assert.equal(JSON.parse(value(a.report())).schema, 'exposure-lens/report/v3');

    assert.equal(JSON.parse(value(intel.loadBuiltIn())).origin, 'built-in');
    assert.equal(value(a.setIntel(intel)), undefined);
    assert.equal(value(a.useBuiltInIntel()), undefined);

    const report = value(a.openReport('table', false));
    let bytes = 0;
    for (let piece; (piece = value(report.next())).length;) bytes += piece.length;
    assert.ok(bytes > 0);
    assert.equal(value(report.next()).length, 0, 'the end stays the end');
    report.delete();

    assert.equal(value(builder.begin('kev', 'kev.json')), undefined);
    assert.equal(value(feedRaw(builder, kev)), undefined);
    assert.equal(value(builder.end()), undefined);
    const empty = value(mod.newIntel());
    assert.equal(JSON.parse(value(builder.build(empty, 'tests'))).kev_from, 'kev.json');
    empty.delete();
    assert.ok(value(builder.bytes()).length > 32);

    let out = '';
    const host = {out: (b) => { out += Buffer.from(b).toString(); }, err: () => {}};
    assert.equal(value(mod.runCli(['--version'], host)), 0);
    assert.match(out, /0\.1\.0/);
  } finally {
    a.delete();
    intel.delete();
    builder.delete();
  }
});

test('every call with bad input answers {error: {message, location}} and never throws', () => {
  const a = value(mod.newAnalyzer());
  try {
    assert.deepEqual(error(a.openReport('everything', false)),
      {message: 'unknown report detail: everything', location: ''});
    assert.match(error(feedRaw(a, nessus)).message, /^feed\(\) without an input: call begin\(name\) first$/);
    assert.match(error(a.end()).message, /^end\(\) without an input/);

    // The analysis changes under an open report: the report stops, and
    // says so again on every later call.
    value(a.begin('host-scan.nessus'));
    value(feedRaw(a, nessus));
    value(a.end());
    const report = value(a.openReport('full', true));
    assert.ok(value(report.next()).length > 0);
    value(a.begin('more.nessus'));
    const changed = error(report.next());
    assert.deepEqual(changed, {message: 'the analysis changed while its report was read', location: ''});
    assert.deepEqual(error(report.next()), changed);
    report.delete();
    value(a.end());

    // A broken export is not an error of the calls: its record says so.
    value(a.begin('cut.nessus'));
    value(feedRaw(a, nessus.subarray(0, 1000)));
    const cut = JSON.parse(value(a.end()));
    assert.equal(cut.partial, true);
    assert.match(cut.errors[0].location, /^line \d+, column \d+ \(byte \d+\)$/);
  } finally {
    a.delete();
  }

  const intel = value(mod.newIntel());
  const builder = value(mod.newIntelBuilder());
  try {
    copyIn(value(intel.buffer(12)), new TextEncoder().encode('not a bundle'));
    const bad = error(intel.load(12, 'tests'));
    assert.ok(bad.message.length > 0);

    assert.deepEqual(error(builder.feed(0)), {message: 'intel: Feed without Begin', location: ''});
    assert.deepEqual(error(builder.end()), {message: 'intel: End without Begin', location: ''});
    assert.match(error(builder.begin('nessus', 'scan.nessus')).message, /^scan\.nessus: neither a CISA KEV catalog/);
    assert.deepEqual(error(builder.build(intel, 'tests')),
      {message: 'intel: no threat-intel file was read', location: ''});
    value(builder.begin('kev', 'broken.json'));
    const broken = error(feedRaw(builder, Buffer.from(kev.toString().replace('"2026-12-09"', '"soon"'))));
    assert.match(broken.message, /^broken\.json: KEV catalog: .*dueDate "soon"/);
    assert.match(broken.location, /^line 19, column \d+ \(byte \d+\)$/);
    assert.deepEqual(error(builder.end()), broken, 'the file\'s error sticks');
  } finally {
    intel.delete();
    builder.delete();
  }
});

test('a C++ exception becomes an error envelope, and the object goes on working', () => {
  const a = value(mod.newAnalyzer());
  const intel = value(mod.newIntel());
  const builder = value(mod.newIntelBuilder());
  try {
    for (const native of [a, intel, builder]) {
      const e = error(native.buffer(TOO_LARGE));
      assert.match(e.message, /^internal error: /);
      assert.equal(e.location, '');
    }
    value(a.begin('host-scan.nessus'));
    value(feedRaw(a, nessus));
    const input = JSON.parse(value(a.end()));
    assert.deepEqual(input.errors, []);
    assert.ok(input.findings > 0);
  } finally {
    a.delete();
    intel.delete();
    builder.delete();
  }
});

test('core.mjs: errors in the documented places are {message, location}', () => {
  const a = core.newAnalyzer();
  try {
    const expected = {message: 'unknown report detail: everything', location: ''};
    assert.deepEqual(a.reportParts('everything'), {parts: [], error: expected});
    const r = a.openReport('everything');
    assert.equal(r.next(), null);
    assert.deepEqual(r.error(), expected);
    r.close();
  } finally {
    a.delete();
  }
  const bad = core.loadIntel(new TextEncoder().encode('not a bundle'));
  assert.deepEqual(Object.keys(bad), ['error']);
  assert.deepEqual(Object.keys(bad.error), ['message', 'location']);
  const b = core.newIntelBuilder();
  try {
    assert.deepEqual(b.feed(kev), {message: 'intel: Feed without Begin', location: ''});
    assert.deepEqual(b.build(null), {error: {message: 'intel: no threat-intel file was read', location: ''}});
  } finally {
    b.delete();
  }
});

test('core.mjs: a call out of order or on a deleted analyzer throws a CoreError', () => {
  const a = core.newAnalyzer();
  assert.throws(() => a.feed(nessus), (err) => err instanceof CoreError
    && /^feed\(\) without an input/.test(err.message) && err.location === '');
  assert.throws(() => a.end(), CoreError);
  a.begin('host-scan.nessus');
  a.feed(nessus);
  assert.equal(a.end().format, 'nessus');
  a.delete();
  a.delete();  // harmless
  assert.throws(() => a.begin('again'), {name: 'CoreError', message: 'the analyzer was deleted'});
  assert.throws(() => a.report(), CoreError);
  assert.deepEqual(a.openReport().error(), {message: 'the analyzer was deleted', location: ''});
});

test('core.mjs: a closed report gives null and says it was closed; deleted intel objects', () => {
  const a = core.newAnalyzer();
  try {
    a.begin('host-scan.nessus');
    a.feed(nessus);
    a.end();
    const early = a.openReport();
    assert.ok(early.next().length > 0);
    early.close();
    assert.equal(early.next(), null);
    assert.deepEqual(early.error(), {message: 'the report was closed before its end', location: ''});
    early.close();  // harmless

    const whole = a.openReport('table');
    while (whole.next());
    whole.close();
    assert.equal(whole.next(), null);
    assert.equal(whole.error(), null, 'read to its end, then closed: complete');

    const {intel} = core.loadBuiltInIntel();
    intel.delete();
    intel.delete();  // harmless
    assert.throws(() => a.setIntel(intel), {name: 'CoreError', message: 'the intel was deleted'});
    const b = core.newIntelBuilder();
    assert.equal(b.begin('kev', 'kev.json'), null);
    assert.equal(b.feed(kev), null);
    assert.equal(b.end(), null);
    assert.deepEqual(b.build(intel), {error: {message: 'the intel was deleted', location: ''}});
    b.delete();
    assert.deepEqual(b.begin('kev', 'kev.json'), {message: 'the intel builder was deleted', location: ''});
    assert.throws(() => a.setIntel({description: {}}), CoreError, 'not an intel object of this core');
  } finally {
    a.delete();
  }
});

test('core.mjs: runCli gives the exit code', () => {
  let out = '';
  const host = {out: (b) => { out += Buffer.from(b).toString(); }, err: () => {}};
  assert.equal(core.runCli(['--version'], host), 0);
  assert.match(out, /0\.1\.0/);
});
