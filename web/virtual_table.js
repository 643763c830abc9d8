// A table body that holds only the rows in view (plus `overscan` rows on
// each side) of a list of any length, inside its scroll container, which
// keeps the full height: the table's top and bottom margins stand for the
// rows not drawn (no placeholder rows, so the body holds real rows only).
// Every row has the same height (the stylesheet's `.vt` rules make it so),
// measured from the first row drawn. The table keeps its ARIA semantics:
// aria-rowcount on the table (the header row counts), aria-rowindex on
// every drawn row.
//
// Browsers cap an element's height (Chromium near 33 M px, Firefox near
// 17 M px), so beyond MAX_REAL_PX the container's height is scaled:
// small scrolls (wheel, keys) move the rows 1:1, a jump (the scroll bar,
// Home, End) lands at the same fraction of the list.

const MAX_REAL_PX = 8_000_000;
// A scroll larger than this many viewports is a jump.
const JUMP_VIEWPORTS = 3;

export class VirtualTable {
  // scroller: the element that scrolls (focusable, so that keys scroll it
  // when a drawn row leaves with the focus); table: its <table>, whose
  // tBodies[0] this owns; render(item, index) -> <tr> for one item.
  constructor({scroller, table, render, overscan = 12, estimate = 56}) {
    this.scroller = scroller;
    this.table = table;
    this.tbody = table.tBodies[0];
    this.render = render;
    this.overscan = overscan;
    this.estimate = estimate;
    this.rowHeight = 0; // measured; 0 until a row was drawn while shown
    this.count = 0;
    this.itemAt = () => null;
    this.drawn = new Map(); // index -> <tr>
    this.first = 0; // the drawn range [first, end)
    this.end = 0;
    this.virtualTop = 0; // the list's pixel at the top of the viewport
    this.lastScrollTop = 0;
    this.tbody.replaceChildren();
    table.classList.add('vt');
    scroller.addEventListener('scroll', () => this.onScroll(), {passive: true});
    // Home and End on the scroller go to the list's ends at once: the
    // browser's smooth scroll stops short while rows are drawn under it.
    scroller.addEventListener('keydown', (event) => {
      if (event.target !== scroller || event.altKey || event.metaKey) return;
      if (event.key !== 'Home' && event.key !== 'End') return;
      event.preventDefault();
      this.jumpTo(event.key === 'Home' ? 0 : Infinity);
    });
    new ResizeObserver(() => this.draw()).observe(scroller);
  }

  get height() {
    return this.rowHeight || this.estimate;
  }

  // The list's height and the container's (scaled beyond MAX_REAL_PX).
  get virtualHeight() {
    return this.count * this.height;
  }

  get realHeight() {
    return Math.min(this.virtualHeight, MAX_REAL_PX);
  }

  // Pixels of the body in view, below the sticky header.
  get viewHeight() {
    const head = this.table.tHead ? this.table.tHead.offsetHeight : 0;
    return Math.max(this.height, this.scroller.clientHeight - head);
  }

  // Shows `count` items, item i being itemAt(i); keepScroll: stay where
  // the view was (a new version of the same list), else go to its top.
  set(count, itemAt, keepScroll = false) {
    this.count = count;
    this.itemAt = itemAt;
    this.table.setAttribute('aria-rowcount', String(count + 1));
    this.clear();
    if (!keepScroll) {
      this.virtualTop = 0;
      this.lastScrollTop = 0;
      this.scroller.scrollTop = 0;
    }
    this.draw();
  }

  // Draws the items again (their content changed, not their number).
  refresh() {
    this.clear();
    this.draw();
  }

  // The item index of a drawn row (or an element in one), -1 if none.
  indexOf(node) {
    const tr = node && node.closest ? node.closest('tr[data-vi]') : null;
    return tr && tr.parentNode === this.tbody ? Number(tr.dataset.vi) : -1;
  }

  // The drawn <tr> of item `index`, null when it is not drawn.
  rowAt(index) {
    return this.drawn.get(index) || null;
  }

  // Scrolls so that item `index` is in view (nearest edge) and draws it.
  scrollToIndex(index) {
    if (index < 0 || index >= this.count) return;
    const h = this.height;
    const view = this.viewHeight;
    let top = this.virtualTop;
    if (index * h < top) top = index * h;
    else if ((index + 1) * h > top + view) top = (index + 1) * h - view;
    this.jumpTo(top);
  }

