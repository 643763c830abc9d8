// Types of the Exposure Lens Node API (node.mjs). The reports' own shape is
// documented in the project's README ("The report"); it is typed loosely
// here as it grows by minor versions.

/** A file path, a file: URL, or a named input given as a path, bytes or a stream. */
export type Input =
  | string
  | URL
  | {name?: string; path: string}
  | {name: string; bytes: Uint8Array | ArrayBuffer | string}
  | {name: string; stream: AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>};

export interface Settings {
  /** A policy (docs/risk-model.md): its JSON text or the object. */
  policy?: string | object;
  /** A decisions file (docs/mobilization.md): its JSON text or the object. */
  decisions?: string | object;
}

export interface ReportInput {
  name: string;
  format: string;
  findings: number;
  partial: boolean;
  errors: {message: string; location: string}[];
  [member: string]: unknown;
}

/** The report `exposure analyze` prints (schema exposure-lens/report/v2). */
export interface Report {
  schema: string;
  inputs: ReportInput[];
  summary: {findings: number; assets: number; [member: string]: unknown};
  findings: Record<string, unknown>[];
  [member: string]: unknown;
}

export function version(): Promise<string>;
export function formats(): Promise<{id: string; name: string; [member: string]: unknown}[]>;

/** `exposure analyze`: the report, parsed. */
export function analyze(inputs: Input | Input[], options?: Settings & {detail?: 'full' | 'table'}): Promise<Report>;
/** The report's bytes, rendered as they are read: a line per list element, or indented with `pretty`. */
export function reportStream(inputs: Input | Input[],
                             options?: Settings & {detail?: 'full' | 'table'; pretty?: boolean}): Promise<ReadableStream<Uint8Array>>;
/** `exposure plan --format F --top N`. */
export function plan(inputs: Input | Input[],
                     options?: Settings & {format?: 'json' | 'csv' | 'markdown' | 'text'; top?: number}): Promise<string>;
/** `exposure paths --format F --jewel J...`. */
export function paths(inputs: Input | Input[],
                      options?: Settings & {format?: 'json' | 'table' | 'markdown' | 'dot'; jewels?: string[]}): Promise<string>;

export type ExportFormat = 'sarif' | 'ocsf' | 'jira-csv' | 'csv' | 'openvex' | 'cyclonedx-vex' | 'html' | 'markdown';
/** `exposure export --to FORMAT`: one Uint8Array per file of the export. */
export function exportFindings(inputs: Input | Input[], options: Settings & {to: ExportFormat}): Promise<Uint8Array[]>;
export {exportFindings as export};

/** `exposure snapshot`: zstd-compressed JSON lines. */
export function snapshot(inputs: Input | Input[], options?: Settings): Promise<Uint8Array>;

export interface GateCount {
  gate: string;
  count: number;
}
/** `exposure diff`; each side is the inputs of one snapshot (snapshots, reports or exports). */
export function diff(oldInputs: Input | Input[], newInputs: Input | Input[],
                     options?: Settings & {
                       format?: 'json' | 'csv' | 'markdown' | 'html' | 'table';
                       top?: number;
                       history?: (Input | Input[])[];
                       failOn?: string[];
                     }): Promise<{text: string; gates: GateCount[]}>;
/** `exposure trend`; points oldest first, each the inputs of one snapshot. */
export function trend(points: (Input | Input[])[],
                      options?: Settings & {format?: 'json' | 'csv' | 'html' | 'table'}): Promise<string>;
