// The bytes of a workspace (docs/workspaces.md): how its records are packed,
// compressed and, for an encrypted workspace, sealed with a key derived from
// its passphrase; and the one-file export format. Pure: WebCrypto and
// CompressionStream only (the page's, a worker's or Node's), no storage, no
// network, so Node's tests check it against known answers.

// PBKDF2-SHA-256 iterations for a new encrypted workspace (OWASP's 2023
// password storage guidance). Stored with the workspace, so that a later
// change of this number still opens the older ones.
export const PBKDF2_ITERATIONS = 600000;
// Fewer are refused when a workspace (an imported file) asks for them: a
// file must not be able to weaken the key derivation to nothing.
export const MIN_ITERATIONS = 100000;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
export const EXPORT_FORMAT = 'exposure-lens/workspace/v1';
// What the verification record seals: opening it proves the passphrase.
const VERIFIER_TEXT = 'exposure-lens workspace key check v1';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', {fatal: true});

const subtleOf = () => globalThis.crypto.subtle;

export function newSalt() {
  return globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
}

// The workspace's AES-GCM 256-bit key from `passphrase` (any string, taken
// as UTF-8 after NFC normalisation, so that the same words typed on
// another system give the same key). Not extractable: it never leaves the
// memory of the context that derived it.
export async function deriveKey(passphrase, salt, iterations) {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS) {
    throw new Error(`PBKDF2 iteration count ${iterations} is below ${MIN_ITERATIONS}`);
  }
  const subtle = subtleOf();
  const base = await subtle.importKey('raw', encoder.encode(String(passphrase).normalize('NFC')),
    'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({name: 'PBKDF2', hash: 'SHA-256', salt, iterations}, base,
    {name: 'AES-GCM', length: 256}, false, ['encrypt', 'decrypt']);
}

// IV (12 random bytes, fresh for every call) followed by the ciphertext and
// its 16-byte tag. `label` (the record's kind) is authenticated data: a
// sealed decisions record cannot be passed off as a policy.
export async function seal(key, plain, label, iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES))) {
  const sealed = new Uint8Array(await subtleOf().encrypt(
    {name: 'AES-GCM', iv, additionalData: encoder.encode(label), tagLength: 128}, key, plain));
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv, 0);
  out.set(sealed, IV_BYTES);
  return out;
}

// The plaintext of seal()'s output; throws when the key is not the one it
// was sealed with, the label differs or a byte changed.
export async function unseal(key, sealed, label) {
  if (!(sealed instanceof Uint8Array) || sealed.length < IV_BYTES + 16) throw new Error('sealed record too short');
  const plain = await subtleOf().decrypt(
    {name: 'AES-GCM', iv: sealed.subarray(0, IV_BYTES), additionalData: encoder.encode(label), tagLength: 128},
    key, sealed.subarray(IV_BYTES));
  return new Uint8Array(plain);
}

export function makeVerifier(key) {
  return seal(key, encoder.encode(VERIFIER_TEXT), 'verify');
}

// Whether `key` opens the workspace's verification record (false for a
// wrong passphrase, never throws for one).
export async function checkVerifier(key, verifier) {
  try {
    return decoder.decode(await unseal(key, verifier, 'verify')) === VERIFIER_TEXT;
  } catch {
    return false;
  }
}

// The key of an encrypted workspace {kdf, verifier} from `passphrase`, or
// null when the passphrase is wrong.
export async function unlock(workspace, passphrase) {
  const {kdf} = workspace;
  if (!kdf || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') throw new Error('unknown key derivation');
  const key = await deriveKey(passphrase, kdf.salt, kdf.iterations);
  return (await checkVerifier(key, workspace.verifier)) ? key : null;
}

// A new encrypted workspace's stored fields {kdf, verifier} and its key.
export async function newEncryption(passphrase, iterations = PBKDF2_ITERATIONS) {
  const kdf = {name: 'PBKDF2', hash: 'SHA-256', iterations, salt: newSalt()};
  const key = await deriveKey(passphrase, kdf.salt, kdf.iterations);
  return {kdf, verifier: await makeVerifier(key), key};
}

async function through(stream, bytes) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

export const gzip = (bytes) => through(new CompressionStream('gzip'), bytes);
export const gunzip = (bytes) => through(new DecompressionStream('gzip'), bytes);

// One buffer of a JSON value and optional bytes: a 4-byte big-endian length,
// the JSON's UTF-8, then the bytes.
export function pack(meta, bytes = new Uint8Array(0)) {
  const json = encoder.encode(JSON.stringify(meta));
  const out = new Uint8Array(4 + json.length + bytes.length);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  out.set(bytes, 4 + json.length);
  return out;
}

export function unpack(buffer) {
  if (buffer.length < 4) throw new Error('record too short');
  const length = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength).getUint32(0);
  if (4 + length > buffer.length) throw new Error('record truncated');
  return {meta: JSON.parse(decoder.decode(buffer.subarray(4, 4 + length))), bytes: buffer.slice(4 + length)};
}

