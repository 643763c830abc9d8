// The remediation plan's headline and Pareto chart, drawn as SVG: shared by
// the Actions view (app.js) and the Overview (overview_view.js), so both
// say and draw the same thing. Titles come from the report (scanner
// exports) and reach the DOM only as text and attribute values.

import {svg} from './dom.js';

const numberFormat = new Intl.NumberFormat();

// Actions in the headline's share, as `exposure plan`'s text says it.
const HEADLINE_ACTIONS = 10;
// Actions charted: enough to see where the curve flattens.
export const PARETO_ACTIONS = 30;

// "The first 10 of 19 actions remove 63.2 % of open risk (5,593 of 8,849)."
// Worded like the CLI's plan (PlanHeadline in core/render/plan_report.cc);
// the share is the cumulative % of the last action counted.
export function actionsHeadline(summary, actions) {
  if (!summary) return 'No results yet.';
  const withoutAction = Number(summary.without_action) || 0;
  if (!actions.length) {
    return Number(summary.open) === 0 ? 'Nothing is open: no action is needed.'
      : `No open finding names a fix: ${numberFormat.format(withoutAction)} open findings need one found.`;
  }
  const n = Math.min(HEADLINE_ACTIONS, actions.length);
  const removed = actions.slice(0, n).reduce((sum, a) => sum + a.riskRemoved, 0);
  let text = n === actions.length
    ? (n === 1 ? 'The one action removes ' : `All ${numberFormat.format(n)} actions remove `)
    : `The first ${numberFormat.format(n)} of ${numberFormat.format(actions.length)} actions remove `;
  text += `${pctText(actions[n - 1].cumulativePct)} % of open risk (${numberFormat.format(removed)} of `
    + `${numberFormat.format(Number(summary.open_risk) || 0)}).`;
  if (withoutAction > 0) {
    text += ` ${numberFormat.format(withoutAction)} open ${withoutAction === 1 ? 'finding names' : 'findings name'} no fix.`;
  }
  return text;
}

export function pctText(pct) {
  return Number(pct).toFixed(1);
}


// A Pareto chart of the plan's first actions: a bar per action (the risk
// it removes, left axis) and the cumulative % of open risk removed (line,
// right axis), so that where the curve flattens shows how far down the
// plan is worth going. Drawn in a fixed coordinate system that CSS scales,
// into `container` (its children replaced); false when there is nothing to
// draw (no actions), and the container is then emptied.
export function renderPareto(container, actions) {
  if (!actions.length) {
    container.replaceChildren();
    return false;
  }
  const W = 720;
  const H = 240;
  const m = {left: 52, right: 46, top: 14, bottom: 30};
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  const maxRisk = niceCeiling(Math.max(1, ...actions.map((a) => a.riskRemoved)));
  const slot = plotW / actions.length;
  const barW = Math.max(2, slot * 0.7);
  const yRisk = (v) => m.top + plotH - (v / maxRisk) * plotH;
  const yPct = (v) => m.top + plotH - (Math.min(100, Math.max(0, v)) / 100) * plotH;
  const xMid = (i) => m.left + slot * i + slot / 2;
  const last = actions[actions.length - 1];
  const label = `Pareto chart of the first ${actions.length} ${actions.length === 1 ? 'action' : 'actions'}: `
    + `bars show the risk each removes, the line the cumulative share of open risk, `
    + `${pctText(last.cumulativePct)} % after ${actions.length}.`;

  const chart = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'pareto-svg',
    preserveAspectRatio: 'xMidYMid meet'});
  chart.append(svg('title', {}, label));

  const grid = svg('g', {class: 'pareto-grid', 'aria-hidden': 'true'});
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const y = m.top + plotH - f * plotH;
    grid.append(svg('line', {x1: m.left, x2: W - m.right, y1: y, y2: y, class: f === 0 ? 'pareto-axis' : 'pareto-gridline'}));
    grid.append(svg('text', {x: m.left - 6, y: y + 4, 'text-anchor': 'end', class: 'pareto-tick'},
      numberFormat.format(Math.round(maxRisk * f))));
    grid.append(svg('text', {x: W - m.right + 6, y: y + 4, 'text-anchor': 'start', class: 'pareto-tick'}, `${f * 100}%`));
  }
  // 80 %: the classic Pareto cut.
  grid.append(svg('line', {x1: m.left, x2: W - m.right, y1: yPct(80), y2: yPct(80), class: 'pareto-ref'}));
  for (let i = 0; i < actions.length; i++) {
    if (i === 0 || (i + 1) % 5 === 0) {
      grid.append(svg('text', {x: xMid(i), y: H - m.bottom + 16, 'text-anchor': 'middle', class: 'pareto-tick'},
        String(actions[i].rank)));
    }
  }
  grid.append(svg('text', {x: 12, y: m.top + plotH / 2, 'text-anchor': 'middle', class: 'pareto-label',
    transform: `rotate(-90 12 ${m.top + plotH / 2})`}, 'Risk removed'));
  grid.append(svg('text', {x: W - 8, y: m.top + plotH / 2, 'text-anchor': 'middle', class: 'pareto-label',
    transform: `rotate(90 ${W - 8} ${m.top + plotH / 2})`}, 'Cumulative'));
  chart.append(grid);

  const bars = svg('g', {class: 'pareto-bars'});
  actions.forEach((a, i) => {
    const y = yRisk(a.riskRemoved);
    const bar = svg('rect', {x: xMid(i) - barW / 2, y, width: barW, height: Math.max(0, m.top + plotH - y),
      class: `pareto-bar${a.kev > 0 ? ' pareto-kev' : ''}`, 'data-rank': a.rank});
    bar.append(svg('title', {}, `#${a.rank} ${a.title}: removes ${numberFormat.format(a.riskRemoved)} risk, `
      + `${pctText(a.cumulativePct)} % cumulative`));
    bars.append(bar);
  });
  chart.append(bars);

  const points = actions.map((a, i) => `${xMid(i).toFixed(1)},${yPct(a.cumulativePct).toFixed(1)}`).join(' ');
  const line = svg('g', {class: 'pareto-cumulative', 'aria-hidden': 'true'});
  line.append(svg('polyline', {points, class: 'pareto-line'}));
  actions.forEach((a, i) => line.append(svg('circle', {cx: xMid(i), cy: yPct(a.cumulativePct), r: 2.5, class: 'pareto-dot'})));
  chart.append(line);
  container.replaceChildren(chart);
  return true;
}

// The round number at or above `v` the risk axis ends at (1, 2, 2.5, 5 × 10^k).
export function niceCeiling(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= v) return f * p;
  return 10 * p;
}
