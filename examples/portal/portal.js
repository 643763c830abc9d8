// The example portal's page script: imports the widget from its own
// origin (the <meta name="exposure-lens-origin">), feeds it the demo data
// or the user's files, and logs the events it fires.
const origin = document.querySelector('meta[name="exposure-lens-origin"]').content;
await import(`${origin}/widget.js`);

const lens = document.getElementById('lens');
const timing = document.getElementById('timing');
const log = document.getElementById('log');

function note(text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  log.prepend(li);
}

async function show(input) {
  timing.textContent = 'Loading…';
  try {
    const {ms, source} = await lens.load(input);
    timing.textContent = `${source}: summary on screen in ${ms} ms`;
  } catch (err) {
    timing.textContent = `Not loaded: ${err.message}`;
  }
}

// The demo exports and policy the widget's server ships (build/web/demo),
// fetched from its origin (the policy's connect-src allows only that).
document.getElementById('demo').addEventListener('click', async () => {
  const index = await (await fetch(`${origin}/demo/index.json`)).json();
  const names = [...index.files, index.policy];
  const files = await Promise.all(names.map(async (name) => new File([await (await fetch(`${origin}/demo/${name}`)).blob()], name)));
  await show(files);
});
document.getElementById('files').addEventListener('change', (e) => {
  if (e.target.files.length) show([...e.target.files]);
});
document.getElementById('clear').addEventListener('click', () => {
  lens.clear();
  timing.textContent = '';
});

// Events cross the widget's shadow boundary: heard here, on the document.
document.addEventListener('ready', (e) => note(`ready: ${e.detail.source}, ${e.detail.summary ? e.detail.summary.findings ?? e.detail.summary.open : 0} findings`));
document.addEventListener('select', (e) => note(`select: ${e.detail.kind} ${e.detail.id}`));
document.addEventListener('export', (e) => note(`export: ${e.detail.format} (${e.detail.files.map((f) => f.name).join(', ')})`));
