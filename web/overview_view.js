// The dashboard's first view, "Overview": one screen that says how bad it
// is and what to do first. Open findings by severity and by risk score
// (bar charts), the plan's first actions with their Pareto chart (the same
// SVG chart as the Actions view, pareto_chart.js), known exploited and SSVC
// counts, the coverage summary and, once snapshots are saved, the open
// risk over time.
//
// Every number here is also given as text next to its chart (the charts
// are pictures of those lists, hidden from assistive technology), so a
// screen reader, a test or a copy-paste reads the same figures.
//
// The bar and line charts are drawn by uPlot (npm "uplot", copied from
// node_modules into vendor/ by scripts/build), on canvas: it builds its DOM
// with createElement and sets sizes through the CSSOM, so it runs under the
// page's CSP (no inline style, no eval). It is imported when a chart is
// first drawn. Colours are the page's CSS custom properties, read when a
// chart is drawn, so a change of light/dark scheme redraws the charts.
//
// Security contract (as app.js's): action titles come from the report,
// hence from scanner exports, and reach the DOM only as text.

import {PARETO_ACTIONS, actionsHeadline, niceCeiling, pctText, renderPareto} from './pareto_chart.js';
import {$, el} from './dom.js';

const UPLOT_URL = './vendor/uPlot.esm.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const SEVERITY_LABEL = {critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info'};
// SSVC Deployer decisions (core/score/ssvc.h), most urgent first.
const SSVC_DECISIONS = ['immediate', 'out-of-cycle', 'scheduled', 'defer'];
const SSVC_LABEL = {immediate: 'Immediate', 'out-of-cycle': 'Out-of-cycle', scheduled: 'Scheduled', defer: 'Defer'};
// Risk bands of 100 points, as the HTML export's "Open risk distribution":
// [0, 100) … [800, 900), then [900, 1000].
const RISK_BANDS = 10;
const COVERAGE_KEYS = ['inventory_assets', 'scanned_assets', 'inventory_only', 'scanned_only', 'unauthenticated', 'stale'];
// Actions listed by name under the Pareto chart.
const TOP_ACTIONS = 5;
const CHART_HEIGHT = 200;
const CHART_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

const numberFormat = new Intl.NumberFormat();

let uplotPromise = null;
function loadUplot() {
  if (!uplotPromise) {
    uplotPromise = import(UPLOT_URL).then((m) => m.default).catch((err) => {
      uplotPromise = null;
      throw err;
    });
  }
  return uplotPromise;
}


function bandLabel(band) {
  return band === RISK_BANDS - 1 ? '900-1000' : `${band * 100}-${band * 100 + 99}`;
}

// The counts of the open findings that overviewNumbers() needs, made one
// row at a time (tallyRow), so that a page with a million rows can make
// them in slices and hand them over.
export function overviewTally() {
  return {
    bySeverity: Object.fromEntries(SEVERITIES.map((sev) => [sev, 0])),
    riskBands: new Array(RISK_BANDS).fill(0),
    ssvc: Object.fromEntries(SSVC_DECISIONS.map((d) => [d, 0])),
    openKev: 0,
  };
}

export function tallyRow(t, row) {
  if (row.status !== 'open') return;
  if (Object.hasOwn(t.bySeverity, row.severity)) t.bySeverity[row.severity]++;
  t.riskBands[Math.min(RISK_BANDS - 1, Math.max(0, Math.floor(row.risk / 100)))]++;
  if (Object.hasOwn(t.ssvc, row.decision)) t.ssvc[row.decision]++;
  if (row.kev) t.openKev++;
}

// The Overview's figures from the report the page has: `summary` (the
// report's), `rows` (the findings, TableRowsReader in rows.js) and
// `actions` (the plan, in plan order). Open means status "open", as the
// core's plan counts it (no decision, not fixed or suppressed by the
// scanner, not closed by VEX). tally: the rows' overviewTally(), when it
// was made already (rows are not looked at then).
export function overviewNumbers(summary, rows, actions, tally = null) {
  const s = summary || {};
  let counts = tally;
  if (!counts) {
    counts = overviewTally();
    for (const row of rows) tallyRow(counts, row);
  }
  const {bySeverity, riskBands, ssvc, openKev} = counts;
  const coverage = s.coverage && typeof s.coverage === 'object' ? s.coverage : {};
  return {
    open: Number(s.open) || 0,
    openRisk: Number(s.open_risk) || 0,
    bySeverity,
    riskBands,
    ssvc,
    kevCves: Array.isArray(s.kev_cves) ? s.kev_cves.length : Number(s.kev_cves) || 0,
    openKev,
    // null: not known (no inventory), not 0.
    coverage: Object.fromEntries(COVERAGE_KEYS.map((k) => [k, coverage[k] == null ? null : Number(coverage[k]) || 0])),
  };
}

