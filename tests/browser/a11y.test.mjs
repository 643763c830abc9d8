// Accessibility of the dashboard (build/web) in headless Chromium: axe-core
// (npm "axe-core", pinned) finds no violation on any view (Overview,
// Findings, Assets, Coverage, Actions with an action open, Attack paths,
// Trend with two snapshots and their diff) nor on the threat-intel panel
// and the rest of the page around them, empty and with the demo data, in
// the light and the dark colour scheme; and the views are reached and
// switched from the keyboard alone (WAI-ARIA tabs).
//
//   node --test tests/browser/a11y.test.mjs
//
// axe is put into the page by page.evaluate (DevTools' Runtime.evaluate,
// which the page's CSP does not govern), never served by the page: the
// page under test is the one users get.
//
// Same environment overrides as dashboard.test.mjs (EXPOSURE_WEB_DIR,
// EXPOSURE_CLI, CHROMIUM).

import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {afterWorkspaceAnswer, createWorkspace, dashboardSuite, openDemo, saveSnapshot, webDir}
  from '../support/dashboard_page.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TIMEOUT_MS = 180_000;
const VIEWS = ['overview', 'findings', 'assets', 'coverage', 'actions', 'paths', 'trend', 'intel'];

// axe's violations on the page as it is now, one line each (rule, impact,
// what it says and the first elements it names); [] when there are none.
async function axeViolations(page) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {resultTypes: ['violations']});
    return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`)}));
  });
  return violations.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.length} node(s): ${v.nodes.slice(0, 4).join('; ')}`);
}

// Runs axe in the light, then the dark scheme; every violation as
// "<where>, <scheme>: <violation>".
async function checkBothSchemes(page, where) {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({colorScheme: scheme});
    // The Overview redraws its charts for the new scheme; let it settle.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    for (const v of await axeViolations(page)) found.push(`${where}, ${scheme}: ${v}`);
  }
  await page.emulateMedia({colorScheme: 'light'});
  return found;
}

// Shows `view` and waits until it has drawn what it draws for the report.
async function showView(page, view) {
  await page.click(`#tab-${view}`);
  assert.equal(await page.getAttribute('#app', 'data-view'), view);
  if (view === 'overview') {
    await page.waitForFunction(() => document.querySelector('#ov-severity-chart canvas') !== null);
  } else if (view === 'paths') {
    await page.waitForFunction(() => ['ready', 'none'].includes(document.getElementById('view-paths').dataset.state)
      && (document.getElementById('view-paths').dataset.state !== 'ready'
        || document.querySelector('#paths-graph svg') !== null));
  } else if (view === 'intel') {
    await page.waitForFunction(() => document.getElementById('view-intel').dataset.state === 'ready');
  } else if (view === 'actions') {
    // An open action shows its findings and assets too.
    const toggle = page.locator('#actions-table .action-toggle').first();
    if (await toggle.getAttribute('aria-expanded') !== 'true') await toggle.click();
  }
}

