// Work over long lists (a million table rows) on the page's main thread in
// slices of at most SLICE_MS, yielding to the page between them, so that
// input, scrolling and drawing never wait longer. A job runs to its end
// without yielding when it fits in one slice (small tables change at
// once, as before). Each function takes `live()`, asked after every yield:
// false means a newer job replaced this one, which then stops and resolves
// null.

const SLICE_MS = 12;

// Lets the page handle input and draw: scheduler.yield() where the
// browser has it (the task resumes ahead of others), else a message to
// ourselves (setTimeout(0) is clamped to 4 ms when nested).
function yieldToPage() {
  if (globalThis.scheduler && typeof globalThis.scheduler.yield === 'function') return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

// The end of the current task's slice, shared by every job: jobs that
// follow one another without a yield between them (handleReport's passes,
// then the view's filter and sort, each awaiting the one before, all in one
// microtask checkpoint) spend one slice together instead of one each,
// which made tasks of several slices. null: no slice is running, the next
// job starts one. Cleared by a message to ourselves, which runs after the
// task that set it; a job that starts in a task in between finds the
// slice of an earlier task, spent, and yields at once: early, never late.
let sliceEnd = null;

function startSlice() {
  sliceEnd = performance.now() + SLICE_MS;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    sliceEnd = null;
  };
  channel.port2.postMessage(null);
}

// A clock for one job: over() is true once the current slice is spent,
// pause() yields and starts the next slice; false when the job is stale.
function clock(live) {
  if (sliceEnd === null) startSlice();
  return {
    over: () => sliceEnd === null || performance.now() > sliceEnd,
    async pause() {
      await yieldToPage();
      startSlice();
      return live();
    },
  };
}

// The items of `list` for which keep(item) is true, in order.
export async function filterSliced(list, keep, live) {
  const c = clock(live);
  const out = [];
  for (let i = 0; i < list.length; i++) {
    if (keep(list[i])) out.push(list[i]);
    if ((i & 1023) === 1023 && c.over() && !(await c.pause())) return null;
  }
  return out;
}

// Calls fn(item) for every item (to prepare sort or filter keys).
export async function eachSliced(list, fn, live) {
  const c = clock(live);
  for (let i = 0; i < list.length; i++) {
    fn(list[i]);
    if ((i & 1023) === 1023 && c.over() && !(await c.pause())) return false;
  }
  return true;
}

// Runs of this many items are sorted at once by the engine, then merged.
const RUN = 2048;

// `list` sorted by `compare` (stable), as a new array; `list` is left as is.
// A list already in order is returned after one pass (the default order
// of the findings is the report's own).
export async function sortSliced(list, compare, live) {
  const c = clock(live);
  const n = list.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    if (compare(list[i - 1], list[i]) > 0) sorted = false;
    if ((i & 4095) === 4095 && c.over() && !(await c.pause())) return null;
  }
  if (sorted) return list.slice();
  let src = list.slice();
  for (let from = 0; from < n; from += RUN) {
    const run = src.slice(from, from + RUN).sort(compare);
    for (let k = 0; k < run.length; k++) src[from + k] = run[k];
    if (c.over() && !(await c.pause())) return null;
  }
  let dst = new Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Ties take the left run first: stable.
        dst[k++] = compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
        if ((k & 4095) === 0 && c.over() && !(await c.pause())) return null;
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}
