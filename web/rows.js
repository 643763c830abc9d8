// The dashboard's rows, made from a report (its table detail, see
// wasm/API.md) in the analysis worker, so that the page only receives them:
// findings (the findings table), assets (the assets table), the exposures
// two or more findings report, the remediation plan's actions and the
// coverage lists, capped. Shared by
// worker.js (which builds them) and app.js (which sorts, filters, groups
// and renders them).

export const SEVERITY_RANK = {critical: 4, high: 3, medium: 2, low: 1, info: 0};

function normalizeSeverity(value) {
  const s = String(value ?? '').toLowerCase();
  if (s in SEVERITY_RANK) return s;
  if (s === 'informational' || s === 'none' || s === '') return 'info';
  return 'info';
}

export function str(value) {
  return value == null ? '' : String(value);
}

// Explanation tooltip of a priority (report v2 lists each distinct
// assessment once; findings name theirs).
function whyOf(p) {
  const factors = p.risk && Array.isArray(p.risk.factors) ? p.risk.factors : [];
  return factors
    .map((x) => `${str(x && x.name)}: ${str(x && x.value)} (+${str(x && x.points)})`)
    .join('\n');
}

// Flattens finding `f` (number `index` in report order) into what the table
// displays and sorts on; done once per report so sorting/filtering 100k
// rows is just comparisons. assetNames: asset id -> name; whyById:
// priority id -> tooltip.
function findingRow(f, index, assetNames, whyById) {
  const severity = normalizeSeverity(f.severity);
  const title = str(f.title) || str(f.rule_id) || '(untitled)';
  const asset = f.asset == null ? '' : (assetNames.get(f.asset) ?? str(f.asset));

  // "Where": port/protocol (+ service name), the affected component and
  // its fix version, or else the finding's location (file, URL …). Port 0
  // means host-level (Nessus "general"), so it is not shown.
  const parts = [];
  const rawPort = f.port == null || f.port === '' ? NaN : Number(f.port);
  const port = Number.isFinite(rawPort) && rawPort > 0 ? rawPort : null;
  if (port != null) {
    let text = f.protocol ? `${port}/${f.protocol}` : String(port);
    if (f.service) text += ` (${f.service})`;
    parts.push(text);
  }
  const comp = f.component && typeof f.component === 'object' ? f.component : null;
  if (comp && (comp.name || comp.path)) {
    let text = str(comp.name || comp.path);
    if (comp.installed) text += ` ${comp.installed}`;
    if (comp.fixed) text += ` → ${comp.fixed}`;
    parts.push(text);
  }
  if (!parts.length && f.location) parts.push(str(f.location));
  const place = parts.join(' · ');

  const cves = Array.isArray(f.cves) ? f.cves.map(str) : [];
  const format = str(f.source && f.source.format);
  const input = str(f.source && f.source.input);
  // Prioritization (risk score, SSVC decision, due date) and the factors
  // behind the score, shown as the cell's tooltip.
  const risk = Number.isFinite(Number(f.risk)) ? Number(f.risk) : 0;
  const epss = f.epss == null || f.epss === '' ? null : Number(f.epss);
  return {
    index,
    // The finding's id ("f-…"): what a decision matches and an action lists.
    id: str(f.id),
    // Triage: "open", a decision's status (accepted, false_positive,
    // not_affected, deferred) or the scanner's (fixed, suppressed); the
    // decision behind it, and whether its "until" date has passed (the
    // finding is then open again).
    status: str(f.status) || 'open',
    triage: triageOf(f.triage),
    decisionExpired: f.decision_expired === true,
    // The remediation action ("act-…") that fixes it, '' when none does.
    action: str(f.action),
    risk,
    decision: str(f.decision),
    due: str(f.due),
    kev: f.kev === true,
    epss: Number.isFinite(epss) ? epss : null,
    epssPercentile: f.epss_percentile == null ? null : Number(f.epss_percentile),
    // The evidence ladder: -1 refuted … 4 confirmed on this asset; null when
    // the report predates it.
    validation: f.validation && Number.isInteger(f.validation.level) ? f.validation.level : null,
    validationLabel: f.validation ? str(f.validation.label) : '',
    why: whyById.get(f.priority) || '',
    severity,
    rank: SEVERITY_RANK[severity],
    title,
    ruleId: str(f.rule_id),
    asset,
    place,
    cves,
    format,
    input,
    port,
    // The finding's exposure ("e-…"); rows of one id are one problem
    // reported by several findings when `exposures` lists the id.
    exposure: str(f.exposure),
    keys: null, // sort keys, built on the first sort by a text column
    haystack: null, // built lazily on first filter
  };
}

