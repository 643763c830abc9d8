// <exposure-lens>: the Exposure Lens view as a custom element, for an MSSP
// to put in any page (docs/widget.md). One ES module; it defines the
// element and nothing else in the page's global scope.
//
//   <script type="module" src="https://lens.example/widget.js"></script>
//   <exposure-lens view="summary"><img slot="logo" src="logo.svg" alt=""></exposure-lens>
//   el.load(files | report | snapshot, {policy}) -> Promise<{source, summary, ms}>
//   el.clear()
//
// Attributes: view (summary, actions, findings, assets, coverage, paths,
// trend), preload (start the analysis engine as soon as the element is in
// the page instead of at the first load of files).
// Events, from inside the shadow tree with bubbles and composed, so a page
// hears them on the element or any ancestor: ready {source, summary, ms}
// after each load has rendered; select {view, kind, id, item} when a row is
// picked; export {format, files: [{name, blob}]} when the user exports
// (cancelable: the element downloads the files unless it is cancelled).
// Theming: the --exposure-lens-* custom properties below, ::part() of the
// parts named in the markup, and the slots "logo" and "title".
//
// Everything is rendered with DOM calls and text nodes (never markup from
// data) and styled by one constructed stylesheet adopted by the shadow
// root, so a host page with a strict CSP (no 'unsafe-inline') runs it.
// Scanner exports and snapshots are analyzed by the dashboard's worker
// (worker.js, protocol.js), started from this module's origin.

import {ToPage, receiver, toWorker} from './protocol.js';
import {SCAN_CLASSES, gapLabel, rowsOfReport} from './rows.js';

const VIEWS = ['summary', 'actions', 'findings', 'assets', 'coverage', 'paths', 'trend'];
const VIEW_LABEL = {summary: 'Summary', actions: 'Actions', findings: 'Findings', assets: 'Assets',
  coverage: 'Coverage', paths: 'Attack paths', trend: 'Trend'};
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const CLASS_LABEL = {network: 'network scan', host: 'host scan', container_sca: 'container / SCA scan',
  code_web: 'code / web scan', cloud: 'cloud scan'};
// Rows a table renders at once; the note says how many match.
const MAX_ROWS = 500;
// Entries of a coverage list shown; the heading gives the total.
const LIST_ITEMS = 50;
const numberFormat = new Intl.NumberFormat('en-US');
const fmt = (n) => (n == null || n === '' || !Number.isFinite(Number(n)) ? '—' : numberFormat.format(Number(n)));
const str = (v) => (v == null ? '' : String(v));

const CSS = `
:host {
  --_fg: var(--exposure-lens-fg, #1d2430);
  --_bg: var(--exposure-lens-bg, #ffffff);
  --_muted: var(--exposure-lens-muted, #5f6b7a);
  --_border: var(--exposure-lens-border, #d9dee5);
  --_surface: var(--exposure-lens-surface, #f5f7fa);
  --_accent: var(--exposure-lens-accent, #2357c6);
  --_radius: var(--exposure-lens-radius, 6px);
  --_critical: var(--exposure-lens-critical, #8e1b1b);
  --_high: var(--exposure-lens-high, #c2410c);
  --_medium: var(--exposure-lens-medium, #b7791f);
  --_low: var(--exposure-lens-low, #2f6f9f);
  --_info: var(--exposure-lens-info, #6b7280);
  display: block;
  color: var(--_fg);
  background: var(--_bg);
  font: var(--exposure-lens-font, 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  overflow: hidden;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
header { display: flex; align-items: center; gap: .6em; padding: .5em .8em; border-bottom: 1px solid var(--_border); background: var(--_surface); flex-wrap: wrap; }
::slotted([slot="logo"]) { max-height: 2em; }
.title { font-weight: 600; }
.status { color: var(--_muted); font-size: .9em; }
.status[data-state="error"] { color: var(--_critical); }
.spacer { flex: 1; }
nav { display: flex; gap: .2em; padding: 0 .5em; border-bottom: 1px solid var(--_border); overflow-x: auto; }
nav button { font: inherit; background: none; border: 0; border-bottom: 2px solid transparent; padding: .5em .7em; color: var(--_muted); cursor: pointer; }
nav button[aria-selected="true"] { color: var(--_fg); border-bottom-color: var(--_accent); }
button, select, input { font: inherit; color: inherit; }
.toolbar button, .toolbar select, .controls input, .controls select, .jewels button { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: .2em .5em; }
.toolbar button:hover, .jewels button:hover { border-color: var(--_accent); }
.content { padding: .8em; overflow: auto; max-height: var(--exposure-lens-max-height, none); }
.empty { color: var(--_muted); padding: 1em 0; }
.error { color: var(--_critical); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(9em, 1fr)); gap: .6em; margin-bottom: 1em; }
.card { border: 1px solid var(--_border); border-radius: var(--_radius); padding: .5em .7em; background: var(--_surface); }
.card .value { font-size: 1.5em; font-weight: 600; display: block; }
.card .label { color: var(--_muted); font-size: .85em; }
h3 { font-size: 1em; margin: 1em 0 .4em; }
.muted { color: var(--_muted); }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: left; padding: .3em .5em; border-bottom: 1px solid var(--_border); vertical-align: top; }
th { color: var(--_muted); font-weight: 600; white-space: nowrap; }
th button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; }
th button:hover, th[aria-sort="ascending"] button, th[aria-sort="descending"] button { color: var(--_fg); }
th button:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
th button::after { content: ""; display: inline-block; width: 1em; margin-left: .2em; font-size: .75em; }
th[aria-sort="ascending"] button::after { content: "▲"; }
th[aria-sort="descending"] button::after { content: "▼"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr[tabindex] { cursor: pointer; }
tbody tr[tabindex]:hover, tbody tr[tabindex]:focus { background: var(--_surface); outline: none; }
tbody tr[aria-selected="true"] { background: var(--_surface); box-shadow: inset 3px 0 var(--_accent); }
.sev { display: inline-block; min-width: 4.5em; padding: 0 .4em; border-radius: 1em; color: #fff; font-size: .85em; text-align: center; background: var(--_info); }
.sev[data-severity="critical"], rect[data-severity="critical"] { background: var(--_critical); fill: var(--_critical); }
.sev[data-severity="high"], rect[data-severity="high"] { background: var(--_high); fill: var(--_high); }
.sev[data-severity="medium"], rect[data-severity="medium"] { background: var(--_medium); fill: var(--_medium); }
.sev[data-severity="low"], rect[data-severity="low"] { background: var(--_low); fill: var(--_low); }
rect[data-severity="info"] { fill: var(--_info); }
.bars { display: grid; grid-template-columns: 6em 1fr 4em; gap: .25em .6em; align-items: center; max-width: 36em; }
.bars svg { width: 100%; height: 1em; }
.controls { display: flex; gap: .5em; flex-wrap: wrap; margin-bottom: .6em; align-items: center; }
.note { color: var(--_muted); font-size: .88em; margin: .5em 0; }
.path { border: 1px solid var(--_border); border-radius: var(--_radius); padding: .4em .6em; margin: .4em 0; }
.path ol { margin: .3em 0 0; padding-left: 1.4em; }
.step-kind { color: var(--_muted); font-size: .88em; }
.step-kind[data-basis="declared"] { font-style: italic; }
.jewels { display: flex; gap: .4em; flex-wrap: wrap; }
.jewels button[aria-pressed="true"] { border-color: var(--_accent); box-shadow: inset 0 -2px var(--_accent); }
.chart { width: 100%; max-width: 40em; height: 10em; }
.chart polyline { fill: none; stroke: var(--_accent); stroke-width: 2; }
.chart line { stroke: var(--_border); }
.chart text { fill: var(--_muted); font-size: 10px; }
ul.plain { list-style: none; padding: 0; margin: 0; }
ul.plain li { padding: .15em 0; }
`;

