// The dashboard's "Attack paths" view: for one crown jewel at a time, the
// paths an attacker could take to it (the report's `paths`, made by the
// core's attack graph), drawn left to right in SVG, then the choke points,
// the fix set and what the graph was built from. The data comes from the
// worker as attackPaths() in rows.js made it.
//
// Security contract (as app.js's): every label, evidence text and id comes
// from the report, hence from scanner exports and directory dumps, and
// reaches the DOM only as text (textContent, setAttribute), never as
// markup. The layout is computed by dagre (@dagrejs/dagre, copied from
// node_modules into vendor/ by scripts/build); it is imported when a graph
// is first drawn, so a page whose report has no graph never loads it.

import {$, el, svg} from './dom.js';

const DAGRE_URL = './vendor/dagre.esm.js';

// Paths drawn for one jewel: the most likely first. The core ranks them;
// more than this would be a hairball no one reads.
const MAX_PATHS_DRAWN = 50;
// Node labels longer than this are cut (the whole label is the tooltip and
// the side panel's); node widths follow the cut label.
const MAX_LABEL_CHARS = 32;
// An estimate of a character's width at the labels' 12px font, to size the
// boxes dagre lays out without measuring text in the DOM.
const CHAR_PX = 7;
const NODE_HEIGHT = 36;
// A graph wider than its box is scaled down to fit, but never below this
// (text would be too small to read): beyond, the box scrolls.
const MIN_SCALE = 0.7;

const KIND_LABEL = {
  internet: 'internet', zone: 'network zone', service: 'service', weakness: 'weakness', asset: 'asset',
  identity: 'identity',
};
const STEP_LABEL = {reach: 'reach', exploit: 'exploit', credential: 'credential', cloud: 'cloud'};
const BASIS_HELP = {
  observed: 'observed: a scan or a directory dump saw it',
  declared: 'declared: a policy or an inventory says so',
  assumed: 'assumed: nothing contradicts it, nothing shows it',
};

const numberFormat = new Intl.NumberFormat();

// The layout library, imported once, when first needed; a failed import is
// tried again at the next draw.
let dagrePromise = null;
function loadDagre() {
  if (!dagrePromise) {
    dagrePromise = import(DAGRE_URL).catch((err) => {
      dagrePromise = null;
      throw err;
    });
  }
  return dagrePromise;
}

// Only the report's known kinds and bases become class names; anything
// else is "other" (a class name from the report could collide with the
// page's own).
const known = (value, table) => (Object.hasOwn(table, value) ? value : 'other');

function pct(likelihood) {
  return likelihood == null ? '—' : `${(likelihood * 100).toFixed(1)} %`;
}

function plural(n, one, many) {
  return `${numberFormat.format(n)} ${n === 1 ? one : many}`;
}

// Cut after the last whole word (letters and digits) that ends in the
// second half, so that what is shown stays whole words of the full label,
// which is the node's accessible name (WCAG 2.5.3: the visible label is
// part of the name): "web01.corp.exampl…" would show a word it lacks.
function cut(text, max) {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  let end = head.length;
  if (/[\p{L}\p{N}]/u.test(text[end] || '')) {
    const boundary = head.search(/[^\p{L}\p{N}]*[\p{L}\p{N}]*$/u);
    if (boundary >= max / 2) end = boundary;
  }
  return `${head.slice(0, end).trimEnd()}…`;
}

// One step of a path drawn once however many paths share it.
const stepKey = (s) => [s.from, s.to, s.via, s.kind, s.basis].join('\u0000');

export class PathsView {
  // hooks: findingLabel(id) -> text or '' (the finding's title and asset),
  // actionLabel(id) -> text or '', showFinding(id) (moves to the finding in
  // the findings table).
  constructor(hooks) {
    this.hooks = hooks;
    this.els = {
      view: $('view-paths'),
      pick: $('paths-pick'),
      jewel: $('paths-jewel'),
      note: $('paths-note'),
      body: $('paths-body'),
      list: $('paths-list'),
      graph: $('paths-graph'),
      detail: $('paths-detail-body'),
      chokes: $('chokes-section'),
      chokesBody: $('chokes-table').tBodies[0],
      fixSet: $('fixset-section'),
      fixHeadline: $('fixset-headline'),
      fixList: $('fixset-list'),
      summary: $('graph-summary'),
      stats: $('graph-stats'),
      blind: $('graph-blind'),
    };
    this.attack = null;
    this.hasReport = false;
    this.jewel = ''; // the node id of the jewel shown
    this.draws = 0; // bumped per draw: an older layout that finishes late is dropped
    this.nodes = new Map(); // path node id -> {id, kind, label, asset}
    this.pinned = null; // the step or node whose details the panel holds
    this.els.jewel.addEventListener('change', () => {
      this.jewel = this.els.jewel.value;
      this.renderJewel();
    });
  }

