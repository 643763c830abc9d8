// The iframe mode of <exposure-lens> (embed.html): the widget in a page of
// its own origin, driven by the portal that frames it through postMessage.
//
// Who may drive it: the origins listed in embed.json next to this page
// ({"parents": ["https://portal.example"]}), which only whoever hosts this
// origin can change. embed.html?parent=ORIGIN names which of them frames
// it (needed when the list has more than one); a parent not in the list,
// or a frame whose actual parent (location.ancestorOrigins, where the
// browser has it) is another origin, gets nothing: no message is sent and
// none is read. The server also sends frame-ancestors with the same origins
// (docs/widget.md), so other sites cannot even frame the page.
//
// Every message either way is {protocol: 'exposure-lens-embed', version: 1,
// type, ...}. A message is read only when event.source is this frame's
// parent AND event.origin is the allowed parent; others are ignored without
// an answer. Parent -> frame:
//   hello {id?}                   answered by hello (for a late listener)
//   load {id?, input, options?}   input: a report (object or JSON text), a
//                                 trend, or File/Blob objects (exports,
//                                 snapshots, a policy); options: {policy}
//   view {view}                   one of the widget's views
//   clear {}
//   export {id?, format}          the files come back as 'export'
// Frame -> parent (to the allowed origin only):
//   hello {id?, versions, views}  once when the frame is ready to listen,
//                                 and in answer to hello
//   loaded {id, source, summary, ms}   a load finished and is on screen
//   ready {source, summary, ms}   the widget's 'ready' event
//   select {view, kind, id, item} the widget's 'select' event
//   export {id, format, files: [{name, blob}]}   an export (the user's,
//                                 id null, or one asked for); the frame
//                                 does not download it itself
//   error {id, code, message, versions?}   code: 'unsupported-version',
//                                 'unknown-type', 'load-failed',
//                                 'export-failed', 'bad-message'
import './widget.js';

const PROTOCOL = 'exposure-lens-embed';
const VERSION = 1;
const VERSIONS = [VERSION];
const VIEWS = ['summary', 'actions', 'findings', 'assets', 'coverage', 'paths', 'trend'];

const lens = document.getElementById('lens');
const status = document.getElementById('embed-status');

function refuse(message) {
  status.textContent = `This view is not available here: ${message}`;
  status.hidden = false;
  lens.hidden = true;
  document.documentElement.dataset.embed = 'refused';
}

// The parent origin this frame talks to, or throws why there is none.
async function allowedParent() {
  if (window.parent === window) throw new Error('it is not in a frame');
  const response = await fetch('embed.json', {credentials: 'same-origin', cache: 'no-cache'});
  if (!response.ok) throw new Error(`embed.json could not be read (HTTP ${response.status})`);
  const config = await response.json();
  const parents = config && Array.isArray(config.parents) ? config.parents.filter((p) => typeof p === 'string') : [];
  const asked = new URLSearchParams(window.location.search).get('parent');
  const parent = asked ?? (parents.length === 1 ? parents[0] : null);
  if (!parent) throw new Error('no parent origin is configured (embed.json "parents", and ?parent= when it lists several)');
  if (!parents.includes(parent)) throw new Error(`${parent} is not an allowed parent`);
  const ancestors = window.location.ancestorOrigins;
  if (ancestors && ancestors.length && ancestors[0] !== parent) {
    throw new Error(`the page that frames it is not ${parent}`);
  }
  return parent;
}

function start(parent) {
  const send = (type, fields = {}) => window.parent.postMessage({protocol: PROTOCOL, version: VERSION, type, ...fields}, parent);
  const fail = (id, code, message, more = {}) => send('error', {id, code, message, ...more});
  // The one export a parent asked for: its id, carried to the event.
  let exportId = null;

  lens.addEventListener('ready', (e) => send('ready', e.detail));
  lens.addEventListener('select', (e) => send('select', e.detail));
  lens.addEventListener('export', (e) => {
    e.preventDefault();
    send('export', {id: exportId, format: e.detail.format, files: e.detail.files});
  });

  const hello = (more = {}) => send('hello', {...more, versions: VERSIONS, views: VIEWS});
  const handlers = {
    // A parent whose listener came late asks again.
    hello(msg) {
      hello({id: msg.id});
    },
    async load(msg) {
      try {
        const done = await lens.load(msg.input, msg.options && typeof msg.options === 'object' ? msg.options : {});
        send('loaded', {id: msg.id, ...done});
      } catch (err) {
        fail(msg.id, 'load-failed', String(err && err.message));
      }
    },
    view(msg) {
      if (!VIEWS.includes(msg.view)) return fail(msg.id, 'bad-message', `unknown view ${JSON.stringify(msg.view)}`);
      lens.view = msg.view;
      return undefined;
    },
    clear() {
      lens.clear();
    },
    async export(msg) {
      exportId = msg.id ?? null;
      try {
        await lens.exportAs(String(msg.format));
      } catch (err) {
        fail(msg.id, 'export-failed', String(err && err.message));
      } finally {
        exportId = null;
      }
    },
  };

  window.addEventListener('message', (event) => {
    // Both checks: the origin alone would accept a frame of the same origin
    // elsewhere in the page, the source alone a parent that navigated away.
    if (event.source !== window.parent || event.origin !== parent) return;
    const msg = event.data;
    if (!msg || typeof msg !== 'object' || msg.protocol !== PROTOCOL) return;
    const id = typeof msg.id === 'string' || Number.isFinite(msg.id) ? msg.id : null;
    if (msg.version !== VERSION) {
      fail(id, 'unsupported-version', `version ${JSON.stringify(msg.version)} is not supported`, {versions: VERSIONS});
      return;
    }
    const handler = Object.hasOwn(handlers, msg.type) ? handlers[msg.type] : null;
    if (!handler) {
      fail(id, 'unknown-type', `unknown message type ${JSON.stringify(msg.type)}`);
      return;
    }
    handler({...msg, id});
  });
  document.documentElement.dataset.embed = 'ready';
  hello();
}

allowedParent().then(start, (err) => refuse(err.message));
