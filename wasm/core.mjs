// Loads the wasm core and wraps it in the small API documented in API.md.
// Shared by the Node CLI, the dashboard's Web Worker and the edge worker.
import createExposureCore from './exposure_core.mjs';

// Copies `bytes` into wasm memory at `address`. HEAPU8 is read afresh each
// time because growing the memory replaces the view.
function copyIn(mod, address, bytes) {
  mod.HEAPU8.set(bytes, address);
}

function wrapAnalyzer(mod) {
  const native = new mod.Analyzer();
  // A report read a piece at a time: next() gives the next piece (a copy)
  // or null at the end, error() then null or {message}; close() frees it
  // (required, also when not read to the end).
  const openReport = (detail = 'full') => {
    const report = native.openReport(String(detail));
    let open = true;
    return {
      next() {
        if (!open) return null;
        const view = report.next();
        return view.length ? view.slice() : null;
      },
      error() {
        return open ? errorOf(report.error()) : null;
      },
      close() {
        if (open) report.delete();
        open = false;
      },
    };
  };
  return {
    begin(name) {
      native.begin(String(name));
    },
    feed(chunk) {
      const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
      // Large chunks are fed in slices so the copy buffer stays small.
      const slice = 1 << 20;
      for (let off = 0; off < bytes.length; off += slice) {
        const part = bytes.subarray(off, Math.min(off + slice, bytes.length));
        const address = native.buffer(part.length);
        if (address === 0) throw new Error('out of memory');
        copyIn(mod, address, part);
        native.feed(part.length);
      }
    },
    end() {
      return JSON.parse(native.end());
    },
    // intel: an object from core.loadIntel()/loadBuiltInIntel(), or null
    // for the built-in bundle. Applies to the next report(), including
    // files already ended.
    setIntel(intel) {
      if (intel) native.setIntel(intel.native);
      else native.useBuiltInIntel();
    },
    // Lets the analysis keep about `budgetBytes` of its findings and report
    // layout in wasm memory and move the rest to `space`, an object with
    // synchronous methods that throw on failure:
    //   append(bytes)        add the bytes at the end (copy them)
    //   read(offset, into)   fill the Uint8Array `into` from `offset`
    //   truncate(size)       drop what lies past `size`
    //   close()              the analysis is freed: release the space
    // Before the first begin(); returns false (and uses no space) after.
    setSpill(space, budgetBytes) {
      const message = (err) => `spill space: ${err && err.message ? err.message : err}`;
      const host = {
        spillAppend(bytes) {
          try {
            space.append(bytes);
            return '';
          } catch (err) {
            return message(err);
          }
        },
        spillRead(offset, address, size) {
          try {
            space.read(offset, new Uint8Array(mod.HEAPU8.buffer, address, size));
            return '';
          } catch (err) {
            return message(err);
          }
        },
        spillTruncate(size) {
          try {
            space.truncate(size);
          } catch {
            // Only space is lost: later appends go past the old end.
          }
        },
        spillClose() {
          try {
            space.close();
          } catch {
            // Nothing left to tell.
          }
        },
      };
      return native.setSpill(host, Number(budgetBytes));
    },
    // Bytes of findings moved to the spill space so far.
    spilledBytes() {
      return native.spilledBytes();
    },
    report() {
      return native.report();
    },
    // The report in pieces, none of them copied into one string: {parts}
    // (Uint8Arrays, to make a Blob of) or {parts, error} when spilled
    // findings could not be read back (the parts then lack them). detail:
    // 'full' (the bytes of report()) or 'table' (see API.md).
    reportParts(detail = 'full') {
      const report = openReport(detail);
      const parts = [];
      for (let piece; (piece = report.next());) parts.push(piece);
      const error = report.error();
      report.close();
      return error ? {parts, error} : {parts};
    },
    openReport,
    // The report as a ReadableStream of Uint8Arrays, rendered as it is
    // read: one piece at a time in memory, however large the report. An
    // incomplete report errors the stream at its end; cancelling it frees
    // what it holds.
    reportStream(detail = 'full') {
      let report = null;
      const close = () => {
        if (report) report.close();
        report = null;
      };
      return new ReadableStream({
        start() {
          report = openReport(detail);
        },
        pull(controller) {
          const piece = report.next();
          if (piece) {
            controller.enqueue(piece);
            return;
          }
          const error = report.error();
          close();
          if (error) controller.error(new Error(error.message));
          else controller.close();
        },
        cancel: close,
      }, {highWaterMark: 1});
    },
    delete() {
      native.delete();
    },
  };
}

// Copies `bytes` (any size) into a buffer the native object owns, in one
// piece: buffer(n) returns its address, 0 when out of memory.
function copyWhole(mod, native, bytes) {
  const address = native.buffer(bytes.length);
  if (address === 0 && bytes.length > 0) return false;
  copyIn(mod, address, bytes);
  return true;
}

