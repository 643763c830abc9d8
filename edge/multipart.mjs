// A streaming reader of multipart/form-data bodies (RFC 7578 over the
// multipart syntax of RFC 2046): several files in one request, each handed
// over in pieces as its bytes arrive, so no part (and no body) is ever held
// whole. Push-based: push(chunk) calls the handlers synchronously, and the
// Uint8Arrays given to onData are views valid only during that call.
//
//   const reader = new MultipartReader(boundary, {
//     onPart({name, filename, contentType}) {...},  // a part's headers, parsed
//     onData(bytes) {...},                          // its next bytes
//     onPartEnd() {...},
//   });
//   reader.push(chunk); ...; reader.finish();
//
// Malformed input throws a MultipartError naming what is wrong and the byte
// offset where it was found; the caller turns it into a 400.

const CR = 13;
const LF = 10;
const DASH = 45;
// A part's header block larger than this is refused (a real one is a few
// hundred bytes).
const MAX_HEADER_BYTES = 16 * 1024;
// RFC 2046: 1 to 70 characters.
const MAX_BOUNDARY_LENGTH = 70;

export class MultipartError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MultipartError';
  }
}

// The boundary of a multipart/form-data Content-Type, or null when the type
// is not multipart/form-data. Throws when it is, but without a usable
// boundary.
export function multipartBoundary(contentType) {
  if (!contentType) return null;
  const [type, ...params] = contentType.split(';');
  if (type.trim().toLowerCase() !== 'multipart/form-data') return null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      value = value.slice(1, -1);
    }
    if (value.length < 1 || value.length > MAX_BOUNDARY_LENGTH) break;
    return value;
  }
  throw new MultipartError(
      'multipart/form-data without a boundary parameter of 1 to 70 characters');
}

// The value of `param` in a header such as Content-Disposition
// (`form-data; name="file"; filename="scan.nessus"`), unquoted; null when
// absent. Quoted values may contain ';' and escaped quotes.
function headerParam(header, param) {
  const re = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (let m; (m = re.exec(header));) {
    if (m[1].toLowerCase() === param) {
      return m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    }
  }
  return null;
}

function parseHeaders(text, offset) {
  const headers = new Map();
  for (const line of text.split('\r\n')) {
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new MultipartError(`malformed part header at byte ${offset}: ${JSON.stringify(line.slice(0, 80))}`);
    }
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition');
  if (!disposition || !/^form-data\b/i.test(disposition)) {
    throw new MultipartError(`part at byte ${offset} has no Content-Disposition: form-data header`);
  }
  return {
    name: headerParam(disposition, 'name') ?? '',
    filename: headerParam(disposition, 'filename'),
    contentType: headers.get('content-type') ?? null,
  };
}

export class MultipartReader {
  constructor(boundary, handlers) {
    const encoder = new TextEncoder();
    // Every delimiter is CRLF "--" boundary; the body's first one may lack
    // the CRLF, so the reader starts as if one came before the body.
    this.delimiter = encoder.encode(`\r\n--${boundary}`);
    this.handlers = handlers;
    this.state = 'preamble';  // preamble | after-delimiter | headers | body | epilogue
    this.pending = Uint8Array.of(CR, LF);
    this.offset = -2;  // body offset of pending[0]
    this.headerBytes = [];
    this.headerLength = 0;
    this.parts = 0;
  }

  push(chunk) {
    if (this.state === 'epilogue' || chunk.length === 0) return;
    let data = chunk;
    if (this.pending.length) {
      data = new Uint8Array(this.pending.length + chunk.length);
      data.set(this.pending);
      data.set(chunk, this.pending.length);
    }
    const consumed = this.scan(data);
    this.pending = data.slice(consumed);
    this.offset += consumed;
  }

  // Ends the body: throws unless the closing delimiter was seen.
  finish() {
    if (this.state !== 'epilogue') {
      throw new MultipartError(
          `multipart body ended at byte ${this.offset + this.pending.length} before its closing boundary`);
    }
  }