// One stylesheet for every instance: CSSOM, not a <style> element, so the
// host's style-src needs no 'unsafe-inline'.
let sheet = null;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// An element with attributes (class, part, data-*, aria-*, on<event>
// handlers) and children: nodes, or anything else as text.
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  appendAll(el, kids);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  appendAll(el, kids);
  return el;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

function appendAll(el, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid == null || kid === false) continue;
    el.append(kid instanceof Node ? kid : String(kid));
  }
}

const sevBadge = (severity) => h('span', {class: 'sev', 'data-severity': severity || 'info'}, severity || 'info');
const empty = (text) => h('p', {class: 'empty', part: 'empty'}, text);

// How a column's values compare: numbers as numbers, text naturally
// ("host-9" before "host-10", case aside); empty values (null, '', NaN)
// are never less or greater than a value: sortRows keeps them last.
const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
const isEmpty = (v) => v == null || v === '' || (typeof v === 'number' && Number.isNaN(v));
const compareValues = (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b)));
// Severity as a number, most severe highest ('' for none).
const severityRank = (severity) => (SEVERITIES.includes(severity) ? SEVERITIES.length - SEVERITIES.indexOf(severity) : '');

// A right-aligned column of the count or score get(row) returns (sorted
// as a number, shown with fmt).
function countColumn(key, label, get) {
  return {key, label, num: true, cell: (row) => fmt(get(row)), value: (row) => (isEmpty(get(row)) ? null : Number(get(row)))};
}

// `rows` in the order `sort` ({key, dir}) asks of `columns`, a new array;
// `rows` as they are without a key. Ties (and empty values, last either
// way) keep the order of `rows`, whichever the direction, so the same
// table sorts the same way every time.
function sortRows(rows, columns, sort) {
  const column = columns.find((c) => c.key === sort.key);
  if (!column) return rows;
  const value = column.value || column.cell;
  const sign = sort.dir === 'desc' ? -1 : 1;
  const keyed = rows.map((row, i) => ({row, i, v: value(row)}));
  keyed.sort((a, b) => {
    const ea = isEmpty(a.v);
    const eb = isEmpty(b.v);
    if (ea || eb) return ea - eb || a.i - b.i;
    return sign * compareValues(a.v, b.v) || a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

// A table: columns [{key, label, num?, cell(row) -> node|text,
// value?(row) -> number|text, the sort key when cell is not it}], rows
// capped at MAX_ROWS. Options: onPick(row) makes rows selectable; sort
// ({key, dir}, kept by the caller so that a redraw keeps it) is changed
// by the header buttons: a column's first press sorts numbers highest
// first and text A to Z, the next reverses; aria-sort tells which.
function table(name, columns, rows, {onPick = null, sort = {key: '', dir: ''}} = {}) {
  const body = h('tbody');
  // The row picked last: a re-sort makes the body anew and marks it again.
  let picked = null;
  const rowOf = (row) => {
    const tr = h('tr', onPick ? {tabindex: 0, part: 'row', 'data-id': row.id ?? ''} : {part: 'row'});
    for (const c of columns) tr.append(h('td', {class: c.num ? 'num' : null, 'data-key': c.key}, c.cell(row)));
    if (onPick) {
      if (row === picked) tr.setAttribute('aria-selected', 'true');
      const pick = () => {
        for (const other of body.querySelectorAll('tr[aria-selected]')) other.removeAttribute('aria-selected');
        tr.setAttribute('aria-selected', 'true');
        picked = row;
        onPick(row, tr);
      };
      tr.addEventListener('click', pick);
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          pick();
        }
      });
    }
    return tr;
  };
  const heads = columns.map((c) => h('th', {class: c.num ? 'num' : null, scope: 'col', 'data-key': c.key},
    h('button', {type: 'button', part: 'sort', onclick: () => {
      if (sort.key === c.key) {
        sort.dir = sort.dir === 'asc' ? 'desc' : 'asc';
      } else {
        const first = rows.map(c.value || c.cell).find((v) => !isEmpty(v));
        Object.assign(sort, {key: c.key, dir: typeof first === 'number' ? 'desc' : 'asc'});
      }
      draw();
    }}, c.label)));
  // The header stays (its button keeps the focus); the body is made anew.
  const draw = () => {
    for (const th of heads) {
      th.setAttribute('aria-sort', th.dataset.key !== sort.key ? 'none' : sort.dir === 'asc' ? 'ascending' : 'descending');
    }
    body.replaceChildren(...sortRows(rows, columns, sort).slice(0, MAX_ROWS).map(rowOf));
  };
  draw();
  const note = rows.length > MAX_ROWS ? h('p', {class: 'note'}, `Showing ${fmt(MAX_ROWS)} of ${fmt(rows.length)}; filter to see others.`) : null;
  return [h('table', {part: 'table', 'data-table': name}, h('thead', null, h('tr', null, heads)), body), note];
}

// Horizontal bars of counts by severity (SVG rects: sized by attributes,
// coloured by the stylesheet).
function severityBars(counts) {
  const max = Math.max(1, ...SEVERITIES.map((s) => Number(counts[s]) || 0));
  return h('div', {class: 'bars', part: 'chart', 'data-chart': 'severity'}, SEVERITIES.map((s) => {
    const n = Number(counts[s]) || 0;
    return [
      h('span', null, s),
      svg('svg', {viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true'},
        svg('rect', {x: 0, y: 0, height: 10, width: (100 * n) / max, 'data-severity': s})),
      h('span', {class: 'num', 'data-severity': s, 'data-value': n}, fmt(n)),
    ];
  }));
}

// What an input of any kind says of itself: 'report' (an object or its
// JSON text), 'trend' (exposure-lens/trend/v1), or 'files'.
function inputKind(input) {
  if (input && typeof input === 'object' && !(input instanceof Blob) && !Array.isArray(input)
    && !(typeof FileList !== 'undefined' && input instanceof FileList)
    && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)) {
    const schema = str(input.schema);
    if (schema.startsWith('exposure-lens/trend/')) return 'trend';
    if (schema.startsWith('exposure-lens/report/') || ('summary' in input && 'findings' in input)) return 'report';
    throw new TypeError('load(): not an Exposure Lens report, trend, file or snapshot');
  }
  return 'files';
}