// Kinds whose bytes are compressed already (zstd snapshots): not gzipped.
const COMPRESSED_KINDS = new Set(['snapshot']);

// A record's stored body: pack(meta, bytes), gzipped (but snapshots), then
// sealed with `key` when the workspace is encrypted (key non-null).
export async function encodeRecord(kind, meta, bytes, key) {
  const packed = pack(meta, bytes);
  const body = COMPRESSED_KINDS.has(kind) ? packed : await gzip(packed);
  return key ? seal(key, body, kind) : body;
}

// {meta, bytes} of a body encodeRecord made.
export async function decodeRecord(kind, body, key) {
  const opened = key ? await unseal(key, body, kind) : body;
  return unpack(COMPRESSED_KINDS.has(kind) ? opened : await gunzip(opened));
}

// Base64 of bytes, in slices (a spread of a large array overflows the stack).
export function toBase64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

export function fromBase64(text) {
  const raw = atob(String(text));
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

// The export file's lines (JSON Lines): the header, then one line per
// record {kind, body}, body as stored (base64; still sealed when the
// workspace is encrypted). `workspace`: {name, encrypted, kdf, verifier};
// records: [{kind, body}].
export function exportLines(workspace, records) {
  const header = {
    format: EXPORT_FORMAT,
    name: workspace.name,
    encrypted: Boolean(workspace.encrypted),
    records: records.length,
  };
  if (workspace.encrypted) {
    header.kdf = {...workspace.kdf, salt: toBase64(workspace.kdf.salt)};
    header.verifier = toBase64(workspace.verifier);
  }
  return [header, ...records.map((r) => ({kind: r.kind, body: toBase64(r.body)}))]
    .map((line) => `${JSON.stringify(line)}\n`);
}

const KINDS = new Set(['snapshot', 'decisions', 'policy', 'intel']);

// The workspace and records of an export file's text; throws with a
// message for the user when it is not one.
export function parseExport(text) {
  const lines = String(text).split('\n').filter((line) => line.trim() !== '');
  let header;
  try {
    header = JSON.parse(lines[0] || '');
  } catch {
    throw new Error('not a workspace file (no JSON header line)');
  }
  if (!header || header.format !== EXPORT_FORMAT) throw new Error(`not a workspace file (format is not ${EXPORT_FORMAT})`);
  if (typeof header.name !== 'string' || !header.name.trim()) throw new Error('the workspace file has no name');
  const workspace = {name: header.name, encrypted: header.encrypted === true};
  if (workspace.encrypted) {
    const kdf = header.kdf || {};
    if (kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256' || !Number.isInteger(kdf.iterations)
      || kdf.iterations < MIN_ITERATIONS) {
      throw new Error('the workspace file has an unsupported key derivation');
    }
    workspace.kdf = {name: 'PBKDF2', hash: 'SHA-256', iterations: kdf.iterations, salt: fromBase64(kdf.salt)};
    workspace.verifier = fromBase64(header.verifier);
  }
  const records = lines.slice(1).map((line, i) => {
    const record = JSON.parse(line);
    if (!record || !KINDS.has(record.kind) || typeof record.body !== 'string') {
      throw new Error(`record ${i + 1} of the workspace file is not one`);
    }
    return {kind: record.kind, body: fromBase64(record.body)};
  });
  if (records.length !== header.records) {
    throw new Error(`the workspace file is truncated: ${records.length} of ${header.records} records`);
  }
  return {workspace, records};
}
