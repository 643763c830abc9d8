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
    report() {
      return native.report();
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
  };
}
