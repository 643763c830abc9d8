// web/workspace_crypto.js against Node's own crypto (node:crypto's PBKDF2
// and AES-256-GCM, a separate implementation from WebCrypto's API path),
// and the export format's round trip and refusals.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createCipheriv, pbkdf2Sync} from 'node:crypto';
import * as wc from '../../web/workspace_crypto.js';

const salt = Uint8Array.from({length: 16}, (_, i) => i + 1);
const iv = Uint8Array.from({length: 12}, (_, i) => 0xa0 + i);
const plain = new TextEncoder().encode('Finding: Apache Struts RCE on web-01');

// The same sealing by node:crypto: iv || ciphertext || tag.
function nodeSeal(passphrase, iterations, label) {
  const key = pbkdf2Sync(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(label));
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return new Uint8Array(Buffer.concat([iv, body]));
}

test('the parameters are the documented ones', () => {
  assert.equal(wc.PBKDF2_ITERATIONS, 600000);
  assert.equal(wc.SALT_BYTES, 16);
  assert.equal(wc.IV_BYTES, 12);
});

test('seal() matches PBKDF2-SHA-256 + AES-256-GCM of node:crypto at 600,000 iterations', async () => {
  const key = await wc.deriveKey('correct horse battery staple', salt, 600000);
  const ours = await wc.seal(key, plain, 'decisions', iv);
  assert.deepEqual(ours, nodeSeal('correct horse battery staple', 600000, 'decisions'));
  assert.deepEqual(await wc.unseal(key, ours, 'decisions'), plain);
});

test('the passphrase is NFC-normalised before derivation', async () => {
  const key = await wc.deriveKey('cafe\u0301', salt, wc.MIN_ITERATIONS);
  assert.deepEqual(await wc.seal(key, plain, 'x', iv), nodeSeal('caf\u00e9', wc.MIN_ITERATIONS, 'x'));
});

test('unseal() refuses another key, another label, a changed byte', async () => {
  const key = await wc.deriveKey('right', salt, wc.MIN_ITERATIONS);
  const other = await wc.deriveKey('wrong', salt, wc.MIN_ITERATIONS);
  const sealed = await wc.seal(key, plain, 'policy');
  await assert.rejects(wc.unseal(other, sealed, 'policy'));
  await assert.rejects(wc.unseal(key, sealed, 'intel'));
  const flipped = sealed.slice();
  flipped[20] ^= 1;
  await assert.rejects(wc.unseal(key, flipped, 'policy'));
});

test('every seal() has a fresh IV', async () => {
  const key = await wc.deriveKey('right', salt, wc.MIN_ITERATIONS);
  const a = await wc.seal(key, plain, 'x');
  const b = await wc.seal(key, plain, 'x');
  assert.notDeepEqual(a.subarray(0, 12), b.subarray(0, 12));
});

test('newEncryption() + unlock(): right passphrase gives the key, wrong gives null', async () => {
  const made = await wc.newEncryption('s3cret passphrase', wc.MIN_ITERATIONS);
  assert.equal(made.kdf.salt.length, 16);
  const key = await wc.unlock(made, 's3cret passphrase');
  assert.ok(key);
  const sealed = await wc.seal(made.key, plain, 'x');
  assert.deepEqual(await wc.unseal(key, sealed, 'x'), plain);
  assert.equal(await wc.unlock(made, 's3cret passphrasE'), null);
  await assert.rejects(wc.deriveKey('x', salt, 1000), /below/);
});

test('encodeRecord/decodeRecord: gzip for data, sealed when keyed, no plaintext left', async () => {
  const meta = {title: 'Apache Struts RCE', n: 3};
  const bytes = new TextEncoder().encode('Apache Struts RCE '.repeat(200));
  const clear = await wc.encodeRecord('decisions', meta, bytes, null);
  assert.ok(clear.length < bytes.length / 4, 'compressed');
  assert.deepEqual(await wc.decodeRecord('decisions', clear, null), {meta, bytes});
  const key = await wc.deriveKey('k', salt, wc.MIN_ITERATIONS);
  const sealed = await wc.encodeRecord('snapshot', meta, bytes, key);
  assert.ok(!Buffer.from(sealed).includes('Struts'));
  assert.deepEqual(await wc.decodeRecord('snapshot', sealed, key), {meta, bytes});
  await assert.rejects(wc.decodeRecord('decisions', sealed, key));
});

test('export lines parse back; damaged files are refused', async () => {
  const made = await wc.newEncryption('p', wc.MIN_ITERATIONS);
  const ws = {name: 'Acme Corp', encrypted: true, kdf: made.kdf, verifier: made.verifier};
  const records = [{kind: 'decisions', body: new Uint8Array([1, 2, 3])}, {kind: 'snapshot', body: new Uint8Array(70000).fill(7)}];
  const text = wc.exportLines(ws, records).join('');
  const header = JSON.parse(text.split('\n')[0]);
  assert.equal(header.format, 'exposure-lens/workspace/v1');
  assert.equal(header.kdf.iterations, wc.MIN_ITERATIONS);
  const back = wc.parseExport(text);
  assert.deepEqual(back.records, records);
  assert.deepEqual(back.workspace.kdf.salt, made.kdf.salt);
  assert.ok(await wc.unlock(back.workspace, 'p'));
  assert.throws(() => wc.parseExport(text.split('\n').slice(0, 2).join('\n')), /truncated/);
  assert.throws(() => wc.parseExport('{"format":"other"}\n'), /not a workspace file/);
  const weak = text.replace(`"iterations":${wc.MIN_ITERATIONS}`, '"iterations":10');
  assert.throws(() => wc.parseExport(weak), /key derivation/);
  const plainWs = wc.parseExport(wc.exportLines({name: 'b', encrypted: false}, []).join(''));
  assert.deepEqual(plainWs, {workspace: {name: 'b', encrypted: false}, records: []});
});