  jumpTo(virtualTop) {
    const maxVirtual = Math.max(0, this.virtualHeight - this.viewHeight);
    this.virtualTop = Math.min(Math.max(0, virtualTop), maxVirtual);
    const maxReal = Math.max(0, this.realHeight - this.viewHeight);
    const real = maxVirtual > 0 ? (this.virtualTop / maxVirtual) * maxReal : 0;
    this.scroller.scrollTop = this.virtualHeight > MAX_REAL_PX ? real : this.virtualTop;
    this.lastScrollTop = this.scroller.scrollTop;
    this.draw();
  }

  onScroll() {
    const s = this.scroller.scrollTop;
    if (this.virtualHeight <= MAX_REAL_PX) {
      this.virtualTop = s;
    } else {
      const maxReal = Math.max(1, this.realHeight - this.viewHeight);
      const maxVirtual = Math.max(0, this.virtualHeight - this.viewHeight);
      const delta = s - this.lastScrollTop;
      if (s <= 0) this.virtualTop = 0;
      else if (s >= maxReal - 1) this.virtualTop = maxVirtual;
      else if (Math.abs(delta) > JUMP_VIEWPORTS * this.viewHeight) this.virtualTop = (s / maxReal) * maxVirtual;
      else this.virtualTop = Math.min(maxVirtual, Math.max(0, this.virtualTop + delta));
    }
    this.lastScrollTop = s;
    this.draw();
  }

  clear() {
    this.dropFocus(0, Infinity);
    for (const tr of this.drawn.values()) tr.remove();
    this.drawn.clear();
    this.first = 0;
    this.end = 0;
  }

  // Moves the focus to the scroller when it is in a row of [from, to) about
  // to go, so that keys keep scrolling the table.
  dropFocus(from, to) {
    const active = document.activeElement;
    if (!active || !this.tbody.contains(active)) return;
    const i = this.indexOf(active);
    if (i >= from && i < to) this.scroller.focus({preventScroll: true});
  }

  make(index) {
    const tr = this.render(this.itemAt(index), index);
    // Each cell's content in a box that the stylesheet clips to the row.
    for (const td of tr.cells) {
      const box = document.createElement('div');
      box.className = 'vc';
      box.append(...td.childNodes);
      td.append(box);
    }
    tr.dataset.vi = String(index);
    tr.setAttribute('aria-rowindex', String(index + 2));
    tr.classList.toggle('vt-alt', index % 2 === 1);
    this.drawn.set(index, tr);
    return tr;
  }

  draw() {
    const h = this.height;
    const view = this.viewHeight;
    const firstShown = Math.floor(this.virtualTop / h);
    const lastShown = Math.ceil((this.virtualTop + view) / h);
    const first = Math.max(0, Math.min(this.count, firstShown - this.overscan));
    const end = Math.max(first, Math.min(this.count, lastShown + this.overscan));
    // Rows that stay are not moved (a move would take the focus away).
    for (const [i, tr] of this.drawn) {
      if (i < first || i >= end) {
        this.dropFocus(i, i + 1);
        tr.remove();
        this.drawn.delete(i);
      }
    }
    const keptFirst = this.drawn.size ? Math.max(first, this.first) : end;
    const keptEnd = this.drawn.size ? Math.min(end, this.end) : end;
    const before = document.createDocumentFragment();
    for (let i = first; i < keptFirst; i++) before.append(this.make(i));
    this.tbody.prepend(before);
    const after = document.createDocumentFragment();
    for (let i = Math.max(keptEnd, first); i < end; i++) if (!this.drawn.has(i)) after.append(this.make(i));
    this.tbody.append(after);
    this.first = first;
    this.end = end;

    if (!this.rowHeight && this.drawn.size) {
      const measured = this.drawn.get(first).getBoundingClientRect().height;
      if (measured > 0) {
        this.rowHeight = measured;
        if (Math.abs(measured - this.estimate) > 0.5) {
          this.draw();
          return;
        }
      }
    }
    // Where the first drawn row sits in the container (scaled or not).
    const offset = this.scroller.scrollTop - this.virtualTop + first * h;
    const topPx = Math.max(0, this.virtualHeight > MAX_REAL_PX ? offset : first * h);
    const bottomPx = Math.max(0, this.realHeight - topPx - (end - first) * h);
    // The sticky header stays in view: the table's box always reaches
    // above the viewport's top (the overscan rows) and below its bottom.
    this.table.style.marginTop = `${topPx}px`;
    this.table.style.marginBottom = `${bottomPx}px`;
  }
}