// A finding's decision as the report gives it (every member optional), or
// null when no decision applies.
function triageOf(t) {
  if (!t || typeof t !== 'object') return null;
  return {by: str(t.by), reason: str(t.reason), until: str(t.until), justification: str(t.justification)};
}

// Human labels of the gaps an asset's `gaps` names (docs/scoping.md); an
// unknown name is shown as it is.
export const GAP_LABEL = {
  never_scanned: 'never scanned',
  not_in_inventory: 'not in any inventory',
  unauthenticated: 'unauthenticated scans only',
  stale: 'scan is stale',
  no_host_scan: 'no host scan',
  no_container_scan: 'no container scan',
  no_code_web_scan: 'no code / web scan',
  no_cloud_scan: 'no cloud scan',
};

export function gapLabel(gap) {
  return GAP_LABEL[gap] || str(gap).replace(/_/g, ' ');
}

const strings = (value) => (Array.isArray(value) ? value.map(str) : []);
const numberOr = (value, fallback) => (Number.isFinite(Number(value)) && value !== null ? Number(value) : fallback);

// Flattens asset `a` (number `index` in report order) for the assets table,
// like findingRow: once per report, sort keys and haystack lazily.
function assetRow(a, index) {
  const maxSeverity = a.max_severity == null ? '' : normalizeSeverity(a.max_severity);
  return {
    index,
    id: str(a.id),
    name: str(a.name) || str(a.id),
    kind: str(a.kind),
    // The keys that tie its records (strongest first), how strong the
    // strongest is, and keys its records disagreed on.
    identityKeys: strings(a.identity && a.identity.keys),
    confidence: str(a.identity && a.identity.confidence),
    conflicts: strings(a.identity && a.identity.conflicts),
    inInventory: a.in_inventory === true,
    scannedBy: strings(a.scanned_by),
    lastScanned: str(a.last_scanned),
    owner: str(a.owner),
    businessUnit: str(a.business_unit),
    environment: str(a.environment),
    site: str(a.site),
    criticality: str(a.criticality),
    exposure: str(a.exposure),
    risk: numberOr(a.risk, 0),
    findings: numberOr(a.findings, 0),
    maxSeverity,
    rank: maxSeverity ? SEVERITY_RANK[maxSeverity] : -1,
    gaps: strings(a.gaps),
    keys: null,
    haystack: null,
  };
}

// What the page needs of an exposure that several findings report: its id,
// the formats that found it and how many findings it groups. The rest (risk,
// severity, place) is its top finding's, which the page has as a row.
function exposureInfo(e) {
  return {id: str(e.id), sources: strings(e.sources), findings: numberOr(e.findings, 0)};
}

// An action of the remediation plan (docs/mobilization.md), number `index`
// in plan order (rank index + 1): what the Actions view lists and charts.
// Its findings stay ids (the page has their rows); its assets get their
// names here, where the asset names are known.
function actionRow(a, index, assetNames) {
  const target = a.target && typeof a.target === 'object' ? a.target : {};
  return {
    rank: index + 1,
    id: str(a.id),
    kind: str(a.kind),
    title: str(a.title) || str(a.id),
    target: Object.fromEntries(Object.entries(target).map(([k, v]) => [k, str(v)])),
    severity: a.severity == null ? '' : normalizeSeverity(a.severity),
    decision: str(a.decision),
    kev: numberOr(a.kev, 0),
    riskRemoved: numberOr(a.risk_removed, 0),
    cumulativePct: numberOr(a.cumulative_pct, 0),
    due: str(a.due),
    owner: str(a.owner),
    findings: strings(a.findings),
    assets: strings(a.assets).map((id) => ({id, name: assetNames.get(id) ?? id})),
  };
}

// Entries of each coverage list handed to the page; the rest is counted.
export const COVERAGE_LIST_CAP = 200;
export const SCAN_CLASSES = ['network', 'host', 'container_sca', 'code_web', 'cloud'];