  // Consumes what it can of `data`; returns how many bytes it consumed
  // (the rest waits for more: a possible delimiter's start, or an
  // incomplete line).
  scan(data) {
    let at = 0;
    for (;;) {
      switch (this.state) {
        case 'preamble':
        case 'body': {
          const hit = this.find(data, at);
          if (hit < 0) {
            // Keep what could be the start of a delimiter.
            const keep = Math.min(data.length - at, this.delimiter.length - 1);
            const end = data.length - keep;
            if (this.state === 'body' && end > at) this.handlers.onData(data.subarray(at, end));
            return end;
          }
          if (this.state === 'body') {
            if (hit > at) this.handlers.onData(data.subarray(at, hit));
            this.handlers.onPartEnd();
          }
          at = hit + this.delimiter.length;
          this.state = 'after-delimiter';
          break;
        }
        case 'after-delimiter': {
          // "--" closes the body; else optional whitespace and CRLF start a
          // part's headers.
          if (data.length - at < 2) return at;
          if (data[at] === DASH && data[at + 1] === DASH) {
            this.state = 'epilogue';
            return data.length;
          }
          let i = at;
          while (i < data.length && (data[i] === 32 || data[i] === 9)) i++;
          if (data.length - i < 2) return at;
          if (data[i] !== CR || data[i + 1] !== LF) {
            throw new MultipartError(`malformed boundary line at byte ${this.offset + at}`);
          }
          at = i + 2;
          this.state = 'headers';
          this.headerBytes = [];
          this.headerLength = 0;
          break;
        }
        case 'headers': {
          if (this.headerLength === 0 && data.length - at < 2) return at;
          if (this.headerLength === 0 && data[at] === CR && data[at + 1] === LF) {
            throw new MultipartError(`part at byte ${this.offset + at} has no Content-Disposition: form-data header`);
          }
          const end = this.headerEnd(data, at);
          if (end < 0) {
            // Keep up to 3 bytes that may start the blank line.
            const keep = Math.min(data.length - at, 3);
            const take = data.subarray(at, data.length - keep);
            this.headerBytes.push(take.slice());
            this.headerLength += take.length;
            if (this.headerLength > MAX_HEADER_BYTES) {
              throw new MultipartError(`part headers at byte ${this.offset + at} exceed ${MAX_HEADER_BYTES} bytes`);
            }
            return data.length - keep;
          }
          this.headerBytes.push(data.slice(at, end));
          this.headerLength += end - at;
          if (this.headerLength > MAX_HEADER_BYTES) {
            throw new MultipartError(`part headers at byte ${this.offset + at} exceed ${MAX_HEADER_BYTES} bytes`);
          }
          const bytes = new Uint8Array(this.headerLength);
          let o = 0;
          for (const piece of this.headerBytes) {
            bytes.set(piece, o);
            o += piece.length;
          }
          this.headerBytes = [];
          const text = new TextDecoder().decode(bytes);
          this.parts++;
          this.handlers.onPart(parseHeaders(text, this.offset + at));
          at = end + 4;
          this.state = 'body';
          break;
        }
        default:
          return data.length;
      }
    }
  }

  // Index of the next delimiter in data at or after `from`, or -1.
  find(data, from) {
    const d = this.delimiter;
    for (let i = data.indexOf(CR, from); i >= 0 && i + d.length <= data.length;
      i = data.indexOf(CR, i + 1)) {
      let j = 1;
      while (j < d.length && data[i + j] === d[j]) j++;
      if (j === d.length) return i;
    }
    return -1;
  }

  // Index of the CRLF CRLF ending the headers (at or after `from`), or -1.
  headerEnd(data, from) {
    for (let i = data.indexOf(CR, from); i >= 0 && i + 3 < data.length; i = data.indexOf(CR, i + 1)) {
      if (data[i + 1] === LF && data[i + 2] === CR && data[i + 3] === LF) return i;
    }
    return -1;
  }
}