// Blobs of a load(files) argument: a Blob or File, a list or FileList of
// them, bytes (e.g. a snapshot fetched as an ArrayBuffer) or text that is
// no JSON document (a snapshot's JSON lines).
function blobsOf(input) {
  const list = Array.isArray(input) || (typeof FileList !== 'undefined' && input instanceof FileList)
    ? [...input] : [input];
  return list.map((item, i) => {
    if (item instanceof Blob) return item;
    if (item instanceof ArrayBuffer || ArrayBuffer.isView(item) || typeof item === 'string') {
      return new File([item], `input-${i + 1}`);
    }
    throw new TypeError('load(): files must be File or Blob objects, bytes or text');
  });
}

const nameOf = (blob, i) => (blob instanceof File && blob.name ? blob.name : `input-${i + 1}`);

// The head of a blob as text, to tell a report's JSON from an export.
async function headText(blob, bytes = 512) {
  return new TextDecoder().decode(await blob.slice(0, bytes).arrayBuffer());
}

// What is shown of an analysis, whether a report's or the worker's of
// files: `made` is rows.js's tables of it ({summary, rows, assets, actions,
// coverage, attack}) and its inputs; `extra` what the source adds (its
// export formats, the report text or the worker's session). No trend or
// diff until snapshots add them.
function analysisData(source, made, extra) {
  const s = made.summary || {};
  const cov = s.coverage || {};
  return {
    source,
    summary: made.summary,
    cards: [
      ['findings', 'Findings', s.findings], ['open', 'Open', s.open], ['open_risk', 'Open risk', s.open_risk],
      ['assets', 'Assets', s.assets], ['kev_cves', 'CVEs on KEV', s.kev_cves], ['exposures', 'Exposures', s.exposures],
      ['actions', 'Actions', s.actions],
      ...(cov.inventory_only != null ? [['inventory_only', 'Never scanned', cov.inventory_only]] : []),
    ],
    bySeverity: s.by_severity || {},
    severityLabel: 'Findings by severity',
    rows: made.rows,
    assets: made.assets,
    actions: made.actions,
    coverage: made.coverage,
    attack: made.attack,
    inputs: made.inputs,
    trend: null,
    diff: null,
    reportText: null,
    ...extra,
  };
}

