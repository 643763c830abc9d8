// The edge worker's streaming multipart/form-data reader (edge/multipart.mjs):
// the same parts whatever the chunking, and malformed bodies refused with
// a message that says where.
import {test} from 'node:test';
import assert from 'node:assert/strict';

import {MultipartError, MultipartReader, multipartBoundary} from '../../edge/multipart.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Reads `body` fed in pieces of `sizes` (cycled); returns the parts with
// their bytes as text.
function read(boundary, body, sizes = [body.length]) {
  const parts = [];
  const reader = new MultipartReader(boundary, {
    onPart(info) {
      parts.push({...info, data: []});
    },
    onData(bytes) {
      parts.at(-1).data.push(bytes.slice());
    },
    onPartEnd() {
      const p = parts.at(-1);
      const joined = new Uint8Array(p.data.reduce((n, d) => n + d.length, 0));
      let o = 0;
      for (const d of p.data) {
        joined.set(d, o);
        o += d.length;
      }
      p.data = decoder.decode(joined);
      p.ended = true;
    },
  });
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]);
    reader.push(bytes.subarray(at, at + n));
    at += n;
  }
  reader.finish();
  return parts;
}

// A body as browsers and curl write it.
function body(boundary, parts, {preamble = '', epilogue = ''} = {}) {
  let out = preamble;
  for (const p of parts) {
    out += `--${boundary}\r\n`;
    out += `Content-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) out += `; filename="${p.filename}"`;
    out += '\r\n';
    if (p.type) out += `Content-Type: ${p.type}\r\n`;
    out += `\r\n${p.data}\r\n`;
  }
  return `${out}--${boundary}--\r\n${epilogue}`;
}

const BOUNDARY = '----exposure7MA4YWxkTrZu0gW';
const PARTS = [
  {name: 'file', filename: 'cmdb.csv', type: 'text/csv', data: 'hostname,ip\r\nweb01,10.0.0.1\r\n'},
  // Data that nearly looks like a delimiter must stay data.
  {name: 'file', filename: 'scan.json', data: `{"a": "\r\n--${BOUNDARY.slice(0, 10)}x"}\r\n--`},
  {name: 'policy', data: '{"stale_days": 10}'},
  {name: 'file', filename: 'empty.txt', data: ''},
];

test('multipart: the same parts however the body is cut', () => {
  const text = body(BOUNDARY, PARTS, {preamble: 'ignored preamble\r\n', epilogue: 'ignored'});
  const whole = read(BOUNDARY, text);
  assert.deepEqual(whole.map((p) => [p.name, p.filename, p.data, p.ended]),
    PARTS.map((p) => [p.name, p.filename ?? null, p.data, true]));
  assert.equal(whole[0].contentType, 'text/csv');
  for (const size of [1, 2, 3, 5, 7, 13, 31, 64]) {
    assert.deepEqual(read(BOUNDARY, text, [size]), whole, `pieces of ${size} bytes`);
  }
  assert.deepEqual(read(BOUNDARY, text, [1, 40, 2, 3, 100]), whole);
});

test('multipart: a body without a preamble starts at its first boundary', () => {
  const parts = read('b', body('b', [{name: 'f', filename: 'a.txt', data: 'x'}]));
  assert.equal(parts.length, 1);
  assert.equal(parts[0].data, 'x');
});

test('multipart: quoted parameters keep semicolons and escaped quotes', () => {
  const text = '--b\r\nContent-Disposition: form-data; name="file"; filename="a;\\"b\\".csv"\r\n\r\nx\r\n--b--';
  assert.equal(read('b', text)[0].filename, 'a;"b".csv');
});

test('multipart: malformed bodies say what and where', () => {
  assert.throws(() => read('b', '--b\r\nContent-Disposition: form-data; name="f"\r\n\r\nx'),
    (err) => err instanceof MultipartError && /before its closing boundary/.test(err.message));
  assert.throws(() => read('b', '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--'),
    (err) => err instanceof MultipartError && /Content-Disposition/.test(err.message));
  assert.throws(() => read('b', '--b\r\n\r\nx\r\n--b--'),
    (err) => err instanceof MultipartError && /byte 5 has no Content-Disposition/.test(err.message));
  assert.throws(() => read('b', '--bX\r\n\r\n'),
    (err) => err instanceof MultipartError && /malformed boundary line at byte 3/.test(err.message));
  const huge = `--b\r\nContent-Disposition: form-data; name="f"\r\nX-Pad: ${'p'.repeat(20000)}\r\n\r\nx\r\n--b--`;
  assert.throws(() => read('b', huge, [1000]),
    (err) => err instanceof MultipartError && /exceed/.test(err.message));
});

test('multipart: the boundary comes from the Content-Type', () => {
  assert.equal(multipartBoundary('multipart/form-data; boundary=abc'), 'abc');
  assert.equal(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b:c"'), 'a b:c');
  assert.equal(multipartBoundary('application/json'), null);
  assert.equal(multipartBoundary(null), null);
  assert.throws(() => multipartBoundary('multipart/form-data'), MultipartError);
  assert.throws(() => multipartBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`), MultipartError);
});