// The report's `coverage` for the page: every list (inventory_only per class,
// scanned_only, unauthenticated, stale) becomes {total, items} with at most
// `cap` items of {asset, name, reason} (name from the assets), so the message
// stays small whatever the estate; a null list (no inventory) stays null.
// Counts (by_class, by_scope) are kept as they are.
export function capCoverage(coverage, assetNames, cap = COVERAGE_LIST_CAP) {
  if (!coverage || typeof coverage !== 'object') return null;
  const capList = (list) => {
    if (!Array.isArray(list)) return null;
    return {
      total: list.length,
      items: list.slice(0, cap).map((x) => {
        const asset = str(x && x.asset);
        return {asset, name: assetNames.get(asset) ?? asset, reason: str(x && x.reason)};
      }),
    };
  };
  let inventoryOnly = null;
  if (coverage.inventory_only && typeof coverage.inventory_only === 'object') {
    inventoryOnly = {};
    for (const cls of SCAN_CLASSES) inventoryOnly[cls] = capList(coverage.inventory_only[cls]) ?? {total: 0, items: []};
  }
  return {
    inventory: coverage.inventory === true,
    as_of: coverage.as_of ?? null,
    stale_days: coverage.stale_days ?? null,
    inventory_only: inventoryOnly,
    scanned_only: capList(coverage.scanned_only),
    unauthenticated: capList(coverage.unauthenticated) ?? {total: 0, items: []},
    stale: capList(coverage.stale) ?? {total: 0, items: []},
    by_class: coverage.by_class && typeof coverage.by_class === 'object' ? coverage.by_class : {},
    by_scope: Array.isArray(coverage.by_scope) ? coverage.by_scope : [],
  };
}

// The attack-path analysis of a report (its `graph`, `paths`,
// `choke_points` and `fix_set`; docs in the report's schema) for the
// Attack paths view, every member checked and named the page's way, or
// null when the report has no graph (the core could not build one).
// Likelihoods stay fractions (0..1); counts are numbers, texts strings.
export function attackPaths(report) {
  const graph = report && report.graph;
  if (!graph || typeof graph !== 'object' || Array.isArray(graph)) return null;
  const counts = (value) => {
    const out = {};
    if (value && typeof value === 'object') {
      for (const [key, n] of Object.entries(value)) out[key] = numberOr(n, 0);
    }
    return out;
  };
  // A member the report leaves out is unknown (null), not false.
  const data = {};
  for (const part of ['network', 'identity', 'cloud', 'policy']) {
    const value = graph.data && graph.data[part];
    data[part] = typeof value === 'boolean' ? value : null;
  }
  const list = (value) => (Array.isArray(value) ? value.filter((x) => x && typeof x === 'object') : []);
  const likelihood = (value) => {
    const n = numberOr(value, null);
    return n === null ? null : Math.min(1, Math.max(0, n));
  };
  const cut = (c) => ({
    node: str(c.node),
    kind: str(c.kind),
    label: str(c.label) || str(c.node),
    pathsCut: numberOr(c.paths_cut, 0),
    findings: strings(c.findings),
    actions: strings(c.actions),
  });
  const fix = report.fix_set && typeof report.fix_set === 'object' ? report.fix_set : null;
  return {
    nodes: numberOr(graph.nodes, 0),
    edges: numberOr(graph.edges, 0),
    edgesByKind: counts(graph.edges_by_kind),
    edgesByBasis: counts(graph.edges_by_basis),
    data,
    jewels: list(graph.jewels).map((j) => ({
      node: str(j.node),
      label: str(j.label) || str(j.node),
      kind: str(j.kind),
      why: str(j.why),
      reachable: j.reachable === true,
      paths: numberOr(j.paths, 0),
      likelihood: likelihood(j.likelihood),
    })),
    pathNodes: list(graph.path_nodes).map((n) => ({
      id: str(n.id),
      kind: str(n.kind),
      label: str(n.label) || str(n.id),
      asset: str(n.asset),
    })),
    paths: list(report.paths).map((p, i) => ({
      id: str(p.id) || `path-${i + 1}`,
      jewel: str(p.jewel),
      rank: numberOr(p.rank, i + 1),
      likelihood: likelihood(p.likelihood),
      steps: list(p.steps).map((s) => ({
        from: str(s.from),
        to: str(s.to),
        via: str(s.via),
        kind: str(s.kind),
        basis: str(s.basis),
        likelihood: likelihood(s.likelihood),
        evidence: str(s.evidence),
        findings: strings(s.findings),
      })),
    })),
    chokePoints: list(report.choke_points).map((c) => ({
      ...cut(c),
      jewelsProtected: numberOr(c.jewels_protected, 0),
      jewels: strings(c.jewels),
    })),
    fixSet: fix ? {
      size: numberOr(fix.size, 0),
      cutsAll: fix.cuts_all === true,
      jewelsReachable: numberOr(fix.jewels_reachable, 0),
      items: list(fix.items).map(cut),
    } : null,
  };
}