  // attack: attackPaths() of the report shown, null when it has none;
  // hasReport: whether there is a report at all.
  set(attack, hasReport) {
    this.attack = attack;
    this.hasReport = hasReport;
    this.nodes = new Map((attack ? attack.pathNodes : []).map((n) => [n.id, n]));
  }

  render() {
    const {els} = this;
    const attack = this.attack;
    const jewels = attack ? attack.jewels : [];
    els.view.dataset.state = !this.hasReport ? 'empty' : attack ? 'ready' : 'none';
    els.pick.hidden = jewels.length === 0;
    els.body.hidden = jewels.length === 0;
    els.chokes.hidden = !attack;
    els.fixSet.hidden = !attack;
    els.summary.hidden = !attack;
    if (!this.hasReport) {
      els.note.textContent = 'No results yet.';
    } else if (!attack) {
      els.note.textContent = 'No attack paths: the analysis built no graph. It needs crown jewels (critical '
        + 'assets in an inventory, or named in a policy) and data that connects them: open services, network '
        + 'zones in a policy, or identity data (BloodHound).';
    } else if (!jewels.length) {
      els.note.textContent = `The graph has ${plural(attack.nodes, 'node', 'nodes')} but no crown jewels: mark `
        + 'critical assets in an inventory, or name them in a policy.';
    } else {
      const reachable = jewels.filter((j) => j.reachable).length;
      els.note.textContent = `${numberFormat.format(reachable)} of ${plural(jewels.length, 'crown jewel', 'crown jewels')} `
        + `can be reached; ${plural(attack.paths.length, 'path', 'paths')} in all.`;
    }
    this.renderPicker(jewels);
    this.renderChokes(attack ? attack.chokePoints : []);
    this.renderFixSet(attack ? attack.fixSet : null);
    this.renderSummary(attack);
    this.renderJewel();
  }

  renderPicker(jewels) {
    const options = jewels.map((j) => {
      const option = document.createElement('option');
      option.value = j.node;
      option.textContent = j.reachable
        ? `${j.label} — reachable, ${plural(j.paths, 'path', 'paths')}, likelihood ${pct(j.likelihood)}`
        : `${j.label} — not reachable`;
      option.dataset.reachable = j.reachable ? 'true' : 'false';
      if (j.why) option.title = j.why;
      return option;
    });
    this.els.jewel.replaceChildren(...options);
    // The jewel shown before, if the new report still has it; else the
    // first reachable one, which is the one a reader wants first.
    if (!jewels.some((j) => j.node === this.jewel)) {
      const first = jewels.find((j) => j.reachable) || jewels[0];
      this.jewel = first ? first.node : '';
    }
    this.els.jewel.value = this.jewel;
  }

  // The selected jewel's paths: their list and their graph.
  renderJewel() {
    const {els} = this;
    const attack = this.attack;
    this.pinned = null;
    this.showDetail(null);
    const paths = attack && this.jewel
      ? attack.paths.filter((p) => p.jewel === this.jewel).sort((a, b) => a.rank - b.rank) : [];
    const drawn = paths.slice(0, MAX_PATHS_DRAWN);
    els.list.replaceChildren(...drawn.map((p) => this.pathItem(p)));
    if (paths.length > drawn.length) {
      els.list.append(el('li', 'muted more', `… and ${numberFormat.format(paths.length - drawn.length)} less likely `
        + 'paths (not drawn)'));
    }
    if (!drawn.length) {
      this.draws++;
      const jewel = attack && attack.jewels.find((j) => j.node === this.jewel);
      els.graph.replaceChildren(el('p', 'muted paths-empty', jewel
        ? `No path reaches ${jewel.label} in this graph.` : ''));
      this.drawn();
      return;
    }
    this.drawGraph(drawn);
  }

  drawn() {
    this.els.view.dataset.renders = String(Number(this.els.view.dataset.renders) + 1);
  }

