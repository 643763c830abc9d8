// The "Threat intel" view: what threat intelligence says about the open
// findings. The weaknesses known to be exploited (on CISA's KEV catalog),
// those most likely to be exploited next (EPSS, not on KEV yet), and the
// SSVC decisions, each weakness one row however many assets have it
// (grouped by the scanner's rule), with the intel the analysis used.
//
// The tally runs over the report's rows in slices, yielding between them,
// so a report of a million findings never holds the main thread for long;
// a newer report makes a tally under way give up.
//
// Security contract (as app.js's): titles, rule ids and CVE ids come from
// scanner exports and reach the DOM only as text.

import {$, el} from './dom.js';
import {SEVERITY_RANK} from './rows.js';

// Rows tallied between two yields to the event loop.
const SLICE_ROWS = 20000;
// Weaknesses listed per table; the heading says how many there are.
const LIST_ROWS = 100;
// EPSS probability from which a weakness counts as likely to be exploited
// (FIRST's guidance of a 10 % threshold for prioritizing).
const LIKELY_EPSS = 0.1;
const SSVC_DECISIONS = ['immediate', 'out-of-cycle', 'scheduled', 'defer'];
const SSVC_LABEL = {immediate: 'Immediate', 'out-of-cycle': 'Out-of-cycle', scheduled: 'Scheduled', defer: 'Defer'};
const SEVERITY_LABEL = {critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info'};
const DECISION_RANK = {immediate: 4, 'out-of-cycle': 3, scheduled: 2, defer: 1};
// The columns of both weakness tables, in the order fillTable writes the
// cells; `num` columns are right-aligned (style.css .num). index.html
// leaves the tables' headers to this list, so the two cannot drift apart.
const COLUMNS = [
  {label: 'Weakness'}, {label: 'CVEs'}, {label: 'Severity'}, {label: 'Open findings', num: true},
  {label: 'Assets', num: true}, {label: 'EPSS', num: true}, {label: 'SSVC'},
];

// Gives the empty <table> of a weakness table its caption (hidden until
// the list is cut), header and body.
function makeTable(table) {
  const tr = el('tr');
  for (const {label, num} of COLUMNS) {
    const th = el('th', num ? 'num' : null, label);
    th.scope = 'col';
    tr.append(th);
  }
  const caption = el('caption', 'muted');
  caption.hidden = true;
  table.createTHead().append(tr);
  table.createTBody();
  table.caption = caption;
}

const numberFormat = new Intl.NumberFormat();
const fmt = (n) => numberFormat.format(n);

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

// Adds `rows` (rows.js finding rows) to `tally`, open findings only.
function tallyRows(tally, rows, from, to) {
  for (let i = from; i < to; i++) {
    const row = rows[i];
    if (row.status !== 'open') continue;
    tally.open++;
    if (row.cves.length) tally.withCve++;
    if (row.kev) tally.kev++;
    if (row.epss != null && row.epss >= LIKELY_EPSS) tally.likely++;
    if (row.decision in tally.decisions) tally.decisions[row.decision]++;
    if (!row.kev && !(row.epss != null && row.epss >= LIKELY_EPSS)) continue;
    const key = row.ruleId || row.title;
    let group = tally.groups.get(key);
    if (!group) {
      group = {title: row.title, ruleId: row.ruleId, cves: new Set(), findings: 0, assets: new Set(),
        kev: false, epss: null, decision: '', severity: 'info'};
      tally.groups.set(key, group);
    }
    group.findings++;
    if (row.asset) group.assets.add(row.asset);
    for (const cve of row.cves) group.cves.add(cve);
    group.kev = group.kev || row.kev;
    if (row.epss != null && (group.epss == null || row.epss > group.epss)) group.epss = row.epss;
    if ((DECISION_RANK[row.decision] || 0) > (DECISION_RANK[group.decision] || 0)) group.decision = row.decision;
    if (SEVERITY_RANK[row.severity] > SEVERITY_RANK[group.severity]) group.severity = row.severity;
  }
}

const byFindingsThenEpss = (a, b) => b.findings - a.findings || (b.epss ?? -1) - (a.epss ?? -1)
  || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
const byEpssThenFindings = (a, b) => (b.epss ?? -1) - (a.epss ?? -1) || b.findings - a.findings
  || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

export class IntelView {
  // showFindings(text): the findings view filtered by `text`;
  // showIntelPanel(): moves to the panel where the intel is changed.
  constructor({showFindings, showIntelPanel}) {
    this.root = $('view-intel');
    this.els = {
      note: $('intel-view-note'),
      body: $('intel-view-body'),
      bundle: $('intel-view-bundle'),
      counts: $('intel-view-counts'),
      kevHeading: $('intel-view-kev-heading'),
      kevTable: $('intel-view-kev'),
      likelyHeading: $('intel-view-likely-heading'),
      likelyTable: $('intel-view-likely'),
      ssvc: $('intel-view-ssvc'),
    };
    makeTable(this.els.kevTable);
    makeTable(this.els.likelyTable);
    this.showFindings = showFindings;
    $('intel-view-manage').addEventListener('click', showIntelPanel);
    this.rows = null;
    this.hasReport = false;
    this.bundleText = '';
    this.generation = 0;
    this.stale = true;
  }

  // The report's rows (null before a report).
  set(rows, hasReport) {
    this.rows = rows;
    this.hasReport = hasReport;
    this.stale = true;
    this.generation++;
  }

  // What the intel in use is, as one line (the intel panel's description).
  setBundle(text) {
    this.bundleText = text;
    this.els.bundle.textContent = text;
  }

  // Tallies and draws when stale; resolves once drawn (or superseded).
  async render() {
    if (!this.stale) return;
    this.stale = false;
    const generation = ++this.generation;
    this.els.bundle.textContent = this.bundleText;
    if (!this.hasReport || !this.rows) {
      this.root.dataset.state = 'empty';
      this.els.note.hidden = false;
      this.els.body.hidden = true;
      return;
    }
    const rows = this.rows;
    const tally = {open: 0, withCve: 0, kev: 0, likely: 0, groups: new Map(),
      decisions: Object.fromEntries(SSVC_DECISIONS.map((d) => [d, 0]))};
    this.root.dataset.state = 'tallying';
    for (let from = 0; from < rows.length; from += SLICE_ROWS) {
      tallyRows(tally, rows, from, Math.min(rows.length, from + SLICE_ROWS));
      if (from + SLICE_ROWS < rows.length) {
        await nextTurn();
        if (generation !== this.generation) return;  // a newer report
      }
    }
    this.draw(tally);
    this.root.dataset.state = 'ready';
    this.root.dataset.renders = String(Number(this.root.dataset.renders || 0) + 1);
  }

  draw(tally) {
    const {els} = this;
    els.note.hidden = true;
    els.body.hidden = false;
    const groups = [...tally.groups.values()];
    const kev = groups.filter((g) => g.kev).sort(byFindingsThenEpss);
    const likely = groups.filter((g) => !g.kev).sort(byEpssThenFindings);

    els.counts.replaceChildren();
    for (const [label, value, id] of [
      ['open findings', tally.open, 'open'],
      ['with a CVE', tally.withCve, 'cve'],
      ['on CISA KEV (known exploited)', tally.kev, 'kev'],
      [`with EPSS of ${LIKELY_EPSS * 100} % or more`, tally.likely, 'likely'],
    ]) {
      const item = el('li');
      const number = el('strong', null, fmt(value));
      number.dataset.count = id;
      item.append(number, ` ${label}`);
      els.counts.append(item);
    }

    els.kevHeading.textContent = `Known exploited: ${fmt(kev.length)} weakness${kev.length === 1 ? '' : 'es'} on CISA KEV`;
    this.fillTable(els.kevTable, kev, 'No open finding is on the KEV catalog.');
    els.likelyHeading.textContent =
      `Likely next: ${fmt(likely.length)} weakness${likely.length === 1 ? '' : 'es'} with EPSS of ${LIKELY_EPSS * 100} % or more, not on KEV`;
    this.fillTable(els.likelyTable, likely, 'No other open finding reaches that EPSS.');

    els.ssvc.replaceChildren();
    for (const decision of SSVC_DECISIONS) {
      const item = el('li');
      const number = el('strong', null, fmt(tally.decisions[decision]));
      number.dataset.decision = decision;
      item.append(number, ` ${SSVC_LABEL[decision]}`);
      els.ssvc.append(item);
    }
  }

  fillTable(table, groups, emptyText) {
    const body = table.tBodies[0];
    body.replaceChildren();
    const caption = table.caption;
    if (!groups.length) {
      const tr = el('tr');
      const td = el('td', 'empty', emptyText);
      td.colSpan = COLUMNS.length;
      tr.append(td);
      body.append(tr);
    }
    for (const g of groups.slice(0, LIST_ROWS)) {
      const tr = el('tr');
      tr.dataset.rule = g.ruleId;
      const name = el('td');
      const link = el('button', 'link-button', g.title);
      link.type = 'button';
      link.title = 'Show these findings';
      link.addEventListener('click', () => this.showFindings(g.ruleId || g.title));
      name.append(link);
      const severity = el('td');
      severity.append(el('span', `sev-pill sev-${g.severity}`, SEVERITY_LABEL[g.severity]));
      const cves = [...g.cves].sort();
      const shown = cves.slice(0, 3).join(', ') + (cves.length > 3 ? ` +${cves.length - 3}` : '');
      tr.append(
          name,
          el('td', 'mono', shown || '—'),
          severity,
          el('td', 'num', fmt(g.findings)),
          el('td', 'num', fmt(g.assets.size)),
          el('td', 'num', g.epss == null ? '—' : g.epss.toFixed(3)),
          el('td', null, SSVC_LABEL[g.decision] || '—'));
      body.append(tr);
    }
    caption.textContent = groups.length > LIST_ROWS
      ? `The first ${LIST_ROWS} of ${fmt(groups.length)}; the Findings view lists every one.`
      : '';
    caption.hidden = groups.length <= LIST_ROWS;
  }
}