// Exposure-mode rows of a report: one per exposure. `rows` are its finding
// rows, `exposures` a Map of exposure id -> exposureInfo for those that
// several findings report. A finding alone in its exposure is its own row
// (the same object, so nothing is copied for the common case); the findings
// of a shared exposure collapse into a copy of the highest-risk one (ties:
// most severe, then first in report order) that carries `sources`, `tools`
// (distinct formats) and `grouped` (its findings). One pass to pick, one to
// emit: linear, run once per report.
export function exposureRows(rows, exposures) {
  const best = new Map();
  for (const row of rows) pickTop(best, exposures, row);
  const out = [];
  for (const row of rows) emitExposure(out, best, exposures, row);
  return out;
}

// exposureRows() with each pass run by `each(rows, fn)` (a function that
// calls fn on every row and resolves false when it stopped early, such as
// eachSliced in slices.js): resolves the rows, or null when stopped.
export async function exposureRowsWith(rows, exposures, each) {
  const best = new Map();
  if (!(await each(rows, (row) => pickTop(best, exposures, row)))) return null;
  const out = [];
  if (!(await each(rows, (row) => emitExposure(out, best, exposures, row)))) return null;
  return out;
}

function pickTop(best, exposures, row) {
  if (!exposures.has(row.exposure)) return;
  const top = best.get(row.exposure);
  if (!top || row.risk > top.risk || (row.risk === top.risk
    && (row.rank > top.rank || (row.rank === top.rank && row.index < top.index)))) {
    best.set(row.exposure, row);
  }
}

function emitExposure(out, best, exposures, row) {
  const info = exposures.get(row.exposure);
  if (!info) {
    out.push(row);
  } else if (best.get(row.exposure) === row) {
    const sources = [...new Set(info.sources)];
    out.push({
      ...row,
      format: sources.join(', '),
      sources,
      tools: sources.length,
      grouped: info.findings,
      keys: null,
      haystack: null,
    });
  }
}

// The lists of a table detail that TableRowsReader turns into rows (or,
// for priorities, into the findings' explanations).
const ROW_LISTS = new Set(['findings', 'assets', 'exposures', 'actions', 'priorities']);

// Makes the rows from a report's table detail as its text arrives, one
// element per line (see ReportDetail::kTable in core/render/json_report.h),
// so neither the text nor the parsed report is ever held whole. Assets and
// priorities come before the findings that refer to them, exposures and
// actions after. onRows(rows) is called with every `sliceSize` finding rows
// made, in order, and with the last ones at end(); so are, when given,
// more.onAssets(assetRows), more.onExposures(exposureInfos) and
// more.onActions(actionRows) (each list ends before the next begins, so
// their slices come in report order too).
export class TableRowsReader {
  constructor(onRows, sliceSize, more = {}) {
    this.sliceSize = sliceSize;
    // One pending slice per list, handed over when full or at end().
    this.lists = {
      findings: {send: onRows, slice: [], count: 0},
      assets: {send: more.onAssets || null, slice: [], count: 0},
      exposures: {send: more.onExposures || null, slice: [], count: 0},
      actions: {send: more.onActions || null, slice: [], count: 0},
    };
    this.pending = ''; // a line not ended yet
    this.lines = 0;
    this.rest = ''; // the lines between elements: the report, lists empty
    this.section = null; // the list whose elements the next lines are
    this.assetNames = new Map();
    this.whyById = new Map();
  }

  // How many finding rows were made (and handed over, after flush()).
  get rows() {
    return this.lists.findings.count;
  }