  // "#1 38.6 %: Internet → dmz → web01 443/tcp → web01", a button that
  // marks the path in the graph.
  pathItem(path) {
    const li = el('li', 'path-item');
    li.dataset.path = path.id;
    const button = el('button', 'path-button');
    button.type = 'button';
    button.setAttribute('aria-pressed', 'false');
    const route = [];
    path.steps.forEach((s, i) => {
      if (i === 0) route.push(this.label(s.from));
      if (s.via) route.push(this.label(s.via));
      route.push(this.label(s.to));
    });
    button.append(el('span', 'path-rank', `#${path.rank}`), el('span', 'path-likelihood', pct(path.likelihood)),
      el('span', 'path-route', route.join(' → ')));
    button.addEventListener('click', () => this.highlight(path, button));
    li.append(button);
    return li;
  }

  label(id) {
    const node = this.nodes.get(id);
    return node ? node.label : id;
  }

  // Marks `path`'s nodes and steps in the graph (a second click unmarks).
  highlight(path, button) {
    const on = button.getAttribute('aria-pressed') !== 'true';
    for (const b of this.els.list.querySelectorAll('.path-button')) b.setAttribute('aria-pressed', 'false');
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    const chart = this.els.graph.querySelector('svg');
    if (!chart) return;
    chart.classList.toggle('has-highlight', on);
    const steps = new Set(path.steps.map(stepKey));
    const nodes = new Set(path.steps.flatMap((s) => [s.from, s.to, s.via]).filter(Boolean));
    for (const g of chart.querySelectorAll('.pg-step')) g.classList.toggle('on-path', on && steps.has(g.stepKey));
    for (const g of chart.querySelectorAll('.pg-node')) g.classList.toggle('on-path', on && nodes.has(g.dataset.node));
  }