// "" -> null; an error JSON -> its {message, location}.
function errorOf(text) {
  if (!text) return null;
  return JSON.parse(text).error;
}

function toBytes(chunk) {
  return chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
}

function wrapIntel(native, description) {
  return {
    native,
    description,
    delete() {
      native.delete();
    },
  };
}

function loadIntel(mod, bytes, origin) {
  const native = new mod.Intel();
  const data = toBytes(bytes);
  let error;
  if (!copyWhole(mod, native, data)) {
    error = {message: 'out of memory', location: ''};
  } else {
    error = errorOf(native.load(data.length, String(origin)));
  }
  if (error) {
    native.delete();
    return {error};
  }
  return {intel: wrapIntel(native, JSON.parse(native.describe()))};
}

function loadBuiltInIntel(mod) {
  const native = new mod.Intel();
  const error = errorOf(native.loadBuiltIn());
  if (error) {
    native.delete();
    return {error};
  }
  return {intel: wrapIntel(native, JSON.parse(native.describe()))};
}

function wrapIntelBuilder(mod) {
  const native = new mod.IntelBuilder();
  return {
    begin(kind, name) {
      return errorOf(native.begin(String(kind), String(name)));
    },
    feed(chunk) {
      const bytes = toBytes(chunk);
      const slice = 1 << 20;
      for (let off = 0; off < bytes.length; off += slice) {
        const part = bytes.subarray(off, Math.min(off + slice, bytes.length));
        if (!copyWhole(mod, native, part)) return {message: 'out of memory', location: ''};
        const error = errorOf(native.feed(part.length));
        if (error) return error;
      }
      return null;
    },
    end() {
      return errorOf(native.end());
    },
    build(base, origin = 'your files') {
      // No base: a bundle of the files alone.
      const empty = base ? null : new mod.Intel();
      try {
        const out = JSON.parse(native.build(base ? base.native : empty, String(origin)));
        if (out.error) return {error: out.error};
        // A view into wasm memory: copied before anything else runs.
        const bytes = native.bytes().slice();
        return {bytes, kevFrom: out.kev_from, epssFrom: out.epss_from, description: out.bundle};
      } finally {
        if (empty) empty.delete();
      }
    },
    delete() {
      native.delete();
    },
  };
}

/**
 * @param {{wasmModule?: WebAssembly.Module, wasmBinary?: ArrayBuffer|Uint8Array,
 *          wasmUrl?: string|URL}} options exactly one way to get the wasm code
 */
export async function loadCore(options = {}) {
  const {wasmModule, wasmBinary, wasmUrl} = options;
  let instantiateWasm;
  if (wasmModule || wasmUrl) {
    // Instantiate ourselves: workerd cannot fetch or compile from bytes, and
    // the browser compiles while streaming.
    instantiateWasm = (imports, receive) => {
      const compiled = wasmModule
        ? Promise.resolve(wasmModule)
        : WebAssembly.compileStreaming(fetch(wasmUrl));
      compiled
        .then((module) => WebAssembly.instantiate(module, imports)
          .then((instance) => receive(instance, module)))
        .catch((err) => loadFailed(err));
      return {};
    };
  } else if (!wasmBinary) {
    throw new Error('loadCore: pass wasmModule, wasmBinary or wasmUrl');
  }
  // The loader never settles if instantiation fails; this makes it reject.
  let loadFailed;
  const failure = new Promise((_, reject) => { loadFailed = reject; });
  const mod = await Promise.race([
    createExposureCore({
      wasmBinary,
      instantiateWasm,
      locateFile: (path) => path,
      print: () => {},
      printErr: () => {},
      onAbort: (what) => loadFailed(new Error(`wasm core aborted: ${what}`)),
    }),
    failure,
  ]);
  return {
    module: mod,
    version: () => mod.version(),
    formats: () => JSON.parse(mod.formats()),
    detect(name, headBytes) {
      void name;  // detection is by content only
      const head = headBytes.subarray(0, mod.sniffBytes());
      copyIn(mod, mod.detectBuffer(), head);
      return mod.detect(head.length, head.length < mod.sniffBytes());
    },
    newAnalyzer: () => wrapAnalyzer(mod),
    detectIntel(headBytes) {
      const head = headBytes.subarray(0, mod.sniffBytes());
      copyIn(mod, mod.detectBuffer(), head);
      return mod.detectIntel(head.length, head.length < mod.sniffBytes());
    },
    builtInIntel: () => JSON.parse(mod.builtInIntel()),
    loadIntel: (bytes, origin = 'your files') => loadIntel(mod, bytes, origin),
    loadBuiltInIntel: () => loadBuiltInIntel(mod),
    newIntelBuilder: () => wrapIntelBuilder(mod),
  };
}
