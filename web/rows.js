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

// Flattens report findings into what the table displays and sorts on; done
// once per report so sorting/filtering 100k rows is just comparisons.
export function prepareFindings(report) {
  const assetNames = new Map();
  for (const a of Array.isArray(report.assets) ? report.assets : []) {
    if (a && a.id != null) assetNames.set(a.id, str(a.name) || str(a.id));
  }
  // Explanations are listed once per distinct assessment (report v2) and
  // findings name theirs; the tooltip text is built once per explanation.
  const whyById = new Map();
  for (const p of Array.isArray(report.priorities) ? report.priorities : []) {
    if (!p || p.id == null) continue;
    const factors = p.risk && Array.isArray(p.risk.factors) ? p.risk.factors : [];
    whyById.set(p.id, factors
      .map((x) => `${str(x && x.name)}: ${str(x && x.value)} (+${str(x && x.points)})`)
      .join('\n'));
  }
  const findings = Array.isArray(report.findings) ? report.findings : [];
  const rows = new Array(findings.length);
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] || {};
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
    const decision = str(f.decision);
    const due = str(f.due);
    const why = whyById.get(f.priority) || '';
    const epss = f.epss == null || f.epss === '' ? null : Number(f.epss);
    rows[i] = {
      index: i,
      risk,
      decision,
      due,
      kev: f.kev === true,
      epss: Number.isFinite(epss) ? epss : null,
      epssPercentile: f.epss_percentile == null ? null : Number(f.epss_percentile),
      why,
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
  return rows;
}