  async drawGraph(paths) {
    const draw = ++this.draws;
    const {els} = this;
    let dagre;
    try {
      dagre = await loadDagre();
    } catch (err) {
      if (draw !== this.draws) return;
      els.graph.replaceChildren(el('p', 'paths-error', `The graph layout library (${DAGRE_URL}) did not load: `
        + `${err && err.message ? err.message : err}. The paths are listed above.`));
      this.drawn();
      return;
    }
    if (draw !== this.draws) return; // another jewel or report meanwhile

    // The distinct steps of the paths, in order of first use, each with
    // how many of the paths take it.
    const steps = new Map();
    for (const path of paths) {
      for (const s of path.steps) {
        const key = stepKey(s);
        const seen = steps.get(key);
        if (seen) seen.paths++;
        else steps.set(key, {...s, key, paths: 1});
      }
    }
    const ids = new Set();
    for (const s of steps.values()) for (const id of [s.from, s.via, s.to]) if (id) ids.add(id);

    const g = new dagre.graphlib.Graph({multigraph: true});
    g.setGraph({rankdir: 'LR', nodesep: 22, ranksep: 48, edgesep: 14, marginx: 16, marginy: 16});
    g.setDefaultEdgeLabel(() => ({}));
    for (const id of ids) {
      const text = cut(this.label(id), MAX_LABEL_CHARS);
      g.setNode(id, {width: Math.max(64, text.length * CHAR_PX + 28), height: NODE_HEIGHT, text});
    }
    // A step through a weakness (`via`) is two edges, so that the weakness
    // is a node of its own; the step's label sits on the first.
    let n = 0;
    for (const s of steps.values()) {
      const label = STEP_LABEL[s.kind] || s.kind;
      s.edges = [];
      const ends = s.via ? [[s.from, s.via], [s.via, s.to]] : [[s.from, s.to]];
      ends.forEach(([v, w], i) => {
        const name = `e${n++}`;
        g.setEdge(v, w, i === 0 ? {width: label.length * 6.5 + 10, height: 16, labelpos: 'c'} : {}, name);
        s.edges.push({v, w, name});
      });
      s.label = label;
    }
    dagre.layout(g);

    const {width, height} = g.graph();
    const room = els.graph.clientWidth - 2;
    const scale = room > 0 ? Math.min(1, Math.max(MIN_SCALE, room / width)) : 1;
    const jewel = this.attack.jewels.find((j) => j.node === this.jewel);
    const chokes = new Set(this.attack.chokePoints.map((c) => c.node));
    const chart = svg('svg', {class: 'paths-svg', width: Math.ceil(width * scale), height: Math.ceil(height * scale),
      viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`, role: 'group',
      'aria-label': `Attack paths to ${jewel ? jewel.label : this.jewel}: ${plural(paths.length, 'path', 'paths')}, `
        + `${plural(ids.size, 'node', 'nodes')}, ${plural(steps.size, 'step', 'steps')}`});
    const defs = svg('defs');
    const marker = svg('marker', {id: 'paths-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: 'auto-start-reverse', class: 'pg-arrow'});
    marker.append(svg('path', {d: 'M0,0 L10,5 L0,10 z'}));
    defs.append(marker);
    chart.append(defs);

    const edgeLayer = svg('g', {class: 'pg-edges'});
    for (const s of steps.values()) edgeLayer.append(this.stepElement(s, g));
    const nodeLayer = svg('g', {class: 'pg-nodes'});
    for (const id of ids) {
      nodeLayer.append(this.nodeElement(this.nodes.get(id) || {id, kind: '', label: id, asset: ''}, g.node(id),
        {jewel: id === this.jewel, choke: chokes.has(id)}));
    }
    chart.append(edgeLayer, nodeLayer);
    els.graph.replaceChildren(chart);
    this.drawn();
  }

  stepElement(s, g) {
    const group = svg('g', {class: `pg-step basis-${known(s.basis, BASIS_HELP)} kind-${known(s.kind, STEP_LABEL)}`,
      tabindex: 0, role: 'button', 'data-from': s.from, 'data-to': s.to, 'data-basis': s.basis,
      'data-kind': s.kind, 'aria-label': this.stepText(s)});
    group.stepKey = s.key;
    if (s.via) group.setAttribute('data-via', s.via);
    group.append(svg('title', {}, this.stepText(s)));
    for (const e of s.edges) {
      const points = g.edge(e).points || [];
      const d = points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      // A wide transparent twin under the line makes it easy to hover.
      group.append(svg('path', {class: 'pg-hit', d}),
        svg('path', {class: 'pg-edge', d, 'marker-end': 'url(#paths-arrow)'}));
    }
    const at = g.edge(s.edges[0]);
    if (Number.isFinite(at.x) && Number.isFinite(at.y)) {
      const w = s.label.length * 6.5 + 8;
      group.append(svg('rect', {class: 'pg-label-bg', x: at.x - w / 2, y: at.y - 8, width: w, height: 16, rx: 3}),
        svg('text', {class: 'pg-edge-label', x: at.x, y: at.y + 4, 'text-anchor': 'middle'}, s.label));
    }
    this.interactive(group, () => this.stepDetail(s));
    return group;
  }

  // "web01 443/tcp → web01 via 2 findings on …: exploit, observed, 80.0 %"
  stepText(s) {
    const via = s.via ? ` via ${this.label(s.via)}` : '';
    return `${this.label(s.from)} → ${this.label(s.to)}${via}: ${s.kind || 'step'}, ${s.basis || 'basis unknown'}, `
      + `likelihood ${pct(s.likelihood)}${s.evidence ? `. ${s.evidence}` : ''}`;
  }

  nodeElement(node, at, {jewel, choke}) {
    const kind = known(node.kind, KIND_LABEL);
    const classes = ['pg-node', `pn-${kind}`];
    if (jewel) classes.push('is-jewel');
    if (choke) classes.push('is-choke');
    const title = `${node.label} (${KIND_LABEL[node.kind] || node.kind || 'node'}${jewel ? ', crown jewel' : ''}`
      + `${choke ? ', choke point' : ''})`;
    const group = svg('g', {class: classes.join(' '), transform: `translate(${at.x.toFixed(1)},${at.y.toFixed(1)})`,
      tabindex: 0, role: 'button', 'data-node': node.id, 'data-kind': node.kind, 'aria-label': title});
    group.append(svg('title', {}, title));
    const w = at.width;
    const h = at.height;
    let shape;
    if (kind === 'internet') {
      shape = svg('ellipse', {rx: w / 2, ry: h / 2});
    } else if (kind === 'weakness') {
      const e = 10;
      shape = svg('polygon', {points: [[-w / 2 + e, -h / 2], [w / 2 - e, -h / 2], [w / 2, 0], [w / 2 - e, h / 2],
        [-w / 2 + e, h / 2], [-w / 2, 0]].map((p) => p.join(',')).join(' ')});
    } else {
      const r = kind === 'identity' ? h / 2 : kind === 'asset' ? 2 : 6;
      shape = svg('rect', {x: -w / 2, y: -h / 2, width: w, height: h, rx: r});
    }
    shape.setAttribute('class', 'pg-shape');
    group.append(shape, svg('text', {class: 'pg-node-label', y: 4, 'text-anchor': 'middle'}, at.text));
    this.interactive(group, () => this.nodeDetail(node, {jewel, choke}));
    return group;
  }

  // Hover shows an element's details; focus, a click or Enter pins them
  // (Enter also moves into the panel, to its findings); leaving with the
  // mouse goes back to the pinned ones.
  interactive(group, detail) {
    const pin = () => {
      if (this.pinned) this.pinned.element.classList.remove('is-selected');
      this.pinned = {element: group, detail};
      group.classList.add('is-selected');
      this.showDetail(detail());
    };
    group.addEventListener('mouseenter', () => this.showDetail(detail()));
    group.addEventListener('mouseleave', () => this.showDetail(this.pinned ? this.pinned.detail() : null));
    group.addEventListener('focus', pin);
    group.addEventListener('click', pin);
    group.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      pin();
      const first = this.els.detail.querySelector('button');
      if (first) first.focus();
    });
  }

  showDetail(nodes) {
    this.els.detail.replaceChildren(...(nodes || [el('p', 'muted',
      'Hover over, focus or choose a step (Enter) to see its evidence and findings.')]));
  }

  stepDetail(s) {
    const head = el('p', 'detail-head');
    head.append(el('strong', null, this.label(s.from)), ' → ', el('strong', null, this.label(s.to)));
    if (s.via) head.append(el('span', 'muted', ` via ${this.label(s.via)}`));
    const facts = el('p', 'detail-facts');
    facts.append(el('span', `step-kind kind-${known(s.kind, STEP_LABEL)}`, s.kind || 'step'), ' · ',
      el('span', null, BASIS_HELP[s.basis] || s.basis || 'basis unknown'), ' · ',
      el('span', null, `likelihood ${pct(s.likelihood)}`));
    if (s.paths > 1) facts.append(' · ', el('span', null, `on ${s.paths} of the paths drawn`));
    const out = [head, facts];
    if (s.evidence) out.push(el('p', 'detail-evidence', s.evidence));
    if (s.findings.length) out.push(this.findingList(s.findings));
    return out;
  }

  nodeDetail(node, {jewel, choke}) {
    const head = el('p', 'detail-head');
    head.append(el('strong', null, node.label), el('span', 'muted', ` ${KIND_LABEL[node.kind] || node.kind}`));
    const out = [head];
    if (jewel) {
      const j = this.attack.jewels.find((x) => x.node === node.id);
      out.push(el('p', null, `Crown jewel${j && j.why ? `: ${j.why}` : ''}.`));
    }
    const c = choke && this.attack.chokePoints.find((x) => x.node === node.id);
    if (c) {
      out.push(el('p', null, `Choke point: fixing it cuts ${plural(c.pathsCut, 'path', 'paths')} and protects `
        + `${plural(c.jewelsProtected, 'crown jewel', 'crown jewels')}.`));
      if (c.findings.length) out.push(this.findingList(c.findings));
    }
    return out;
  }

  // The findings behind a step or node, each a button to the finding in
  // the findings table.
  findingList(ids) {
    const box = el('div', 'detail-findings');
    box.append(el('h4', null, `Findings (${numberFormat.format(ids.length)})`));
    const list = el('ul', 'detail-finding-list');
    for (const id of ids) {
      const li = el('li');
      const button = el('button', 'link-button finding-link', this.hooks.findingLabel(id) || id);
      button.type = 'button';
      button.dataset.finding = id;
      button.title = `Show ${id} in the findings table`;
      button.addEventListener('click', () => this.hooks.showFinding(id));
      li.append(button);
      list.append(li);
    }
    box.append(list);
    return box;
  }

  renderChokes(chokes) {
    this.els.chokesBody.replaceChildren(...chokes.map((c) => {
      const tr = document.createElement('tr');
      tr.dataset.node = c.node;
      const kind = known(c.kind, KIND_LABEL);
      const name = el('td', 'col-node');
      name.append(el('span', `kind-dot pn-${kind}`), el('span', 'node-label', c.label));
      name.title = c.node;
      const jewels = el('td', 'col-count', numberFormat.format(c.jewelsProtected));
      if (c.jewels.length) jewels.title = c.jewels.map((id) => this.jewelLabel(id)).join('\n');
      const findings = el('td', 'col-count col-findings', numberFormat.format(c.findings.length));
      if (c.findings.length) findings.title = c.findings.map((id) => this.hooks.findingLabel(id) || id).join('\n');
      tr.append(name, el('td', 'col-kind', KIND_LABEL[c.kind] || c.kind || '—'),
        el('td', 'col-count col-cut', numberFormat.format(c.pathsCut)), jewels, findings, this.actionsCell(c.actions));
      return tr;
    }));
    if (!chokes.length) {
      const tr = document.createElement('tr');
      const td = el('td', 'muted', 'No choke points in this graph.');
      td.colSpan = 6;
      tr.append(td);
      this.els.chokesBody.append(tr);
    }
  }

  jewelLabel(id) {
    const j = this.attack && this.attack.jewels.find((x) => x.node === id);
    return j ? j.label : this.label(id);
  }

  actionsCell(ids) {
    const td = el('td', 'col-actions');
    if (!ids.length) {
      td.textContent = '—';
      return td;
    }
    const list = el('ul', 'plain-list');
    for (const id of ids) {
      const li = el('li', null, this.hooks.actionLabel(id) || id);
      li.dataset.action = id;
      list.append(li);
    }
    td.append(list);
    return td;
  }

  renderFixSet(fix) {
    const {els} = this;
    if (!fix || fix.size === 0) {
      els.fixHeadline.textContent = 'No fix set: no crown jewel can be reached, so there is no path to cut.';
      els.fixList.replaceChildren();
      return;
    }
    const fixes = plural(fix.size, 'fix', 'fixes');
    els.fixHeadline.textContent = fix.cutsAll
      ? `${fixes} ${fix.size === 1 ? 'cuts' : 'cut'} every path to the crown jewels`
        + ` (${plural(fix.jewelsReachable, 'jewel', 'jewels')} reachable now).`
      : `${fixes} cut what can be cut, but not every path to the crown jewels: `
        + `${plural(fix.jewelsReachable, 'jewel', 'jewels')} reachable now.`;
    els.fixHeadline.dataset.cutsAll = fix.cutsAll ? 'true' : 'false';
    els.fixList.replaceChildren(...fix.items.map((item) => {
      const li = el('li', 'fix-item');
      li.dataset.node = item.node;
      const kind = known(item.kind, KIND_LABEL);
      li.append(el('span', `kind-dot pn-${kind}`), el('span', 'node-label', item.label),
        el('span', 'muted', ` ${KIND_LABEL[item.kind] || item.kind} · cuts ${plural(item.pathsCut, 'path', 'paths')}`
          + ` · ${plural(item.findings.length, 'finding', 'findings')}`));
      if (item.actions.length) {
        li.append(el('span', 'fix-actions', `Do: ${item.actions.map((id) => this.hooks.actionLabel(id) || id)
          .join('; ')}`));
      }
      return li;
    }));
  }

  renderSummary(attack) {
    const {els} = this;
    if (!attack) {
      els.stats.replaceChildren();
      els.blind.replaceChildren();
      return;
    }
    const stat = (label, value, key) => {
      const div = el('div', 'stat');
      div.dataset.key = key;
      div.append(el('dt', null, label), el('dd', null, value));
      return div;
    };
    const counts = (table) => {
      const entries = Object.entries(table);
      return entries.length ? entries.map(([k, n]) => `${k} ${numberFormat.format(n)}`).join(' · ') : '—';
    };
    const data = Object.entries(attack.data)
      .map(([part, seen]) => `${part} ${seen === true ? 'yes' : seen === false ? 'no' : 'unknown'}`).join(' · ');
    els.stats.replaceChildren(
      stat('Nodes', numberFormat.format(attack.nodes), 'nodes'),
      stat('Edges', numberFormat.format(attack.edges), 'edges'),
      stat('Edges by kind', counts(attack.edgesByKind), 'by-kind'),
      stat('Edges by basis', counts(attack.edgesByBasis), 'by-basis'),
      stat('Data present', data, 'data'));
    // What the graph could not see, said plainly: a path missing there is
    // unknown, not absent.
    const blind = [];
    if (attack.data.network === false) {
      blind.push(['network', 'No network data: the graph could not see which hosts and services reach each other. '
        + 'Paths through the network are missing, or rest on assumptions.']);
    }
    if (attack.data.identity === false) {
      blind.push(['identity', 'No identity data: the graph could not see accounts, sessions or group memberships '
        + '(a BloodHound collection gives them), so it has no credential steps.']);
    }
    if (attack.data.cloud === false) {
      blind.push(['cloud', 'No cloud data: cloud permissions and roles are not in the graph.']);
    }
    els.blind.replaceChildren(...blind.map(([part, text]) => {
      const li = el('li', 'graph-blind-item', text);
      li.dataset.part = part;
      return li;
    }));
  }
}
