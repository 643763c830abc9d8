// Types of <exposure-lens> (widget.js; docs/widget.md in the project).

export type ExposureLensView = 'summary' | 'actions' | 'findings' | 'assets' | 'coverage' | 'paths' | 'trend';

export interface ExposureLensLoaded {
  source: 'report' | 'files' | 'snapshot' | 'trend';
  summary: Record<string, unknown> | null;
  ms: number;
}

export interface ExposureLensSelect {
  view: ExposureLensView;
  kind: string;
  id: string;
  item: Record<string, unknown>;
}

export interface ExposureLensExport {
  format: string;
  files: {name: string; blob: Blob}[];
}

export interface ExposureLensEventMap extends HTMLElementEventMap {
  ready: CustomEvent<ExposureLensLoaded>;
  select: CustomEvent<ExposureLensSelect>;
  /** Cancelable: the element downloads the files unless a listener calls preventDefault(). */
  export: CustomEvent<ExposureLensExport>;
}

/** The element widget.js defines (it exports nothing; get it from the page). */
export interface ExposureLensElement extends HTMLElement {
  view: ExposureLensView;
  readonly summary: Record<string, unknown> | null;
  /** A report (object or JSON text), a trend, or File/Blob objects to analyze in the worker. */
  load(input: object | string | Blob | Blob[] | FileList,
       options?: {policy?: string | object | Blob}): Promise<ExposureLensLoaded>;
  clear(): void;
  exportAs(format: string): Promise<{name: string; blob: Blob}[]>;
  addEventListener<K extends keyof ExposureLensEventMap>(
      type: K, listener: (this: ExposureLensElement, ev: ExposureLensEventMap[K]) => unknown,
      options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
                   options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'exposure-lens': ExposureLensElement;
  }
}
