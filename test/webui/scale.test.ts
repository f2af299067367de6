/**
 * The overview tree and the topology with many VNets (issue 16, items 3
 * and 4), at 1280×800 and 390×844: zones start collapsed and a filter finds
 * one VNet among hundreds, only the rows in view are in the page; the
 * topology groups a zone's VNets behind one box that a click expands, draws
 * the EVPN controller, its exit node and the VXLAN peers, and a click on a
 * VNet opens the VNets panel on it. `npm run bench` times the same at 2000.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readRootPassword, startServer, type RunningServer } from '../../src/api/start.js';
import { tempDir } from '../api/harness.js';
import { seedBigConfig } from '../support/big-config.js';
import { chromiumSkip, launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { assertNoHorizontalScroll, logIn, openPanel } from './ui.js';

const NODE = 'node1';
const VNETS = 500;

describe('web UI at 500 VNets', { skip: chromiumSkip() }, () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    const data = join(tempDir('weft-ui-scale-'), 'data');
    await seedBigConfig(data, VNETS, NODE);
    server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: NODE, authFailureDelayMs: 0, agentTimeoutMs: 1_000 });
    browser = await launchBrowser({ width: 1280, height: 800 });
    await logIn(browser.page, server.url, readRootPassword(data));
    // applied (no agent: the task fails, the config is running) so the tree lists the zones
    await browser.page.getByTestId('apply').click();
    await browser.page.locator('[data-testid="apply-progress"][data-task-state="stopped"]').waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [width, height, name] of [
    [1280, 800, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    test(`overview tree at ${width}×${height}: zones collapsed, a filter finds one VNet, rows drawn only in view`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height });
      await openPanel(page, 'Overview', 'overview');
      const zone = page.locator(`[data-tree="node/${NODE}/zone/z0"]`);
      await zone.waitFor();
      assert.equal(await zone.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.locator('[data-tree*="/vnet/"]').count(), 0, 'no VNet row before a zone is opened');
      await zone.click();
      await page.locator(`[data-tree="node/${NODE}/zone/z0/vnet/v0"]`).waitFor();
      const drawn = await page.locator('[data-tree*="/vnet/"]').count();
      assert.ok(drawn > 0 && drawn < 100, `${drawn} VNet rows in the page for a zone of 100: only those in view`);
      await zone.click();
      await page.getByRole('textbox', { name: 'filter the status tree' }).fill('v437');
      await page.locator(`[data-tree="node/${NODE}/zone/z4/vnet/v437"]`).waitFor();
      assert.equal(await page.locator('[data-tree*="/vnet/"]').count(), 1);
      await assertNoHorizontalScroll(page, `the filtered tree at ${width}×${height}`);
      await screenshot(page, `scale-tree-filtered-${name}`);
      await page.getByRole('textbox', { name: 'filter the status tree' }).fill('');
    });

    test(`topology at ${width}×${height}: a zone's VNets behind one box, expanded on a click; a VNet opens its panel`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height });
      await openPanel(page, 'Topology', 'topology');
      const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
      for (const id of ['group/z0', 'group/z4', 'zone/ev', 'controller/ctl', `host/${NODE}`, 'peer/198.51.100.2', 'vnet/vxv']) await node(id).waitFor();
      assert.match((await node('group/z0').textContent()) ?? '', /100 VNets.*click to show/);
      assert.equal(await page.locator('.react-flow__node[data-id^="vnet/v"]').count(), 1, 'only the VXLAN zone\'s one VNet is drawn');
      await screenshot(page, `scale-topology-${name}`);
      await node('group/z0').click();
      await node('vnet/v0').waitFor();
      await screenshot(page, `scale-topology-expanded-${name}`);
      await page.locator('.react-flow__controls-fitview').click();
      await node('vnet/v0').click();
      await page.locator('[data-panel="vnets"] tr[data-row="v0"]').waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'filter by name' }).inputValue(), 'v0');
      await assertNoHorizontalScroll(page, `the VNets opened from the topology at ${width}×${height}`);
    });
  }
});
