#!/usr/bin/env node
// The `exposure` CLI on Node, running the wasm core: the same RunCli() as the
// native binary, with Node's fs as its host, so the output is the same bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadCore} from './core.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// Writes all of `bytes` to a file descriptor, retrying when a non-blocking
// pipe is momentarily full.
function writeAll(fd, bytes) {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      if (err.code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

// The C library's wording for the usual errors, so messages match the
// native CLI's (strerror) byte for byte.
const ERRNO_TEXT = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  EPERM: 'Operation not permitted',
};

function errorText(err) {
  return ERRNO_TEXT[err.code] ?? err.message;
}

function toBytes(data) {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

async function main() {
  const core = await loadCore({
    wasmBinary: fs.readFileSync(path.join(here, 'exposure_core.wasm')),
  });
  const mod = core.module;
  const files = new Map();
  let nextHandle = 0;
  const spill = {fd: -1, size: 0};
  const host = {
    lastError: '',
    // A terminal on stdout: commands with a text form print it.
    interactive: Boolean(process.stdout.isTTY),
    // A terminal on stderr: progress lines for large inputs.
    errInteractive: Boolean(process.stderr.isTTY),
    open(p) {
      try {
        const fd = p === '-' ? 0 : fs.openSync(p, 'r');
        files.set(nextHandle, fd);
        return nextHandle++;
      } catch (err) {
        host.lastError = errorText(err);
        return -1;
      }
    },
    read(handle, address, capacity) {
      try {
        const view = new Uint8Array(mod.HEAPU8.buffer, address, capacity);
        return fs.readSync(files.get(handle), view, 0, capacity, null);
      } catch (err) {
        host.lastError = errorText(err);
        return -1;
      }
    },
    close(handle) {
      const fd = files.get(handle);
      if (fd !== undefined && fd !== 0) fs.closeSync(fd);
      files.delete(handle);
    },
    writeFile(p, bytes) {
      try {
        fs.writeFileSync(p, bytes);
        return '';
      } catch (err) {
        return errorText(err);
      }
    },
    create(p) {
      try {
        files.set(nextHandle, fs.openSync(p, 'w'));
        return nextHandle++;
      } catch (err) {
        host.lastError = errorText(err);
        return -1;
      }
    },
    write(handle, bytes) {
      try {
        writeAll(files.get(handle), bytes);
        return '';
      } catch (err) {
        return errorText(err);
      }
    },
    closeOutput(handle) {
      const fd = files.get(handle);
      files.delete(handle);
      try {
        if (fd !== undefined) fs.closeSync(fd);
        return '';
      } catch (err) {
        return errorText(err);
      }
    },
    out(bytes) {
      writeAll(1, toBytes(bytes));
    },
    err(bytes) {
      writeAll(2, toBytes(bytes));
    },
    // Spill space: a temporary file, unlinked at once (as the native CLI's)
    // so that nothing is left behind however the process ends.
    spillCreate() {
      const dir = os.tmpdir();
      let tmp;
      try {
        tmp = fs.mkdtempSync(path.join(dir, 'exposure-spill-'));
        const file = path.join(tmp, 'spill');
        spill.fd = fs.openSync(file, 'w+');
        fs.unlinkSync(file);
        fs.rmdirSync(tmp);
        spill.size = 0;
        return '';
      } catch (err) {
        return `${path.join(dir, 'exposure-spill-XXXXXX')}: ${errorText(err)}`;
      }
    },
    spillAppend(bytes) {
      try {
        let off = 0;
        while (off < bytes.length) {
          off += fs.writeSync(spill.fd, bytes, off, bytes.length - off,
                              spill.size + off);
        }
        spill.size += bytes.length;
        return '';
      } catch (err) {
        return errorText(err);
      }
    },
    spillRead(offset, address, size) {
      try {
        const view = new Uint8Array(mod.HEAPU8.buffer, address, size);
        let done = 0;
        while (done < size) {
          const n = fs.readSync(spill.fd, view, done, size - done,
                                offset + done);
          if (n === 0) return 'unexpected end of the spill file';
          done += n;
        }
        return '';
      } catch (err) {
        return errorText(err);
      }
    },
    spillTruncate(size) {
      spill.size = size;
      try {
        fs.ftruncateSync(spill.fd, size);
      } catch {
        // The bytes past `size` are merely unused.
      }
    },
    spillClose() {
      if (spill.fd >= 0) fs.closeSync(spill.fd);
      spill.fd = -1;
    },
  };
  // A failure of the core itself (a CoreError) is printed by the catch
  // below, "exposure: internal error: ...", and exits 1.
  return core.runCli(process.argv.slice(2), host);
}

main().then((code) => {
  process.exitCode = code;
}, (err) => {
  process.stderr.write(`exposure: ${err && err.message ? err.message : err}\n`);
  process.exitCode = 1;
});
