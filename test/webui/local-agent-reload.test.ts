/**
 * The real single-machine run of the README (issue 16's "Done when"):
 * `weft server --local-agent` on a node that reloads for real — here a lab
 * namespace with its own /etc/network (the server, its agent and Chromium
 * all run inside it; nothing outside the namespace changes) — applies a zone
 * and a VNet made in the web UI, the VNet's bridge comes up, and the UI
 * shows the zone and the VNet available. Root, ifupdown2 and Chromium only.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromiumSkip, launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { Lab, type LabNode } from '../support/lab.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { needs } from '../support/system.js';
import { addZoneAndVnet, applyAndWait, assertNoHorizontalScroll, logIn, openPanel, resize } from './ui.js';

const skip = chromiumSkip() || needs({ root: true, commands: ['ifreload', 'unshare'] });

describe('one machine with weft server --local-agent, reloading for real', { skip }, () => {
  const lab = new Lab('la');
  let node: LabNode;
  let server: ServerProcess;
  let browser: Browser;

  before(async () => {
    node = lab.addNode(1);
    assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
    server = await startServerProcess(join(lab.dir, 'data'), ['--node', node.name, '--local-agent', '--root', node.root], { netns: node.ns });
    browser = await launchBrowser({ width: 1280, height: 800 }, { netns: node.ns });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    lab.destroy();
  });

  test('a zone and a VNet made in the UI are applied by the server\'s own agent and shown available', async () => {
    const { page } = browser;
    await logIn(page, server.url, server.password());
    await addZoneAndVnet(page, 'z1', 'v1');
    assert.equal(await applyAndWait(page, () => server.output()), 'finished', server.output());
    assert.ok(lab.linkExists(node.ns, 'v1'), `the bridge v1 is up in the node: ${server.output()}`);

    await openPanel(page, 'Overview', 'overview');
    await page.locator(`[data-tree="node/${node.name}/zone/z1"] [data-status="available"]`).waitFor();
    await page.locator(`[data-tree="node/${node.name}/zone/z1"]`).click();
    await page.locator(`[data-tree="node/${node.name}/zone/z1/vnet/v1"] [data-status="available"]`).waitFor();
    for (const [width, height, name] of [
      [1280, 800, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await resize(page, width, height);
      const shot = await screenshot(page, `first-day-local-agent-available-${name}`);
      await assertNoHorizontalScroll(page, `the overview at ${width}×${height} (${shot})`);
    }
  });
});