// Colours of the charts: the page's custom properties, so they follow the
// light or dark scheme the stylesheet picks.
function palette() {
  const style = getComputedStyle(document.documentElement);
  const v = (name) => style.getPropertyValue(name).trim();
  return {
    text: v('--muted'),
    grid: v('--border'),
    accent: v('--accent'),
    severity: Object.fromEntries(SEVERITIES.map((sev) => [sev, v(`--sev-${sev}`)])),
    kev: v('--trend-kev'),
  };
}

// The y axis from 0 to a round number above the highest value, so the top
// bar or point never touches the frame and the top gridline is labelled.
const yRange = (u, min, max) => [0, niceCeiling(Math.max(1, max))];
// The y axis' numbers: whole counts only (uPlot may split 0-3 into halves).
const wholeNumbers = (u, splits) => splits.map((v) => (Number.isInteger(v) ? numberFormat.format(v) : ''));

// uPlot options of a chart of one series over categories: x = 0, 1, …
// for `labels` (half a step of room on each side, so the first and last
// bar or point clear the frame), labelled at the x values `ticks` keeps;
// the y axis `yWidth` pixels wide, from 0 and in whole counts; `series`
// the uPlot series drawn of `values`.
function categoryChartOptions(pal, width, {labels, ticks = (xs) => xs, yWidth, series, values}) {
  const xs = labels.map((_, i) => i);
  return {
    opts: {
      width,
      height: CHART_HEIGHT,
      legend: {show: false},
      cursor: {show: false},
      select: {show: false},
      scales: {
        x: {time: false, range: [-0.5, labels.length - 0.5]},
        y: {range: yRange},
      },
      axes: [
        {stroke: pal.text, font: CHART_FONT, grid: {show: false}, ticks: {show: false}, gap: 4, size: 28,
          splits: () => ticks(xs), values: (u, splits) => splits.map((i) => labels[i] ?? '')},
        {stroke: pal.text, font: CHART_FONT, grid: {stroke: pal.grid, width: 1}, ticks: {show: false}, size: yWidth,
          values: wholeNumbers},
      ],
      series: [{}, series],
    },
    data: [xs, values],
  };
}

// A bar chart of `values` over the category `labels`, bar i filled with fills[i].
function barChartOptions(uPlot, pal, width, labels, values, fills) {
  return categoryChartOptions(pal, width, {
    labels,
    yWidth: 48,
    series: {label: 'open findings', fill: pal.accent, width: 0, points: {show: false},
      paths: uPlot.paths.bars({size: [0.7, 72], disp: {fill: {unit: 3, values: () => fills}}})},
    values,
  });
}

// The open risk over `points` (the trend's snapshots, one x step each,
// labelled by date; at most about five dates, the last always).
function trendChartOptions(pal, width, points) {
  const step = Math.max(1, Math.ceil(points.length / 4));
  return categoryChartOptions(pal, width, {
    labels: points.map((p) => String(p.as_of || '?')),
    ticks: (xs) => xs.filter((i) => i % step === 0 || i === xs.length - 1),
    yWidth: 56,
    series: {label: 'open risk', stroke: pal.accent, width: 2, points: {show: true, size: 7, fill: pal.accent}},
    values: points.map((p) => (p.open_risk == null ? null : Number(p.open_risk))),
  });
}

