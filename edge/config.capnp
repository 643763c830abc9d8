# workerd configuration for the Exposure Lens edge worker.
#
# Static on purpose: `serve` never writes files. The listen address comes from
# the command line (`--socket-addr http=127.0.0.1:PORT`, which overrides the
# placeholder below), and the tunables come from the environment of the
# workerd process through `fromEnvironment` bindings (a binding is `null` when
# its variable is unset; the worker then applies its own defaults).
#
# `embed` paths are relative to this file, so it must sit next to the modules
# (build/edge/ holds all of them).

using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "exposure-edge", worker = .edgeWorker)],
  sockets = [(
    name = "http",
    # Placeholder; `serve` always overrides it. Loopback only by default.
    address = "127.0.0.1:8787",
    http = (),
    service = "exposure-edge",
  )],
);

const edgeWorker :Workerd.Worker = (
  modules = [
    # The first module is the entry point.
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "core.mjs", esModule = embed "core.mjs"),
    (name = "multipart.mjs", esModule = embed "multipart.mjs"),
    (name = "exposure_core.mjs", esModule = embed "exposure_core.mjs"),
    # Imported as a compiled WebAssembly.Module (workerd cannot compile wasm
    # from bytes at run time).
    (name = "exposure_core.wasm", wasm = embed "exposure_core.wasm"),
  ],
  # Must not be later than the date the workerd binary supports
  # (workerd@1.20261117.1 supports up to 2026-11-17).
  compatibilityDate = "2026-11-01",
  bindings = [
    # Maximum request body in bytes (decimal digits). `serve` sets 104857600
    # (100 MiB) when the caller leaves it unset.
    (name = "MAX_BODY_BYTES", fromEnvironment = "MAX_BODY_BYTES"),
    # Limits per request after decompression (docs/edge.md); unset = the
    # worker's defaults (256 MiB, 120,000 findings, 32 files).
    (name = "MAX_DECOMPRESSED_BYTES", fromEnvironment = "MAX_DECOMPRESSED_BYTES"),
    (name = "MAX_FINDINGS", fromEnvironment = "MAX_FINDINGS"),
    (name = "MAX_FILES", fromEnvironment = "MAX_FILES"),
    # CORS: unset or empty = no CORS headers at all; "*" = any origin;
    # otherwise a comma-separated list of exact origins.
    (name = "ALLOW_ORIGIN", fromEnvironment = "ALLOW_ORIGIN"),
    # Per-tenant API keys: JSON {"tenant": "hex SHA-256 of the key"}; unset
    # or empty = no keys required.
    (name = "API_KEY_HASHES", fromEnvironment = "API_KEY_HASHES"),
  ],
);