describe('accessibility', {timeout: 15 * 60_000}, () => {
  const suite = dashboardSuite('a11y', {required: [path.join(webDir, 'index.html'), path.join(webDir, 'overview_view.js')]});
  const {problems} = suite;

  test('axe finds nothing on the empty page, light and dark', {timeout: TIMEOUT_MS}, async () => {
    const page = await suite.context.newPage();
    try {
      await page.goto(suite.server.url);
      await page.waitForFunction(() => document.getElementById('intel-panel').dataset.state === 'ready');
      assert.deepEqual(await checkBothSchemes(page, 'empty page'), []);
    } finally {
      await page.close();
    }
  });

  test('axe finds nothing on any view with the demo data, light and dark', {timeout: 3 * TIMEOUT_MS}, async () => {
    const page = await openDemo(suite.context, suite.server.url);
    try {
      // Two snapshots: the Trend view shows its table, charts and diff.
      await saveSnapshot(page, 1);
      await saveSnapshot(page, 2);
      await page.waitForFunction(() => !document.getElementById('diff-summary').hidden);
      const found = [];
      for (const view of VIEWS) {
        await showView(page, view);
        found.push(...await checkBothSchemes(page, view));
      }
      // Two more states: the findings table in the exposures mode, and the
      // decision dialog open over it.
      await showView(page, 'findings');
      await page.click('#mode-exposures');
      found.push(...await checkBothSchemes(page, 'findings (exposures)'));
      await page.locator('#findings-table tbody button.decide').first().click();
      assert.ok(await page.isVisible('#decide-dialog'));
      found.push(...await checkBothSchemes(page, 'decision dialog'));
      await page.click('#decide-cancel');
      // The workspace forms: new workspace, rename and delete confirmation open,
      // then a locked encrypted workspace after a wrong passphrase.
      await showView(page, 'trend');
      await page.click('#workspace-new');
      await page.click('#workspace-rename');
      await page.click('#workspace-delete');
      found.push(...await checkBothSchemes(page, 'workspace forms'));
      await page.click('#workspace-delete-no');
      await page.click('#workspace-rename-cancel');
      await page.click('#workspace-create-cancel');
      await createWorkspace(page, 'a11y', 'a11y passphrase');
      await afterWorkspaceAnswer(page, () => page.click('#workspace-lock'));
      await page.fill('#workspace-passphrase', 'wrong passphrase');
      await afterWorkspaceAnswer(page, () => page.press('#workspace-passphrase', 'Enter'));
      assert.ok(await page.isVisible('#workspace-unlock-error'));
      found.push(...await checkBothSchemes(page, 'locked workspace'));
      assert.deepEqual(found, []);
      // The check can fail: a control without a name is reported.
      await page.evaluate(() => {
        const button = document.createElement('button');
        button.id = 'a11y-probe';
        document.getElementById('app').append(button);
      });
      assert.ok((await axeViolations(page)).some((v) => v.startsWith('button-name') && v.includes('#a11y-probe')));
    } finally {
      await page.close();
    }
  });

  test('Tab reaches the views\' tab list; arrow keys, Home and End move between the views', {timeout: TIMEOUT_MS},
    async () => {
      const page = await openDemo(suite.context, suite.server.url);
      try {
        const focused = () => page.evaluate(() => {
          const a = document.activeElement;
          return {id: a.id, role: a.getAttribute('role'), outline: getComputedStyle(a).outlineStyle};
        });
        const shown = () => page.evaluate(() => ({
          selected: [...document.querySelectorAll('#view-tabs [role="tab"]')]
            .filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.id),
          tabbable: [...document.querySelectorAll('#view-tabs [role="tab"]')].filter((t) => t.tabIndex === 0).map((t) => t.id),
          panels: [...document.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.id),
        }));
        const expectView = async (view) => {
          assert.deepEqual(await shown(), {selected: [`tab-${view}`], tabbable: [`tab-${view}`], panels: [`view-${view}`]});
          const f = await focused();
          assert.equal(f.id, `tab-${view}`);
          assert.notEqual(f.outline, 'none', 'the focused tab shows its focus');
        };
        // From the top of the page, Tab alone reaches the selected tab
        // (the only tab in the tab order).
        await page.evaluate(() => document.activeElement && document.activeElement.blur());
        let presses = 0;
        while ((await focused()).role !== 'tab') {
          assert.ok(++presses <= 40, 'the tab list is reached within 40 presses of Tab');
          await page.keyboard.press('Tab');
        }
        await expectView('overview');
        await page.keyboard.press('ArrowRight');
        await expectView('findings');
        await page.keyboard.press('ArrowRight');
        await expectView('assets');
        await page.keyboard.press('End');
        await expectView('intel');
        await page.keyboard.press('ArrowRight');
        await expectView('overview');
        await page.keyboard.press('ArrowLeft');
        await expectView('intel');
        await page.keyboard.press('Home');
        await expectView('overview');
        // Tab then leaves the tab list for the panel shown.
        await page.keyboard.press('Tab');
        const next = await focused();
        assert.ok(await page.evaluate((id) => document.getElementById('view-overview').contains(document.getElementById(id)), next.id),
          `focus moved into the Overview panel (got #${next.id})`);
      } finally {
        await page.close();
      }
    });

  test('no CSP violation, page or console error', () => {
    assert.deepEqual(problems, []);
  });
});