export class OverviewView {
  // showView(name): selects another view (its tab), for the view's links.
  constructor({showView}) {
    this.root = $('view-overview');
    this.els = {
      note: $('overview-note'),
      body: $('overview-body'),
      open: $('ov-open'),
      openRisk: $('ov-open-risk'),
      severityChart: $('ov-severity-chart'),
      severityList: $('ov-severity-list'),
      riskChart: $('ov-risk-chart'),
      riskList: $('ov-risk-list'),
      actionsHeadline: $('ov-actions-headline'),
      pareto: $('ov-pareto'),
      paretoChart: $('ov-pareto-chart'),
      actionsList: $('ov-actions-list'),
      kevCves: $('ov-kev-cves'),
      kevOpen: $('ov-kev-open'),
      ssvcList: $('ov-ssvc-list'),
      coverageNote: $('ov-coverage-note'),
      trendNote: $('ov-trend-note'),
      trendFigure: $('ov-trend'),
      trendChart: $('ov-trend-chart'),
      trendCaption: $('ov-trend-caption'),
    };
    this.data = null; // {summary, numbers, actions} of the report shown, null before one
    this.trend = []; // the trend's snapshots (exposure-lens/trend), oldest first
    this.stale = true;
    this.charts = []; // the uPlot instances drawn, destroyed before the next draw
    this.generation = 0; // bumped by every draw, so a late one gives way
    this.resize = new ResizeObserver(() => this.fitCharts());
    for (const button of this.root.querySelectorAll('button[data-view]')) {
      button.addEventListener('click', () => showView(button.dataset.view));
    }
    // A change of colour scheme changes the custom properties the charts
    // were drawn with.
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      if (this.charts.length) this.drawCharts();
    });
  }

  // The report shown (null: none): its summary, finding rows and actions;
  // tally: the rows' overviewTally() if made already.
  set(summary, rows, actions, tally = null) {
    this.data = summary ? {summary, numbers: overviewNumbers(summary, rows, actions, tally), actions} : null;
    this.stale = true;
  }

  // The trend's points (the worker's exposure-lens/trend "snapshots").
  setTrend(points) {
    this.trend = Array.isArray(points) ? points : [];
    this.stale = true;
  }

  // Draws the view if it changed since it was last drawn; call it while
  // the view is shown (the charts take their width from it).
  render() {
    if (!this.stale) return;
    this.stale = false;
    const data = this.data;
    this.root.dataset.state = data ? 'ready' : 'empty';
    this.els.body.hidden = !data;
    this.els.note.textContent = data ? '' : 'No results yet: drop scanner exports above, or load the demo data.';
    this.els.note.hidden = Boolean(data);
    if (data) {
      this.renderText(data);
      const drawn = renderPareto(this.els.paretoChart, data.actions.slice(0, PARETO_ACTIONS));
      this.els.pareto.hidden = !drawn;
    }
    this.renderTrendText();
    this.drawCharts();
  }

  renderText({summary, numbers, actions}) {
    const e = this.els;
    setNumber(e.open, numbers.open);
    setNumber(e.openRisk, numbers.openRisk);

    e.severityList.replaceChildren(...SEVERITIES.map((sev) => {
      const li = el('li', 'ov-item');
      li.dataset.severity = sev;
      li.dataset.value = String(numbers.bySeverity[sev]);
      li.append(el('span', `legend-swatch ov-swatch sev-swatch-${sev}`), el('span', 'ov-item-label', SEVERITY_LABEL[sev]),
        el('span', 'ov-item-value', numberFormat.format(numbers.bySeverity[sev])));
      li.firstChild.setAttribute('aria-hidden', 'true');
      return li;
    }));

    e.riskList.replaceChildren(...numbers.riskBands.map((count, band) => {
      const li = el('li', 'ov-item');
      li.dataset.band = String(band);
      li.dataset.value = String(count);
      li.append(el('span', 'ov-item-label', bandLabel(band)), el('span', 'ov-item-value', numberFormat.format(count)));
      return li;
    }));

    e.actionsHeadline.textContent = actionsHeadline(summary, actions);
    e.actionsList.replaceChildren(...actions.slice(0, TOP_ACTIONS).map((a) => {
      const li = el('li', 'ov-action');
      li.dataset.id = a.id;
      li.dataset.riskRemoved = String(a.riskRemoved);
      li.dataset.cumulative = String(a.cumulativePct);
      li.append(el('span', 'ov-action-title', a.title),
        el('span', 'muted ov-action-risk', `removes ${numberFormat.format(a.riskRemoved)} risk · `
          + `${pctText(a.cumulativePct)} % cumulative${a.kev > 0 ? ` · ${numberFormat.format(a.kev)} KEV` : ''}`));
      return li;
    }));

    setNumber(e.kevCves, numbers.kevCves);
    setNumber(e.kevOpen, numbers.openKev);
    e.ssvcList.replaceChildren(...SSVC_DECISIONS.map((d) => {
      const item = el('div', 'ov-fact');
      item.dataset.decision = d;
      const dd = el('dd');
      setNumber(dd, numbers.ssvc[d]);
      item.append(el('dt', null, SSVC_LABEL[d]), dd);
      return item;
    }));

    const known = numbers.coverage.inventory_assets != null;
    e.coverageNote.textContent = known ? ''
      : 'No inventory was given: assets nobody scanned cannot be counted. Drop an asset inventory with the scans.';
    e.coverageNote.hidden = known;
    for (const key of COVERAGE_KEYS) {
      const node = $(`ov-cov-${key}`);
      const value = numbers.coverage[key];
      node.dataset.value = value == null ? '' : String(value);
      node.textContent = value == null ? '—' : numberFormat.format(value);
    }
  }

  renderTrendText() {
    const e = this.els;
    const points = this.trend;
    e.trendFigure.hidden = points.length === 0;
    e.trendNote.textContent = points.length === 0
      ? 'No snapshots in this workspace yet: save the analysis in the Trend view to follow open risk over time.'
      : `${numberFormat.format(points.length)} ${points.length === 1 ? 'snapshot' : 'snapshots'} in this workspace.`;
    if (!points.length) {
      e.trendCaption.textContent = '';
      return;
    }
    const last = points[points.length - 1];
    let text = `Open risk ${numberFormat.format(Number(last.open_risk) || 0)} as of ${last.as_of || 'an undated snapshot'}`;
    if (points.length > 1) {
      const first = points[0];
      text += `; ${numberFormat.format(Number(first.open_risk) || 0)} as of ${first.as_of || 'an undated snapshot'}`;
    }
    e.trendCaption.textContent = `${text}.`;
    e.trendCaption.dataset.value = String(Number(last.open_risk) || 0);
  }

  // Draws the uPlot charts afresh (after a report, a trend or a change of
  // colour scheme). data-renders on the view counts the completed draws.
  async drawCharts() {
    const generation = ++this.generation;
    this.destroyCharts();
    const data = this.data;
    const wantTrend = this.trend.length > 0;
    if (!data && !wantTrend) {
      this.root.dataset.renders = String(Number(this.root.dataset.renders || 0) + 1);
      return;
    }
    let uPlot;
    try {
      uPlot = await loadUplot();
    } catch (err) {
      if (generation !== this.generation) return;
      this.els.note.hidden = false;
      this.els.note.textContent = `The charts could not be drawn: ${err && err.message ? err.message : err}`;
      return;
    }
    if (generation !== this.generation) return;
    const pal = palette();
    const make = (host, {opts, data: series}) => {
      host.replaceChildren();
      const chart = new uPlot({...opts, width: Math.max(160, host.clientWidth)}, series, host);
      // The chart repeats the list beside it, which is what a screen reader reads.
      chart.root.setAttribute('aria-hidden', 'true');
      this.charts.push({chart, host});
      this.resize.observe(host);
    };
    if (data) {
      const n = data.numbers;
      make(this.els.severityChart, barChartOptions(uPlot, pal, 0, SEVERITIES.map((s) => SEVERITY_LABEL[s]),
        SEVERITIES.map((s) => n.bySeverity[s]), SEVERITIES.map((s) => pal.severity[s])));
      make(this.els.riskChart, barChartOptions(uPlot, pal, 0, n.riskBands.map((_, b) => (b === RISK_BANDS - 1 ? '900+' : String(b * 100))),
        n.riskBands, n.riskBands.map((_, b) => (b >= 7 ? pal.severity.critical : b >= 4 ? pal.severity.high : pal.accent))));
    } else {
      this.els.severityChart.replaceChildren();
      this.els.riskChart.replaceChildren();
    }
    if (wantTrend) make(this.els.trendChart, trendChartOptions(pal, 0, this.trend));
    else this.els.trendChart.replaceChildren();
    this.root.dataset.renders = String(Number(this.root.dataset.renders || 0) + 1);
  }

  destroyCharts() {
    this.resize.disconnect();
    for (const {chart} of this.charts) chart.destroy();
    this.charts = [];
  }

  // Follows the width of each chart's box (a resized window, a shown view).
  fitCharts() {
    for (const {chart, host} of this.charts) {
      const width = Math.max(160, host.clientWidth);
      if (width !== chart.width && host.clientWidth > 0) chart.setSize({width, height: CHART_HEIGHT});
    }
  }
}

function setNumber(node, value) {
  const n = Number(value) || 0;
  node.dataset.value = String(n);
  node.textContent = numberFormat.format(n);
}
