// The findings table's rows, made from a report (its table detail, see
// wasm/API.md) in the analysis worker, so that the page only receives them.
// Shared by worker.js (which builds them) and app.js (which sorts, filters
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
    risk,
    decision: str(f.decision),
    due: str(f.due),
    kev: f.kev === true,
    epss: Number.isFinite(epss) ? epss : null,
    epssPercentile: f.epss_percentile == null ? null : Number(f.epss_percentile),
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
    keys: null, // sort keys, built on the first sort by a text column
    haystack: null, // built lazily on first filter
  };
}

// Makes the rows from a report's table detail as its text arrives, one
// element per line (see ReportDetail::kTable in core/render/json_report.h),
// so neither the text nor the parsed report is ever held whole. Assets and
// priorities come before the findings that refer to them. onRows(rows) is
// called with every `sliceSize` rows made, in order, and with the last ones
// at end().
export class TableRowsReader {
  constructor(onRows, sliceSize) {
    this.onRows = onRows;
    this.sliceSize = sliceSize;
    this.pending = ''; // a line not ended yet
    this.lines = 0;
    this.rest = ''; // the lines between elements: the report, lists empty
    this.section = null; // the list whose elements the next lines are
    this.assetNames = new Map();
    this.whyById = new Map();
    this.slice = [];
    this.rows = 0;
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

  // -> {summary, rows}: the report's summary and how many rows were made.
  // Throws when the text is not a table detail.
  end() {
    if (this.pending) this.line(this.pending);
    this.pending = '';
    this.flush();
    const report = JSON.parse(this.rest);
    if (!report || report.detail !== 'table') throw new Error('not a table report');
    return {summary: report.summary ?? null, rows: this.rows};
  }

  // Hands over the rows made and not handed over yet (also after a throw).
  flush() {
    if (this.slice.length) this.onRows(this.slice);
    this.slice = [];
  }

  line(line) {
    this.lines++;
    if (this.lines === 1 || !line.startsWith('{')) {
      this.rest += line;
      const open = /"(\w+)":\[$/.exec(line);
      this.section = open ? open[1] : null;
      return;
    }
    const e = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
    if (!e || typeof e !== 'object') return;
    if (this.section === 'findings') {
      this.slice.push(findingRow(e, this.rows++, this.assetNames, this.whyById));
      if (this.slice.length >= this.sliceSize) {
        this.onRows(this.slice);
        this.slice = [];
      }
    } else if (this.section === 'assets') {
      if (e.id != null) this.assetNames.set(e.id, str(e.name) || str(e.id));
    } else if (this.section === 'priorities') {
      if (e.id != null) this.whyById.set(e.id, whyOf(e));
    }
  }
}
