// Workspaces of the dashboard (build/web) in headless Chromium
// (docs/workspaces.md): each keeps its own snapshots, decisions, policy and
// threat intel; an encrypted one keeps nothing in clear, opens only with
// its passphrase and analyzes without spill files; export to one file and
// import in another browser profile; delete leaves nothing behind.
//
//   node --test tests/browser/workspaces.test.mjs

import {describe, test, before} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {afterWorkspaceAnswer, chooseFiles, createWorkspace, dashboardSuite, intelUpdates, previewAfter, readIntel, repoRoot, saveSnapshot,
  spillFiles, waitForIntel, waitForNoSpillFiles, webDir} from '../support/dashboard_page.mjs';

const corpusScan = path.resolve(repoRoot, '../shared/corpus/tenable/nessus/nessus_with_cvssv3.nessus');
const kevFile = path.join(repoRoot, 'tests/fixtures/intel/kev-small.json');
const PASSPHRASE = 'correct horse battery staple';
// Words that must never be stored in clear for the encrypted workspace.
const SECRET_REASON = 'zebra-quartz compensating control';
const SECRET_POLICY_SITE = 'Secret-Datacenter-Omega';

// What the page shows of the open workspace.
function shown(page) {
  return page.evaluate(() => ({
    name: document.getElementById('workspace').value,
    encrypted: document.getElementById('workspace-panel').dataset.encrypted === 'true',
    locked: document.getElementById('workspace-panel').dataset.locked === 'true',
    decisions: Number(document.getElementById('decisions-note').dataset.count),
    intel: document.getElementById('intel-panel').dataset.source,
    unlockError: document.getElementById('workspace-unlock-error').hidden ? ''
      : document.getElementById('workspace-unlock-error').textContent,
  }));
}

// Waits for the Trend view's list of the open workspace (n snapshots).
function waitForList(page, n) {
  return page.waitForFunction((count) => Number(document.getElementById('view-trend').dataset.snapshots) === count
    && document.querySelectorAll('#snapshots-table tbody tr').length === count, n, {polling: 50});
}

async function switchTo(page, name) {
  await afterWorkspaceAnswer(page, async () => {
    await page.fill('#workspace', name);
    await page.press('#workspace', 'Enter');
  });
}

// Decides the first finding of the table (accepted, with `reason`).
async function decideFirst(page, reason) {
  await page.click('#tab-findings');
  const before = await page.$eval('#decisions-note', (n) => Number(n.dataset.count));
  await page.locator('#findings-table tbody tr').first().locator('button.decide').click();
  await page.selectOption('#decide-status', 'accepted');
  await page.fill('#decide-reason', reason);
  await page.fill('#decide-until', '2099-01-01');
  await page.fill('#decide-by', 'tester');
  await page.click('#decide-save');
  await page.waitForFunction((n) => Number(document.getElementById('decisions-note').dataset.count) === n + 1, before);
  await page.click('#tab-trend');
}

async function applyKev(page) {
  const updates = await intelUpdates(page);
  await previewAfter(page, () => page.setInputFiles('#intel-input', kevFile));
  await page.click('#intel-apply');
  if (await page.isVisible('#intel-confirm')) await page.click('#intel-confirm');
  await waitForIntel(page, updates, 'files');
}

// Every value of every store of every IndexedDB database of the origin, as
// text: strings as they are, byte arrays as Latin-1 and, when gzipped, also
// decompressed (so that a plain workspace's words are found: the control
// that this search can find them). Keys too. And the OPFS file names.
function storedText(page) {
  return page.evaluate(async () => {
    const parts = [];
    const gunzip = async (bytes) => {
      try {
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        return new Uint8Array(await new Response(stream).arrayBuffer());
      } catch {
        return null;
      }
    };
    const walk = async (value) => {
      if (value == null) return;
      if (typeof value === 'string' || typeof value === 'number') parts.push(String(value));
      else if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
        const bytes = new Uint8Array(value);
        parts.push(new TextDecoder('latin1').decode(bytes));
        for (let at = 0; at + 1 < bytes.length; at++) {
          // A gzip stream anywhere (the start of a plain record's body).
          if (bytes[at] === 0x1f && bytes[at + 1] === 0x8b) {
            const out = await gunzip(bytes.subarray(at));
            if (out) parts.push(new TextDecoder('latin1').decode(out));
            break;
          }
        }
      } else if (Array.isArray(value)) for (const v of value) await walk(v);
      else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) { parts.push(k); await walk(v); }
    };
    const dbs = await indexedDB.databases();
    for (const {name} of dbs) {
      parts.push(`db:${name}`);
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        const [values, keys] = await new Promise((resolve, reject) => {
          const tx = db.transaction(store);
          const v = tx.objectStore(store).getAll();
          const k = tx.objectStore(store).getAllKeys();
          tx.oncomplete = () => resolve([v.result, k.result]);
          tx.onerror = () => reject(tx.error);
        });
        await walk(values);
        await walk(keys);
      }
      db.close();
    }
    for await (const name of (await navigator.storage.getDirectory()).keys()) parts.push(`opfs:${name}`);
    return parts.join('\n');
  });
}