const REPORT_HEAD = /^\uFEFF?\s*\{\s*"schema"\s*:\s*"exposure-lens\/(report|trend)\//;

class ExposureLens extends HTMLElement {
  static get observedAttributes() {
    return ['view'];
  }

  #root;
  #content;
  #tabs = new Map();
  #status;
  #exportFormat;
  #exportButton;
  // What is shown (see #show), null when empty.
  #data = null;
  // The analysis worker and its state.
  #worker = null;
  #bootUrl = null;
  #engine = null; // {exportFormats} once ready
  #engineError = null;
  #session = 0;
  #request = 0;
  #pending = new Map(); // request -> resolve
  #analysis = null; // the files' analysis under way
  #loads = 0; // the latest load's number: an older one no longer shows
  #decided = false; // the worker holds decisions a clear() must drop
  #findingFilter = {text: '', severity: ''};
  #assetFilter = '';
  #sorts = new Map(); // table name -> {key, dir} the user picked, until the next load
  #jewel = '';
  #handle;

  constructor() {
    super();
    const shadow = this.attachShadow({mode: 'open'});
    shadow.adoptedStyleSheets = [styles()];
    this.#status = h('span', {class: 'status', part: 'status', role: 'status', 'aria-live': 'polite'});
    this.#exportFormat = h('select', {part: 'export-format', 'aria-label': 'Export format', disabled: true});
    this.#exportButton = h('button', {type: 'button', part: 'export-button', disabled: true,
      onclick: () => this.exportAs(this.#exportFormat.value).catch((err) => this.#setStatus(err.message, 'error'))},
    'Export');
    // Arrow keys move between the tabs, as in a tablist.
    const nav = h('nav', {part: 'tabs', role: 'tablist', onkeydown: (e) => {
      const step = {ArrowRight: 1, ArrowLeft: -1}[e.key];
      if (!step) return;
      e.preventDefault();
      const next = VIEWS[(VIEWS.indexOf(this.view) + step + VIEWS.length) % VIEWS.length];
      this.setAttribute('view', next);
      this.#tabs.get(next).focus();
    }});
    for (const view of VIEWS) {
      const tab = h('button', {type: 'button', role: 'tab', part: 'tab', 'data-view': view,
        onclick: () => this.setAttribute('view', view)}, VIEW_LABEL[view]);
      this.#tabs.set(view, tab);
      nav.append(tab);
    }
    this.#content = h('section', {class: 'content', part: 'content', role: 'tabpanel'});
    this.#root = h('div', {part: 'root', 'data-state': 'empty'},
      h('header', {part: 'header'},
        h('slot', {name: 'logo'}),
        h('span', {class: 'title', part: 'title'}, h('slot', {name: 'title'}, 'Exposure Lens')),
        this.#status,
        h('span', {class: 'spacer'}),
        h('span', {class: 'toolbar', part: 'toolbar'}, this.#exportFormat, ' ', this.#exportButton)),
      nav, this.#content);
    shadow.append(this.#root);
    this.#handle = (event) => this.#fromWorker(event.data);
    this.#render();
  }

  connectedCallback() {
    if (this.hasAttribute('preload')) this.#ensureWorker();
  }

  disconnectedCallback() {
    // A page that moves the element re-connects it at once; one that drops
    // it frees the engine and its memory. A later load starts a new one.
    queueMicrotask(() => {
      if (!this.isConnected) this.#stopWorker('the element was removed from the page');
    });
  }

  attributeChangedCallback(name) {
    if (name === 'view') this.#render();
  }

  get view() {
    const v = this.getAttribute('view');
    return VIEWS.includes(v) ? v : 'summary';
  }

  set view(value) {
    this.setAttribute('view', value);
  }

  // The summary shown (the report's, or the newest snapshot's), or null.
  get summary() {
    return this.#data ? this.#data.summary : null;
  }

  // Shows `input`: a report (object or JSON text of `exposure analyze`), a
  // trend (exposure-lens/trend/v1), or files (File/Blob objects: scanner
  // exports and inventories analyzed in the worker, snapshots, a policy, a
  // decisions file; a report file). options.policy: a policy (text, object
  // or Blob) for the analysis. Resolves once the summary is on screen; a
  // later load() or clear() makes an earlier one reject.
  async load(input, options = {}) {
    const started = performance.now();
    const number = ++this.#loads;
    const current = () => {
      if (number !== this.#loads) throw new Error('load() was superseded by a later load() or clear()');
    };
    this.#setState('loading');
    this.#setStatus('Loading…');
    try {
      let text = null;
      if (typeof input === 'string') {
        // The JSON text of a report or trend; anything else (a snapshot's
        // JSON lines, an export) is a file.
        const trimmed = input.replace(/^\uFEFF/, '').trim();
        let parsed;
        try {
          parsed = trimmed.startsWith('{') ? JSON.parse(trimmed) : undefined;
        } catch {
          parsed = undefined;
        }
        if (parsed === undefined) {
          input = new File([input], 'input-1');
        } else {
          text = input;
          input = parsed;
        }
      }
      const kind = inputKind(input);
      let data;
      if (kind === 'report') data = this.#reportData(input, text);
      else if (kind === 'trend') data = this.#trendData(input, null);
      else data = await this.#filesData(blobsOf(input), options, current);
      current();
      return this.#show(data, started);
    } catch (err) {
      if (number === this.#loads) {
        this.#setState(this.#data ? 'ready' : 'empty');
        this.#setStatus(`Not loaded: ${err.message}`, 'error');
      }
      throw err;
    }
  }

  // Empties the view and drops the analysis (and any decisions the files
  // gave); a load() under way rejects.
  clear() {
    this.#loads++;
    this.#data = null;
    this.#findingFilter = {text: '', severity: ''};
    this.#assetFilter = '';
    this.#sorts.clear();
    this.#jewel = '';
    if (this.#analysis) this.#analysis.reject(new Error('cleared'));
    this.#analysis = null;
    if (this.#decided) {
      this.#stopWorker('cleared');
    } else if (this.#worker) {
      this.#post(toWorker.reset({session: ++this.#session}));
    }
    this.#setState('empty');
    this.#setStatus('');
    this.#render();
  }

  // Exports what is shown as `format` (see the element's Export list):
  // fires 'export' and, unless a listener cancels it, downloads the files.
  // Resolves with the files.
  async exportAs(format) {
    const d = this.#data;
    if (!d) throw new Error('nothing to export');
    let files;
    if (format === 'json' && d.reportText != null) {
      files = [{name: 'exposure-lens-report.json', blob: new Blob([d.reportText], {type: 'application/json'})}];
    } else if (format === 'trend-json' && d.trend) {
      files = [{name: 'exposure-lens-trend.json', blob: new Blob([JSON.stringify(d.trend, null, 2)], {type: 'application/json'})}];
    } else if (format === 'diff-json' && d.diff) {
      files = [{name: 'exposure-lens-diff.json', blob: new Blob([JSON.stringify(d.diff, null, 2)], {type: 'application/json'})}];
    } else if (d.source === 'files' && d.session === this.#session && this.#worker) {
      files = await this.#workerExport(format, d);
    } else {
      throw new Error(`cannot export as ${format}`);
    }
    const event = new CustomEvent('export', {bubbles: true, composed: true, cancelable: true, detail: {format, files}});
    if (this.#root.dispatchEvent(event)) {
      for (const {name, blob} of files) {
        const url = URL.createObjectURL(blob);
        const a = h('a', {href: url, download: name});
        this.#root.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }
    }
    return files;
  }

  // --- data -------------------------------------------------------------

  #reportData(report, text) {
    return analysisData('report', {...rowsOfReport(report), inputs: Array.isArray(report.inputs) ? report.inputs : []},
      {reportText: text ?? JSON.stringify(report, null, 2), exports: [['json', 'Report (JSON)']]});
  }

  // A trend (and the diff of its newest snapshots, when there is one) as
  // what is shown: the newest snapshot's numbers as the summary, the
  // findings of the newest snapshot from the diff.
  #trendData(trend, diff) {
    const points = Array.isArray(trend.snapshots) ? trend.snapshots : [];
    const last = points[points.length - 1] || null;
    const open = (last && last.open) || {};
    const summary = last ? {as_of: last.as_of, sources: last.sources, open: open.total, open_risk: last.open_risk,
      open_kev: last.open_kev, exposures: last.exposures, by_open_severity: open} : null;
    let rows = [];
    if (diff) {
      const classes = points.length > 1 ? ['new', 'reopened', 'persisting'] : ['persisting'];
      for (const cls of classes) {
        for (const e of Array.isArray(diff[cls]) ? diff[cls] : []) {
          rows.push({id: str(e.finding), cls: points.length > 1 ? cls : '', title: str(e.title) || str(e.rule),
            severity: SEVERITIES.includes(e.severity) ? e.severity : 'info', risk: Number(e.risk) || 0,
            asset: str(e.asset), place: '', cves: Array.isArray(e.cves) ? e.cves.map(str) : [], kev: e.kev === true,
            due: str(e.due), status: str(e.status) || 'open', ruleId: str(e.rule)});
        }
      }
      rows.sort((a, b) => b.risk - a.risk || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
    }
    return {
      source: diff ? 'snapshot' : 'trend',
      summary,
      cards: last ? [['snapshots', 'Snapshots', points.length], ['open', 'Open', open.total],
        ['open_risk', 'Open risk', last.open_risk], ['open_kev', 'Open on KEV', last.open_kev],
        ['exposures', 'Exposures', last.exposures],
        ...(points.length > 1 ? [['new', 'New', last.new], ['fixed', 'Fixed', last.fixed]] : [])] : [],
      bySeverity: open,
      severityLabel: last ? `Open findings by severity${last.as_of ? `, as of ${last.as_of}` : ''}` : '',
      rows,
      assets: null,
      actions: null,
      coverage: null,
      attack: null,
      inputs: [],
      trend,
      diff,
      reportText: null,
      exports: [['trend-json', 'Trend (JSON)'], ...(diff ? [['diff-json', 'Diff (JSON)']] : [])],
    };
  }

  // Files: classified by the worker (by content), then scans and
  // inventories analyzed, snapshots tracked, a policy and decisions
  // applied; a report or trend file read as one.
  async #filesData(blobs, options, current) {
    if (!blobs.length) throw new Error('no files given');
    this.#ensureWorker();
    if (this.#engineError) throw new Error(this.#engineError);
    const {kinds} = await this.#ask((request) => toWorker.classify({request, files: blobs}));
    current();
    const scans = [];
    const snapshots = [];
    const notes = [];
    let policy = await this.#policyText(options.policy);
    let decisions = null;
    let report = null;
    for (let i = 0; i < blobs.length; i++) {
      const blob = blobs[i];
      const kind = kinds[i];
      if (kind === 'snapshot') snapshots.push(blob);
      else if (kind === 'policy') policy = await blob.text();
      else if (kind === 'decisions') decisions = await blob.text();
      else if (kind) notes.push(`${nameOf(blob, i)}: threat intel files are not used here`);
      else if (REPORT_HEAD.test(await headText(blob))) report = {blob, name: nameOf(blob, i)};
      else scans.push(new File([blob], nameOf(blob, i), {type: blob.type}));
    }
    current();
    if (report && (scans.length || snapshots.length)) {
      throw new Error(`${report.name} is a report: load it alone, not with exports or snapshots`);
    }
    if (report) {
      const text = await report.blob.text();
      const parsed = JSON.parse(text);
      return inputKind(parsed) === 'trend' ? this.#trendData(parsed, null) : this.#reportData(parsed, text);
    }
    if (!scans.length && !snapshots.length) throw new Error('no scanner export, inventory or snapshot among the files');
    if (decisions != null) {
      const {error} = await this.#ask((request) => toWorker.setDecisions({session: this.#session, request, decisions}));
      if (error) throw new Error(error);
      this.#decided = true;
    }
    let tracked = null;
    if (snapshots.length) {
      const request = ++this.#request;
      const trendDone = this.#await(request, ToPage.TREND_DONE);
      const diffDone = this.#await(request, ToPage.DIFF_DONE);
      this.#post(toWorker.track({request, files: snapshots}));
      const [t, d] = await Promise.all([trendDone, diffDone]);
      if (t.error) throw new Error(t.error);
      tracked = {trend: t.trend, diff: d.diff};
    }
    current();
    if (!scans.length) return this.#trendData(tracked.trend, tracked.diff);
    const data = await this.#analyze(scans, policy);
    if (tracked) Object.assign(data, {trend: tracked.trend, diff: tracked.diff});
    if (notes.length) data.notes = notes;
    return data;
  }

  async #policyText(policy) {
    if (policy == null) return undefined;
    if (policy instanceof Blob) return policy.text();
    return typeof policy === 'string' ? policy : JSON.stringify(policy);
  }

  // Analyzes scans in a new session of the worker; resolves with what is
  // shown once its report arrived.
  #analyze(files, policy) {
    if (this.#analysis) this.#analysis.reject(new Error('load() was superseded by a later load()'));
    const session = ++this.#session;
    return new Promise((resolve, reject) => {
      this.#analysis = {session, resolve, reject, assets: [], rows: [], actions: [], exposures: [],
        coverage: null, inputs: new Map(files.map((f, i) => [i + 1, {name: f.name, format: null, findings: 0, errors: []}]))};
      this.#post(toWorker.reset({session}));
      this.#post(toWorker.analyze({session, batch: 1, items: files.map((file, i) => ({id: i + 1, name: file.name, file})),
        ...(policy !== undefined ? {policy} : {})}));
    });
  }

  #onReport(msg) {
    const a = this.#analysis;
    if (!a || msg.session !== a.session) return;
    this.#analysis = null;
    a.resolve(analysisData('files', {...a, summary: msg.summary, attack: msg.attack, inputs: [...a.inputs.values()]}, {
      session: a.session,
      report: msg.report,
      error: msg.error,
      exports: [['json', 'Report (JSON)'], ...((this.#engine && this.#engine.exportFormats) || [])
        .map((f) => [f.id, f.id.toUpperCase()])],
    }));
  }

  #workerExport(format, d) {
    if (format === 'json') {
      return this.#askSession(ToPage.REPORT_FILE, () => this.#post(toWorker.reportFile({session: d.session, report: d.report})))
        .then((msg) => {
          if (msg.error) throw new Error(msg.error);
          return [{name: 'exposure-lens-report.json', blob: msg.blob}];
        });
    }
    const info = (this.#engine.exportFormats || []).find((f) => f.id === format);
    if (!info) return Promise.reject(new Error(`unknown export format ${format}`));
    return this.#ask((request) => toWorker.export({session: d.session, request, format})).then((msg) => {
      if (msg.error) throw new Error(msg.error);
      const ext = str(info.extension).replace(/^\./, '') || format;
      return msg.blobs.map((blob, i) => ({name: `exposure-lens${i ? `-${i + 1}` : ''}.${ext}`, blob}));
    });
  }

  // --- the worker -----------------------------------------------------------

  #ensureWorker() {
    if (this.#worker) return;
    this.#engineError = null;
    const url = new URL('./worker.js', import.meta.url);
    let worker;
    if (url.origin === window.location.origin) {
      worker = new Worker(url, {type: 'module'});
    } else {
      // A page cannot start a worker from another origin; it can start one
      // from a blob: URL of its own (CSP worker-src blob:) that imports
      // the worker from this module's origin (script-src, CORS).
      this.#bootUrl = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};\n`], {type: 'text/javascript'}));
      worker = new Worker(this.#bootUrl, {type: 'module'});
    }
    worker.addEventListener('message', this.#handle);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#failEngine(`the analysis engine could not start${event.message ? ` (${event.message})` : ''}`);
    });
    this.#worker = worker;
  }

  #stopWorker(why) {
    if (!this.#worker) return;
    this.#worker.terminate();
    this.#worker = null;
    this.#engine = null;
    this.#decided = false;
    this.#revokeBoot();
    this.#failPending(new Error(why));
    if (this.#data && this.#data.source === 'files') this.#data.session = -1; // no longer exportable
  }

  #revokeBoot() {
    if (this.#bootUrl) URL.revokeObjectURL(this.#bootUrl);
    this.#bootUrl = null;
  }

  #failEngine(message) {
    this.#engineError = message;
    if (this.#worker) {
      this.#worker.terminate();
      this.#worker = null;
    }
    this.#revokeBoot();
    this.#failPending(new Error(message));
    this.#setStatus(message, 'error');
  }

  #failPending(err) {
    for (const {reject} of this.#pending.values()) reject(err);
    this.#pending.clear();
    if (this.#analysis) this.#analysis.reject(err);
    this.#analysis = null;
  }

  #post(msg) {
    this.#worker.postMessage(msg);
  }

  // Sends make(request) and resolves with the answer that names the request.
  #ask(make) {
    const request = ++this.#request;
    const answer = this.#await(request);
    this.#post(make(request));
    return answer;
  }

  #await(request, type = null) {
    const key = type ? `${request}:${type}` : String(request);
    return new Promise((resolve, reject) => this.#pending.set(key, {resolve, reject}));
  }

  // For answers without a request number (report-file): the next of `type`.
  #askSession(type, send) {
    const answer = new Promise((resolve, reject) => this.#pending.set(type, {resolve, reject}));
    send();
    return answer;
  }

  #settle(key, msg) {
    const waiting = this.#pending.get(key);
    if (!waiting) return false;
    this.#pending.delete(key);
    waiting.resolve(msg);
    return true;
  }

  #receive = receiver(ToPage, (() => {
    const handlers = {};
    for (const type of Object.values(ToPage)) handlers[type] = () => {};
    const current = (msg) => (this.#analysis && msg.session === this.#analysis.session ? this.#analysis : null);
    Object.assign(handlers, {
      [ToPage.READY]: (msg) => {
        this.#engine = {exportFormats: msg.exportFormats};
        this.#revokeBoot();
      },
      [ToPage.FATAL]: (msg) => this.#failEngine(msg.message),
      [ToPage.CLASSIFIED]: (msg) => this.#settle(String(msg.request), msg),
      [ToPage.DECISIONS_SET]: (msg) => this.#settle(String(msg.request), msg),
      [ToPage.EXPORT_FILE]: (msg) => this.#settle(String(msg.request), msg),
      [ToPage.REPORT_FILE]: (msg) => this.#settle(ToPage.REPORT_FILE, msg),
      [ToPage.TREND_DONE]: (msg) => this.#settle(`${msg.request}:${ToPage.TREND_DONE}`, msg),
      [ToPage.DIFF_DONE]: (msg) => this.#settle(`${msg.request}:${ToPage.DIFF_DONE}`, msg),
      [ToPage.POLICY_ERROR]: (msg) => this.#setStatus(msg.message, 'error'),
      [ToPage.PROGRESS]: (msg) => {
        const a = current(msg);
        if (a && msg.size) this.#setStatus(`Analyzing ${a.inputs.get(msg.id)?.name ?? ''}: ${Math.round((100 * msg.bytes) / msg.size)} %`);
      },
      [ToPage.FILE_DONE]: (msg) => {
        const a = current(msg);
        const entry = a && a.inputs.get(msg.id);
        if (!entry) return;
        const input = msg.input || {};
        entry.format = input.format ?? null;
        entry.findings = Number(input.findings) || 0;
        entry.errors = [...(Array.isArray(input.errors) ? input.errors : []),
          ...(msg.readError ? [{message: msg.readError}] : [])];
      },
      [ToPage.REPORT_ROWS]: (msg) => current(msg)?.rows.push(...msg.rows),
      [ToPage.REPORT_ASSETS]: (msg) => current(msg)?.assets.push(...msg.assets),
      [ToPage.REPORT_EXPOSURES]: (msg) => current(msg)?.exposures.push(...msg.exposures),
      [ToPage.REPORT_ACTIONS]: (msg) => current(msg)?.actions.push(...msg.actions),
      [ToPage.REPORT_COVERAGE]: (msg) => {
        const a = current(msg);
        if (a) a.coverage = msg.coverage;
      },
      [ToPage.REPORT]: (msg) => this.#onReport(msg),
    });
    return handlers;
  })());

  #fromWorker(data) {
    try {
      this.#receive(data);
    } catch (err) {
      this.#failEngine(`internal error: ${err.message}`);
    }
  }

  // --- rendering -------------------------------------------------------------

  #show(data, started) {
    // A report or snapshot replaces an analysis: free its memory in the worker.
    if (data.source !== 'files' && this.#worker && !this.#analysis) this.#post(toWorker.reset({session: ++this.#session}));
    this.#data = data;
    this.#findingFilter = {text: '', severity: ''};
    this.#assetFilter = '';
    this.#sorts.clear();
    this.#jewel = '';
    this.#exportFormat.replaceChildren(...data.exports.map(([id, label]) => h('option', {value: id}, label)));
    this.#render();
    const ms = Math.round(performance.now() - started);
    const problems = data.error ? ` (${data.error})` : '';
    this.#setStatus(`${data.source === 'files' ? 'Analyzed' : 'Loaded'} in ${ms} ms${problems}`, data.error ? 'error' : '');
    this.#setState('ready');
    const detail = {source: data.source, summary: data.summary, ms};
    this.#root.dispatchEvent(new CustomEvent('ready', {bubbles: true, composed: true, detail}));
    return detail;
  }

  #setState(state) {
    this.#root.dataset.state = state;
    const disabled = state !== 'ready' || !this.#data;
    this.#exportFormat.disabled = disabled;
    this.#exportButton.disabled = disabled;
  }

  #setStatus(text, kind = '') {
    this.#status.textContent = text;
    this.#status.dataset.state = kind;
  }

  // The order picked for table `name` (changed in place by its header).
  #sortOf(name) {
    if (!this.#sorts.has(name)) this.#sorts.set(name, {key: '', dir: ''});
    return this.#sorts.get(name);
  }

  #select(kind, item) {
    const detail = {view: this.view, kind, id: str(item.id ?? item.node), item: structuredCloneSafe(item)};
    this.#root.dispatchEvent(new CustomEvent('select', {bubbles: true, composed: true, detail}));
  }

  #render() {
    const view = this.view;
    for (const [name, tab] of this.#tabs) {
      tab.setAttribute('aria-selected', String(name === view));
      tab.tabIndex = name === view ? 0 : -1;
      tab.setAttribute('part', name === view ? 'tab tab-selected' : 'tab');
    }
    this.#content.dataset.view = view;
    const d = this.#data;
    if (!d) {
      this.#content.replaceChildren(empty('Nothing loaded yet.'));
      return;
    }
    const render = {
      summary: () => this.#summaryView(d),
      actions: () => this.#actionsView(d),
      findings: () => this.#findingsView(d),
      assets: () => this.#assetsView(d),
      coverage: () => this.#coverageView(d),
      paths: () => this.#pathsView(d),
      trend: () => this.#trendView(d),
    }[view];
    this.#content.replaceChildren(...[render()].flat(Infinity).filter(Boolean));
  }

  #summaryView(d) {
    const out = [];
    if (!d.summary) return empty(d.error ? `The report is unreadable: ${d.error}` : 'This input has no summary.');
    out.push(h('div', {class: 'cards', part: 'cards'}, d.cards.map(([key, label, value]) => h('div', {class: 'card', part: 'card', 'data-key': key},
      h('span', {class: 'value', 'data-value': value ?? ''}, fmt(value)), h('span', {class: 'label'}, label)))));
    out.push(h('h3', null, d.severityLabel), severityBars(d.bySeverity));
    if (d.actions && d.actions.length) {
      out.push(h('h3', null, 'Fix first'), h('ol', {class: 'top-actions'}, d.actions.slice(0, 5).map((a) => h('li', null,
        a.title, ' ', h('span', {class: 'muted'}, `removes ${fmt(a.riskRemoved)} risk (${a.cumulativePct} % cumulative)`)))));
    }
    if (d.inputs.length) {
      out.push(h('h3', null, 'Inputs'), h('ul', {class: 'plain inputs'}, d.inputs.map((i) => h('li', {'data-format': str(i.format)},
        str(i.name), ' ', h('span', {class: 'muted'}, `${str(i.format) || 'not recognised'}, ${fmt(i.findings)} findings`),
        Array.isArray(i.errors) && i.errors.length ? h('span', {class: 'error'}, ` · ${i.errors.length} problem(s): ${str(i.errors[0].message)}`) : null))));
    }
    if (d.summary.sources) out.push(h('p', {class: 'note'}, `Snapshot of ${d.summary.sources.join(', ')}`));
    if (d.notes) out.push(d.notes.map((n) => h('p', {class: 'note'}, n)));
    return out;
  }

  #actionsView(d) {
    if (!d.actions) return empty('Actions need a report or scanner exports; a snapshot has none.');
    if (!d.actions.length) return empty('No action: no open finding names a fix.');
    return [h('p', {class: 'note'}, `${fmt(d.actions.length)} actions, by the open risk each removes.`),
      table('actions', [
        {key: 'rank', label: '#', num: true, cell: (a) => a.rank},
        {key: 'title', label: 'Action', cell: (a) => a.title},
        {key: 'kind', label: 'Kind', cell: (a) => a.kind},
        countColumn('risk', 'Risk removed', (a) => a.riskRemoved),
        {key: 'cum', label: 'Cum. %', num: true, cell: (a) => a.cumulativePct},
        countColumn('kev', 'KEV', (a) => a.kev),
        {key: 'due', label: 'Due', cell: (a) => a.due},
        countColumn('findings', 'Findings', (a) => a.findings.length),
        {key: 'assets', label: 'Assets', cell: (a) => a.assets.map((x) => x.name).join(', ')},
      ], d.actions, {onPick: (a) => this.#select('action', a), sort: this.#sortOf('actions')})];
  }

  #findingsView(d) {
    if (!d.rows.length) return empty('No findings.');
    const f = this.#findingFilter;
    const box = h('div');
    const draw = () => {
      const text = f.text.toLowerCase();
      const rows = d.rows.filter((r) => (!f.severity || r.severity === f.severity)
        && (!text || [r.title, r.asset, r.ruleId, r.place, ...r.cves].some((v) => str(v).toLowerCase().includes(text))));
      const cols = [
        {key: 'severity', label: 'Severity', cell: (r) => sevBadge(r.severity), value: (r) => severityRank(r.severity)},
        countColumn('risk', 'Risk', (r) => r.risk),
        ...(d.rows.some((r) => r.cls) ? [{key: 'class', label: 'Since last', cell: (r) => r.cls}] : []),
        {key: 'title', label: 'Finding', cell: (r) => r.title},
        {key: 'asset', label: 'Asset', cell: (r) => r.asset},
        {key: 'place', label: 'Where', cell: (r) => r.place},
        {key: 'cves', label: 'CVEs', cell: (r) => r.cves.slice(0, 3).join(' ') + (r.cves.length > 3 ? ` +${r.cves.length - 3}` : ''),
          value: (r) => r.cves[0]},
        {key: 'kev', label: 'KEV', cell: (r) => (r.kev ? 'yes' : ''), value: (r) => (r.kev ? 1 : 0)},
        {key: 'due', label: 'Due', cell: (r) => r.due},
        {key: 'status', label: 'Status', cell: (r) => r.status},
      ];
      box.replaceChildren(h('p', {class: 'note', 'data-matches': rows.length}, `${fmt(rows.length)} of ${fmt(d.rows.length)} findings`),
        ...table('findings', cols, rows, {onPick: (r) => this.#select('finding', r), sort: this.#sortOf('findings')}));
    };
    const search = h('input', {type: 'search', part: 'filter', placeholder: 'Filter findings', 'aria-label': 'Filter findings', value: f.text,
      oninput: (e) => { f.text = e.target.value; draw(); }});
    const sev = h('select', {'aria-label': 'Severity', onchange: (e) => { f.severity = e.target.value; draw(); }},
      h('option', {value: ''}, 'All severities'), SEVERITIES.map((s) => h('option', {value: s, selected: s === f.severity}, s)));
    draw();
    return [h('div', {class: 'controls', part: 'controls'}, search, sev), box];
  }

  #assetsView(d) {
    if (!d.assets) return empty('Assets need a report or scanner exports; a snapshot lists none.');
    if (!d.assets.length) return empty('No assets.');
    const box = h('div');
    const draw = () => {
      const text = this.#assetFilter.toLowerCase();
      const rows = d.assets.filter((a) => !text || [a.name, a.kind, a.owner, a.environment, a.site, ...a.identityKeys]
        .some((v) => str(v).toLowerCase().includes(text)));
      box.replaceChildren(h('p', {class: 'note', 'data-matches': rows.length}, `${fmt(rows.length)} of ${fmt(d.assets.length)} assets`),
        ...table('assets', [
          {key: 'name', label: 'Asset', cell: (a) => a.name},
          {key: 'kind', label: 'Kind', cell: (a) => a.kind},
          countColumn('risk', 'Risk', (a) => a.risk),
          countColumn('findings', 'Findings', (a) => a.findings),
          {key: 'max', label: 'Worst', cell: (a) => (a.maxSeverity ? sevBadge(a.maxSeverity) : ''), value: (a) => severityRank(a.maxSeverity)},
          {key: 'criticality', label: 'Criticality', cell: (a) => a.criticality},
          {key: 'exposure', label: 'Exposure', cell: (a) => a.exposure},
          {key: 'owner', label: 'Owner', cell: (a) => a.owner},
          {key: 'gaps', label: 'Gaps', cell: (a) => a.gaps.map(gapLabel).join(', '), value: (a) => a.gaps.length},
        ], rows, {onPick: (a) => this.#select('asset', a), sort: this.#sortOf('assets')}));
    };
    const search = h('input', {type: 'search', part: 'filter', placeholder: 'Filter assets', 'aria-label': 'Filter assets', value: this.#assetFilter,
      oninput: (e) => { this.#assetFilter = e.target.value; draw(); }});
    draw();
    return [h('div', {class: 'controls', part: 'controls'}, search), box];
  }

  #coverageView(d) {
    if (!d.coverage) return empty('Coverage needs a report or scanner exports; a snapshot has none.');
    const c = d.coverage;
    const out = [];
    const counts = (d.summary && d.summary.coverage) || {};
    out.push(h('div', {class: 'cards', part: 'cards'}, [['inventory_assets', 'In inventories'], ['scanned_assets', 'Scanned'],
      ['inventory_only', 'Never scanned'], ['scanned_only', 'In no inventory'], ['unauthenticated', 'Unauthenticated'], ['stale', 'Stale']]
      .map(([key, label]) => h('div', {class: 'card', part: 'card', 'data-key': key},
        h('span', {class: 'value', 'data-value': counts[key] ?? ''}, fmt(counts[key])), h('span', {class: 'label'}, label)))));
    if (!c.inventory) {
      out.push(h('p', {class: 'note'}, 'No inventory was given: assets nobody scanned cannot be found. Add an asset inventory (CSV, JSON, CMDB or cloud export) next to the scans.'));
    }
    out.push(h('h3', null, 'By scan class'), ...table('coverage', [
      {key: 'class', label: 'Scan class', cell: (r) => CLASS_LABEL[r.cls] || r.cls},
      countColumn('expected', 'Assets that call for it', (r) => r.expected),
      countColumn('covered', 'Covered', (r) => r.covered),
      {key: 'pct', label: '%', num: true, cell: (r) => (r.pct == null ? '—' : r.pct), value: (r) => r.pct},
    ], SCAN_CLASSES.map((cls) => {
      const x = c.by_class[cls] || {};
      return {id: cls, cls, expected: x.expected, covered: x.covered, pct: x.covered_pct};
    }), {sort: this.#sortOf('coverage')}));
    const lists = [];
    if (c.inventory_only) {
      for (const cls of SCAN_CLASSES) {
        if (c.inventory_only[cls].total) lists.push([`inventory_only-${cls}`, cls === 'network' ? 'In the inventory, never discovered' : `In the inventory, no ${CLASS_LABEL[cls]}`, c.inventory_only[cls]]);
      }
    }
    if (c.scanned_only) lists.push(['scanned_only', 'Scanned, in no inventory', c.scanned_only]);
    lists.push(['unauthenticated', 'Host scans without credentials only', c.unauthenticated]);
    lists.push(['stale', `Last scanned more than ${c.stale_days ?? 30} days ago`, c.stale]);
    for (const [key, title, list] of lists) {
      if (!list.total) continue;
      out.push(h('section', {'data-list': key, 'data-total': list.total}, h('h3', null, `${title} (${fmt(list.total)})`),
        h('ul', {class: 'plain'}, list.items.slice(0, LIST_ITEMS).map((x) => {
          const li = h('li', {tabindex: 0}, x.name, ' ', h('span', {class: 'muted'}, x.reason));
          li.addEventListener('click', () => this.#select('asset', {id: x.asset, name: x.name, reason: x.reason, list: key}));
          return li;
        })),
        list.total > LIST_ITEMS ? h('p', {class: 'note'}, `and ${fmt(list.total - LIST_ITEMS)} more`) : null));
    }
    return out;
  }

  #pathsView(d) {
    const a = d.attack;
    if (!a) {
      return empty(d.assets ? 'No attack graph: it needs crown jewels (a policy with crown_jewels, or critical assets) and network, directory or cloud data to reach them.'
        : 'Attack paths need a report or scanner exports; a snapshot has none.');
    }
    if (!a.jewels.length) return empty('No crown jewel was found in this analysis.');
    if (!a.jewels.some((j) => j.node === this.#jewel)) this.#jewel = (a.jewels.find((j) => j.reachable) || a.jewels[0]).node;
    const labels = new Map(a.pathNodes.map((n) => [n.id, n.label]));
    const label = (id) => labels.get(id) || id;
    const jewel = a.jewels.find((j) => j.node === this.#jewel);
    const pathsBox = h('div', {class: 'paths'});
    const drawPaths = () => {
      const paths = a.paths.filter((p) => p.jewel === this.#jewel);
      pathsBox.replaceChildren(...(!paths.length ? [empty(`No path reaches ${jewel.label}.`)]
        : paths.map((p) => {
          const box = h('div', {class: 'path', part: 'path', tabindex: 0, 'data-id': p.id},
            h('strong', null, `Path ${p.rank}`), ' ', h('span', {class: 'muted'}, p.likelihood == null ? '' : `likelihood ${p.likelihood.toFixed(3)}`),
            h('ol', null, p.steps.map((s) => h('li', null, label(s.from), ' → ', label(s.to), ' ',
              h('span', {class: 'step-kind', 'data-basis': s.basis}, `${s.kind}${s.basis ? ` (${s.basis})` : ''}`),
              s.evidence ? h('span', {class: 'muted'}, ` · ${s.evidence}`) : null))));
          box.addEventListener('click', () => this.#select('path', p));
          return box;
        })));
    };
    const buttons = a.jewels.map((j) => h('button', {type: 'button', 'aria-pressed': String(j.node === this.#jewel), 'data-node': j.node,
      onclick: (e) => {
        this.#jewel = j.node;
        for (const b of buttons) b.setAttribute('aria-pressed', String(b === e.currentTarget));
        drawPaths();
        this.#select('jewel', j);
      }}, `${j.label} · ${j.reachable ? `${fmt(j.paths)} path(s)` : 'not reachable'}`));
    drawPaths();
    const out = [h('p', {class: 'note'}, `Graph of ${fmt(a.nodes)} nodes and ${fmt(a.edges)} edges.`),
      h('h3', null, 'Crown jewels'), h('div', {class: 'jewels', part: 'jewels'}, buttons), pathsBox];
    if (a.chokePoints.length) {
      out.push(h('h3', null, 'Choke points'), ...table('choke-points', [
        {key: 'label', label: 'Node', cell: (c) => c.label},
        {key: 'kind', label: 'Kind', cell: (c) => c.kind},
        countColumn('cuts', 'Paths cut', (c) => c.pathsCut),
        countColumn('jewels', 'Jewels protected', (c) => c.jewelsProtected),
      ], a.chokePoints.map((c) => ({...c, id: c.node})),
      {onPick: (c) => this.#select('choke-point', c), sort: this.#sortOf('choke-points')}));
    }
    if (a.fixSet) {
      out.push(h('h3', null, 'Fix set'), h('p', {'data-fix-set': a.fixSet.size},
        a.fixSet.cutsAll ? `${fmt(a.fixSet.size)} fix(es) cut every path to the crown jewels: ` : `${fmt(a.fixSet.size)} fix(es) cut what can be cut: `,
        a.fixSet.items.map((x) => x.label).join('; ')));
    }
    const seen = Object.entries(a.data).filter(([, v]) => v === false).map(([k]) => k);
    if (seen.length) out.push(h('p', {class: 'note'}, `No ${seen.join(', ')} data was given: paths through it cannot be seen.`));
    return out;
  }

  #trendView(d) {
    const points = d.trend && Array.isArray(d.trend.snapshots) ? d.trend.snapshots : [];
    if (!points.length) {
      return empty('No trend data: load two or more snapshots (exposure snapshot, or the dashboard\'s Trend view) to see how open risk changes.');
    }
    const out = [];
    if (points.length > 1) {
      const W = 400;
      const H = 120;
      const max = Math.max(1, ...points.map((p) => Number(p.open_risk) || 0));
      const x = (i) => 30 + ((W - 40) * i) / (points.length - 1);
      const y = (v) => H - 20 - ((H - 30) * (Number(v) || 0)) / max;
      out.push(h('h3', null, 'Open risk'), svg('svg', {class: 'chart', part: 'chart', 'data-chart': 'trend', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Open risk over the snapshots'},
        svg('line', {x1: 30, y1: H - 20, x2: W - 10, y2: H - 20}),
        svg('polyline', {points: points.map((p, i) => `${x(i)},${y(p.open_risk)}`).join(' ')}),
        points.map((p, i) => svg('text', {x: x(i), y: H - 6, 'text-anchor': 'middle'}, str(p.as_of))),
        svg('text', {x: 2, y: 12}, fmt(max))));
    } else {
      out.push(h('p', {class: 'note'}, 'One snapshot: load more to see a trend.'));
    }
    out.push(...table('trend', [
      {key: 'as_of', label: 'As of', cell: (p) => str(p.as_of)},
      countColumn('open', 'Open', (p) => p.open && p.open.total),
      countColumn('critical', 'Critical', (p) => p.open && p.open.critical),
      countColumn('high', 'High', (p) => p.open && p.open.high),
      countColumn('kev', 'KEV', (p) => p.open_kev),
      countColumn('risk', 'Open risk', (p) => p.open_risk),
      countColumn('new', 'New', (p) => p.new),
      countColumn('fixed', 'Fixed', (p) => p.fixed),
      countColumn('not_reassessed', 'Not reassessed', (p) => p.not_reassessed),
    ], points, {sort: this.#sortOf('trend')}));
    return out;
  }
}

// A copy of a row for an event's detail: plain data only (what a page may
// keep or post), without the table's lazily built caches.
function structuredCloneSafe(item) {
  const out = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === 'keys' || key === 'haystack' || typeof value === 'function') continue;
    out[key] = value;
  }
  try {
    return structuredClone(out);
  } catch {
    return JSON.parse(JSON.stringify(out));
  }
}

if (!customElements.get('exposure-lens')) customElements.define('exposure-lens', ExposureLens);