  // text: the next decoded part of the report, cut anywhere.
  push(text) {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      const line = this.pending + text.slice(from, nl);
      this.pending = '';
      from = nl + 1;
      this.line(line);
    }
    this.pending += text.slice(from);
  }

  // -> {summary, rows, assets, exposures, actions, coverage, attack}: the
  // report's summary, how many finding rows, asset rows, exposure infos and
  // action rows were made, its coverage as capCoverage() gives it (null when
  // it has none) and its attack paths as attackPaths() gives them. Throws
  // when the text is not a table detail.
  end() {
    if (this.pending) this.line(this.pending);
    this.pending = '';
    this.flush();
    const report = JSON.parse(this.rest);
    if (!report || report.detail !== 'table') throw new Error('not a table report');
    return {
      summary: report.summary ?? null,
      rows: this.lists.findings.count,
      assets: this.lists.assets.count,
      exposures: this.lists.exposures.count,
      actions: this.lists.actions.count,
      coverage: capCoverage(report.coverage, this.assetNames),
      attack: attackPaths(report),
    };
  }

  // Hands over what was made and not handed over yet (also after a throw).
  flush() {
    for (const list of Object.values(this.lists)) {
      if (list.slice.length && list.send) list.send(list.slice);
      list.slice = [];
    }
  }

  add(list, item) {
    list.count++;
    if (!list.send) return; // nobody wants this list: count only
    list.slice.push(item);
    if (list.slice.length >= this.sliceSize) {
      list.send(list.slice);
      list.slice = [];
    }
  }

  line(line) {
    this.lines++;
    // Elements of the lists made into rows are parsed one by one; every
    // other line, elements of other lists included (the attack paths, say,
    // when the core writes them a line each), stays in the report's text.
    if (this.lines === 1 || !line.startsWith('{') || !ROW_LISTS.has(this.section)) {
      this.rest += line;
      const open = /"(\w+)":\[$/.exec(line);
      this.section = open ? open[1] : null;
      return;
    }
    const e = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
    if (!e || typeof e !== 'object') return;
    const {findings, assets, exposures, actions} = this.lists;
    if (this.section === 'findings') {
      this.add(findings, findingRow(e, findings.count, this.assetNames, this.whyById));
    } else if (this.section === 'assets') {
      if (e.id != null) this.assetNames.set(e.id, str(e.name) || str(e.id));
      this.add(assets, assetRow(e, assets.count));
    } else if (this.section === 'exposures') {
      this.add(exposures, exposureInfo(e));
    } else if (this.section === 'actions') {
      this.add(actions, actionRow(e, actions.count, this.assetNames));
    } else if (this.section === 'priorities') {
      if (e.id != null) this.whyById.set(e.id, whyOf(e));
    }
  }
}

// What TableRowsReader makes from a report's text, made from a report
// already parsed (the full report of `exposure analyze`, or its table
// detail): {summary, rows, assets, exposures, actions, coverage, attack},
// each list whole. For a page that is handed the report object itself (the
// <exposure-lens> widget's load(report)); nothing is parsed twice.
export function rowsOfReport(report) {
  const list = (value) => (Array.isArray(value) ? value.filter((x) => x && typeof x === 'object') : []);
  const assetNames = new Map();
  const whyById = new Map();
  for (const a of list(report.assets)) if (a.id != null) assetNames.set(a.id, str(a.name) || str(a.id));
  for (const p of list(report.priorities)) if (p.id != null) whyById.set(p.id, whyOf(p));
  return {
    summary: report.summary && typeof report.summary === 'object' ? report.summary : null,
    rows: list(report.findings).map((f, i) => findingRow(f, i, assetNames, whyById)),
    assets: list(report.assets).map((a, i) => assetRow(a, i)),
    exposures: list(report.exposures).map(exposureInfo),
    actions: list(report.actions).map((a, i) => actionRow(a, i, assetNames)),
    coverage: capCoverage(report.coverage, assetNames),
    attack: attackPaths(report),
  };
}

// Text fields of a finding row that repeat across rows (a plugin's title
// on every host, a port's "443/tcp (www)", one priority's explanation on
// every finding it scores). Structured clone copies every string of every
// row separately, so without this a page holding a million rows holds
// each such text once per row: a heap several times larger, whose
// garbage collections (scavenges of the rows as they arrive, compactions
// later) each block the page for 50-100 ms. The row's own id, exposure
// and index are unique and left alone.
const SHARED_ROW_TEXT = ['status', 'action', 'decision', 'due', 'validationLabel', 'why', 'severity', 'title',
  'ruleId', 'asset', 'place', 'format', 'input'];
const NO_CVES = Object.freeze([]);

// One copy of each text of the rows given to it: intern(rows) replaces the
// rows' repeated texts (and CVE ids) with the copy kept, in place, so the
// copies that came with a message die young. Keep one per report and drop
// it with the report's arrival (the Map holds every distinct text).
export class RowTextPool {
  constructor() {
    this.texts = new Map();
  }

  text(value) {
    const kept = this.texts.get(value);
    if (kept !== undefined) return kept;
    this.texts.set(value, value);
    return value;
  }

  intern(rows) {
    for (const row of rows) {
      for (const key of SHARED_ROW_TEXT) row[key] = this.text(row[key]);
      // A row's list is read only (rows are never edited after they are made).
      if (row.cves.length === 0) row.cves = NO_CVES;
      else for (let i = 0; i < row.cves.length; i++) row.cves[i] = this.text(row.cves[i]);
    }
    return rows;
  }
}
