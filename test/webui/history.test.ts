/**
 * The History panel and the confirm countdown in Debian's Chromium against
 * a real `weft server` with a node agent on its store: the revisions listed
 * newest first, a revision's diff (sections and the node's file), a revert
 * through the UI that becomes the next revision, and an apply with confirm
 * whose countdown's Confirm keeps it. Screenshots at 1280×800 and 390×844;
 * the page never scrolls sideways.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readRootPassword, startServer, type RunningServer } from '../../src/api/start.js';
import { makeHarness, tempDir, type Harness } from '../api/harness.js';
import { chromiumSkip, launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { startStoreAgent, type StoreAgent } from '../support/store-agent.js';
import { assertNoHorizontalScroll, logIn, openPanel } from './ui.js';

describe('web UI: history and confirm', { skip: chromiumSkip() }, () => {
  let server: RunningServer;
  let h: Harness;
  let agent: StoreAgent;
  let browser: Browser;
  const ok = async (method: string, path: string, params: Record<string, unknown> = {}) => {
    const a = await h.call(method, path, params, h.root);
    assert.equal(a.status, 200, `${method} ${path}: ${JSON.stringify(a.body)}`);
    return a.body.data;
  };
  const apply = async () => h.tasks.wait((await ok('PUT', '/cluster/sdn')) as string, 60_000);

  before(async () => {
    const data = join(tempDir('weft-ui-history-'), 'data');
    server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0, agentTimeoutMs: 60_000 });
    h = await makeHarness(server.store, data, { agentTimeoutMs: 60_000 });
    agent = startStoreAgent(server.store, 'node1');
    await ok('POST', '/cluster/sdn/zones', { zone: 'zh', type: 'simple' });
    await apply();
    await ok('POST', '/cluster/sdn/vnets', { vnet: 'vh1', zone: 'zh' });
    await apply();
    browser = await launchBrowser({ width: 1280, height: 800 });
    await logIn(browser.page, server.url, readRootPassword(data));
  });
  after(async () => {
    await browser?.close();
    await agent?.stop();
    await h?.app.close();
    await server?.close();
  });

  test('revisions listed, a diff per section and per node, a revert that becomes revision 3', async () => {
    const { page } = browser;
    await openPanel(page, 'History', 'history');
    const rows = page.locator('[data-testid="revisions"] tr[data-revision]');
    await rows.first().waitFor();
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-revision'))), ['2', '1']);
    await page.locator('tr[data-revision="2"]').click();
    const diff = page.getByTestId('revision-diff');
    await diff.getByText('From revision 1 to 2').waitFor();
    assert.match(await diff.locator('[data-set="vnets"]').textContent() ?? '', /added\s*vh1/);
    assert.match(await diff.locator('[data-node="node1"]').textContent() ?? '', /\+auto vh1/);
    await screenshot(page, 'history-1280');
    await assertNoHorizontalScroll(page, 'History at 1280');

    await page.getByTestId('revert-1').click();
    await page.getByTestId('revert-go').click();
    await page.locator('tr[data-revision="3"]').getByText('revert to revision 1').waitFor();
    await agent.waitForLine(/^version 3 applied/);
    assert.doesNotMatch(agent.sdnFile() ?? '', /vh1/);
  });

  test('apply with confirm: the countdown, Confirm keeps the version', async () => {
    const { page } = browser;
    await ok('POST', '/cluster/sdn/vnets', { vnet: 'vh2', zone: 'zh' });
    await openPanel(page, 'Review and apply', 'apply');
    await page.getByTestId('apply-confirm').click();
    await page.getByTestId('confirm-countdown').waitFor();
    assert.match(await page.getByTestId('confirm-countdown').textContent() ?? '', /Version 4 waits for confirmation[\s\S]*s left; without Confirm every node returns to the config of version 3/);
    await screenshot(page, 'confirm-countdown-1280');
    await page.getByTestId('confirm').click();
    await page.getByTestId('confirmed').waitFor();
    assert.equal(await ok('GET', '/cluster/sdn/confirm'), null);
    await agent.waitForLine(/^version 4 confirmed$/);
  });

  test('on a phone (390×844) the history does not scroll sideways', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await openPanel(page, 'History', 'history');
    await page.locator('tr[data-revision="4"]').waitFor();
    await screenshot(page, 'history-390');
    await assertNoHorizontalScroll(page, 'History at 390');
  });
});