// The records the stores hold of `workspace`: {entry, kinds, snapshots}.
function storedOf(page, workspace) {
  return page.evaluate(async (ws) => {
    const all = (db, store) => new Promise((resolve, reject) => {
      const open = indexedDB.open(db);
      open.onsuccess = () => {
        const tx = open.result.transaction(store);
        const request = tx.objectStore(store).getAll();
        tx.oncomplete = () => {
          open.result.close();
          resolve(request.result);
        };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
    const entries = await all('exposure-lens-workspaces', 'workspaces');
    const records = await all('exposure-lens-workspaces', 'records');
    const snaps = await all('exposure-lens-snapshots', 'snapshots');
    return {
      entry: entries.find((e) => e.name === ws) || null,
      kinds: records.filter((r) => r.workspace === ws).map((r) => r.kind).sort(),
      snapshots: snaps.filter((s) => s.workspace === ws).map((s) => Object.keys(s).sort()),
    };
  }, workspace);
}

async function download(page, action, dir) {
  const [file] = await Promise.all([page.waitForEvent('download'), action()]);
  const to = path.join(dir, file.suggestedFilename());
  await file.saveAs(to);
  return to;
}

describe('workspaces', {timeout: 10 * 60_000}, () => {
  const suite = dashboardSuite('ws', {required: [path.join(webDir, 'workspace_crypto.js'), corpusScan, kevFile]});
  const {problems, requests} = suite;
  let contextA;
  let contextB;
  let page;
  let title;
  let policyFile;
  let securePolicyFile;
  const exported = {};

  before(async () => {
    policyFile = path.join(suite.tmpDir, 'policy.json');
    securePolicyFile = path.join(suite.tmpDir, 'secure-policy.json');
    const policy = (site) => JSON.stringify({sla_days: {immediate: 3}, sites: [{name: site, cidrs: ['10.9.0.0/16']}]});
    fs.writeFileSync(policyFile, policy('Acme-Plain-Site'));
    fs.writeFileSync(securePolicyFile, policy(SECRET_POLICY_SITE));
    contextA = suite.context;
    contextB = await suite.launch('profile-b');
    page = await contextA.newPage();
    await page.goto(suite.server.url);
    // The panel answers once the page's script runs; a tab clicked before
    // that (a busy machine) is not switched to.
    await page.waitForFunction(() => Number(document.getElementById('workspace-panel').dataset.answers) > 0);
    await page.click('#tab-trend');
    await page.locator('#workspace-new').waitFor({state: 'visible'});
  });

  test('each workspace has its own snapshots, decisions, policy and intel', {timeout: 240_000}, async () => {
    await createWorkspace(page, 'acme');
    assert.deepEqual(await shown(page), {name: 'acme', encrypted: false, locked: false, decisions: 0,
      intel: 'built-in', unlockError: ''});
    await chooseFiles(page, [corpusScan]);
    title = await page.locator('#findings-table tbody tr').first().locator('.col-title').textContent();
    assert.ok(title && title.length > 5, title);
    // A plain workspace analyzes with a spill file (the control for the encrypted one).
    assert.equal((await spillFiles(page)).length, 1);
    await saveSnapshot(page, 1);
    await decideFirst(page, 'acme accepted risk');
    await page.setInputFiles('#file-input', policyFile); // classified as a policy, kept
    await applyKev(page);
    const acme = await storedOf(page, 'acme');
    assert.deepEqual(acme.kinds, ['decisions', 'intel', 'policy']);
    assert.equal(acme.snapshots.length, 1);

    await switchTo(page, 'globex');
    await waitForList(page, 0);
    assert.deepEqual(await shown(page), {name: 'globex', encrypted: false, locked: false, decisions: 0,
      intel: 'built-in', unlockError: ''});
    assert.deepEqual((await storedOf(page, 'globex')).kinds, []);

    await switchTo(page, 'acme');
    await waitForList(page, 1);
    const back = await shown(page);
    assert.equal(back.decisions, 1);
    assert.equal(back.intel, 'files');
    assert.deepEqual(problems, []);
  });

  test('encrypted: nothing in clear, no spill file, right passphrase opens, wrong one is refused',
    {timeout: 240_000}, async () => {
      await createWorkspace(page, 'secure', PASSPHRASE);
      assert.deepEqual(await shown(page), {name: 'secure', encrypted: true, locked: false, decisions: 0,
        intel: 'built-in', unlockError: ''});
      await page.click('#clear');
      await chooseFiles(page, [corpusScan]);
      // The plain workspace's analysis had one; this one has none (polled:
      // the old one's removal is asynchronous).
      await waitForNoSpillFiles(page);
      await saveSnapshot(page, 1);
      await decideFirst(page, SECRET_REASON);
      await page.setInputFiles('#file-input', securePolicyFile);
      await applyKev(page);
      const stored = await storedOf(page, 'secure');
      assert.deepEqual(stored.kinds, ['decisions', 'intel', 'policy']);
      // The snapshot record holds nothing but its id, workspace and sealed bytes.
      assert.deepEqual(stored.snapshots, [['bytes', 'id', 'sealed', 'workspace']]);
      assert.equal(stored.entry.kdf.iterations, 600000);
      assert.equal(stored.entry.kdf.salt.length, 16);
      const text = await storedText(page);
      // The search finds the plain workspace's words (gzipped there) ...
      assert.ok(text.includes('acme accepted risk'), 'the control: a plain decision is found');
      assert.ok(text.includes(path.basename(corpusScan)), 'the control: a plain snapshot names its scan');
      // ... and none of the encrypted one's.
      assert.ok(!text.includes(SECRET_REASON), 'the encrypted decision is not stored in clear');
      assert.ok(text.includes('Acme-Plain-Site'), 'the control: a plain policy is found');
      assert.ok(!text.includes(SECRET_POLICY_SITE), 'the encrypted policy is not stored in clear');
      assert.ok(!text.includes(title), 'no finding title in clear');
      assert.ok(!text.includes(PASSPHRASE), 'the passphrase is not stored');

      await page.reload();
      await page.click('#tab-trend');
      await page.waitForFunction(() => document.getElementById('workspace-panel').dataset.locked === 'true');
      await waitForList(page, 0);
      assert.deepEqual(await shown(page), {name: 'secure', encrypted: true, locked: true, decisions: 0,
        intel: 'built-in', unlockError: ''});

      await page.fill('#workspace-passphrase', 'not the passphrase');
      await afterWorkspaceAnswer(page, () => page.press('#workspace-passphrase', 'Enter'));
      const refused = await shown(page);
      assert.equal(refused.locked, true);
      assert.equal(refused.decisions, 0);
      assert.match(refused.unlockError, /Wrong passphrase/);
      assert.equal(Number(await page.getAttribute('#view-trend', 'data-snapshots')), 0);

      await page.fill('#workspace-passphrase', PASSPHRASE);
      await afterWorkspaceAnswer(page, () => page.press('#workspace-passphrase', 'Enter'));
      await waitForList(page, 1);
      const opened = await shown(page);
      assert.deepEqual(opened, {name: 'secure', encrypted: true, locked: false, decisions: 1, intel: 'files',
        unlockError: ''});
      assert.equal(await page.inputValue('#workspace-passphrase'), '', 'the field is emptied');
      assert.deepEqual(problems, []);
    });

  test('rename moves everything, also of an encrypted workspace; a taken name is refused', {timeout: 120_000}, async () => {
    const rename = async (to) => {
      await page.click('#workspace-rename');
      await page.fill('#workspace-rename-name', to);
      await afterWorkspaceAnswer(page, () => page.press('#workspace-rename-name', 'Enter'));
    };
    await rename('vault');
    await waitForList(page, 1);
    assert.deepEqual(await shown(page), {name: 'vault', encrypted: true, locked: false, decisions: 1, intel: 'files',
      unlockError: ''});
    assert.deepEqual(await storedOf(page, 'secure'), {entry: null, kinds: [], snapshots: []});
    assert.deepEqual((await storedOf(page, 'vault')).kinds, ['decisions', 'intel', 'policy']);
    // Still opens with its passphrase under the new name.
    await afterWorkspaceAnswer(page, () => page.click('#workspace-lock'));
    await page.fill('#workspace-passphrase', PASSPHRASE);
    await afterWorkspaceAnswer(page, () => page.press('#workspace-passphrase', 'Enter'));
    await waitForList(page, 1);
    assert.equal((await shown(page)).decisions, 1);
    await rename('acme');
    assert.match(await page.textContent('#banner'), /exists already/);
    assert.equal((await shown(page)).name, 'vault');
    await rename('secure');
    await waitForList(page, 1);
    assert.equal((await shown(page)).name, 'secure');
    assert.deepEqual(problems, []);
  });

  test('export, then import in another profile (plain and encrypted)', {timeout: 240_000}, async () => {
    exported.secure = await download(page, () => page.click('#workspace-export'), suite.tmpDir);
    await switchTo(page, 'acme');
    exported.acme = await download(page, () => page.click('#workspace-export'), suite.tmpDir);
    const header = JSON.parse(fs.readFileSync(exported.secure, 'utf8').split('\n')[0]);
    assert.equal(header.format, 'exposure-lens/workspace/v1');
    assert.equal(header.encrypted, true);
    assert.equal(header.records, 4);
    assert.ok(!fs.readFileSync(exported.secure, 'latin1').includes(SECRET_REASON));

    const other = await contextB.newPage();
    await other.goto(suite.server.url);
    await other.click('#tab-trend');
    await other.waitForFunction(() => Number(document.getElementById('workspace-panel').dataset.answers) > 0);
    await afterWorkspaceAnswer(other, () => other.setInputFiles('#workspace-import-input', exported.acme));
    await waitForList(other, 1);
    assert.deepEqual(await shown(other), {name: 'acme', encrypted: false, locked: false, decisions: 1,
      intel: 'files', unlockError: ''});

    await afterWorkspaceAnswer(other, () => other.setInputFiles('#workspace-import-input', exported.secure));
    assert.deepEqual(await shown(other), {name: 'secure', encrypted: true, locked: true, decisions: 0,
      intel: 'built-in', unlockError: ''});
    await other.fill('#workspace-passphrase', PASSPHRASE);
    await afterWorkspaceAnswer(other, () => other.press('#workspace-passphrase', 'Enter'));
    await waitForList(other, 1);
    assert.equal((await shown(other)).decisions, 1);
    // The same name again is refused, not merged.
    await afterWorkspaceAnswer(other, () => other.setInputFiles('#workspace-import-input', exported.secure));
    assert.match(await other.textContent('#banner'), /exists already/);
    await other.close();
    assert.deepEqual(problems, []);
  });

  test('delete removes every stored byte of the workspace', {timeout: 120_000}, async () => {
    for (const name of ['secure', 'acme']) {
      await switchTo(page, name);
      if (name === 'secure') assert.equal((await shown(page)).locked, true, 'reopened locked');
      await page.click('#workspace-delete');
      assert.ok(await page.isVisible('#workspace-delete-confirm'));
      assert.match(await page.textContent('#workspace-delete-question'), new RegExp(name));
      await afterWorkspaceAnswer(page, () => page.click('#workspace-delete-yes'));
      assert.equal((await shown(page)).name, 'default');
      const left = await storedOf(page, name);
      assert.deepEqual(left, {entry: null, kinds: [], snapshots: []});
    }
    const text = await storedText(page);
    for (const word of ['acme accepted risk', 'Acme-Plain-Site', 'acme']) {
      assert.ok(!text.includes(word), `${word} is gone`);
    }
    assert.ok(!/\bsecure\b/.test(text), 'no trace of the encrypted workspace\'s name');
    assert.deepEqual(text.split('\n').filter((l) => l.startsWith('opfs:') && !l.startsWith('opfs:exposure-spill-')), []);
    assert.deepEqual(problems, []);
  });
});
