/**
 * The web UI in Debian's Chromium against a real `weft server` (HTTPS on
 * 127.0.0.1, a temp data dir): log in, create a zone, a VNet and a subnet
 * through the generated forms (a wrong value shows the server's reason at
 * its field), see them pending, review the dry run, apply and follow the
 * task per node until the node's agent reports the zone and the VNet
 * `available`. The node is a lab namespace running `weft agent` with
 * ifupdown2 reloading for real (root only; without root the UI runs with
 * no agent and that last step is skipped). Every panel is screenshot at
 * 1280×800 and 390×844 and must not scroll sideways.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { readRootPassword, startServer, type RunningServer } from '../../src/api/start.js';
import { agentNodes } from '../../src/sdn/node-status.js';
import { Agents } from '../support/agents.js';
import { chromiumSkip, launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { Lab } from '../support/lab.js';
import { needs } from '../support/system.js';
import { applyAndWait, assertNoHorizontalScroll, field, fieldError, logIn, openPanel, pendingState, pick, pickNodes, submitForm } from './ui.js';
import { nodeName } from '../support/node-name.js';

const NODE = 'node1';
const agentSkip = needs({ root: true, commands: ['ifreload', 'unshare'] });
/** How an apply ends here: with no agent (not root) no node applies it, and the task says so. */
const APPLY_END = agentSkip ? 'failed' : 'finished';

const PANELS = [
  ['Overview', 'overview'],
  ['Zones', 'zones'],
  ['VNets', 'vnets'],
  ['Controllers', 'controllers'],
  ['Fabrics', 'fabrics'],
  ['IPAM', 'ipams'],
  ['DNS', 'dns'],
  ['Prefix lists', 'prefix-lists'],
  ['Route maps', 'route-maps'],
  ['Review and apply', 'apply'],
  ['Topology', 'topology'],
] as const;

describe('web UI', { skip: chromiumSkip() }, () => {
  let server: RunningServer;
  let browser: Browser;
  let password: string;
  const lab = new Lab('ui');
  const agents = new Agents();

  before(async () => {
    const data = join(lab.dir, 'data');
    server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: NODE, authFailureDelayMs: 0, agentTimeoutMs: 60_000 });
    password = readRootPassword(data);
    if (!agentSkip) {
      const node = lab.addNode(1);
      assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
      agents.start(node.name, ['--data-dir', data, '--root', node.root], node.ns);
      // an apply follows the agents that have reported: wait for this one's facts
      const until = Date.now() + 20_000;
      while (!agentNodes((await server.store.read()).docs).includes(nodeName(NODE))) {
        if (Date.now() > until) assert.fail(`the agent of ${NODE} did not report within 20 s: ${agents.logs()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    browser = await launchBrowser({ width: 1280, height: 800 });
  });
  after(async () => {
    await browser?.close();
    await agents.stopAll();
    await server?.close();
    lab.destroy();
  });

  test('log in; zone, VNet and subnet through the forms; the server\'s reason at the field; pending marks', async () => {
    const { page } = browser;
    await logIn(page, server.url, password);
    // the ticket cookie is HttpOnly: no script on the page reads it
    assert.doesNotMatch(String(await page.evaluate('document.cookie')), /AuthCookie/);

    await openPanel(page, 'Zones', 'zones');
    await page.getByRole('button', { name: 'Add zone' }).click();
    await submitForm(page, { zone: 'web1' });
    assert.equal(await pendingState(page, 'zones', 'web1'), 'new');

    await openPanel(page, 'VNets', 'vnets');
    await page.getByRole('button', { name: 'Add VNet' }).click();
    await field(page, 'vnet').fill('vweb');
    await field(page, 'zone').fill('web1');
    await field(page, 'tag').fill('99999999');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await fieldError(page, 'tag').waitFor();
    assert.equal(await fieldError(page, 'tag').textContent(), 'Must be between 1 and 16777215 (not 99999999).');
    await screenshot(page, 'vnet-form-error');
    await submitForm(page, { tag: '100' });
    assert.equal(await pendingState(page, 'vnets', 'vweb'), 'new');

    await page.locator('[data-panel="vnets"] tr[data-row="vweb"]').click();
    await page.getByRole('button', { name: 'Add subnet' }).click();
    await field(page, 'subnet').fill('10.42.0.0/24');
    await field(page, 'gateway').fill('10.42.0.1');
    await field(page, 'snat').check();
    await submitForm(page, {});
    assert.equal(await pendingState(page, 'subnets', 'web1-10.42.0.0-24'), 'new');
    // a boolean reads as a value
    assert.match((await page.locator('[data-panel="subnets"] tr[data-row="web1-10.42.0.0-24"]').textContent()) ?? '', /10\.42\.0\.1yes/);
    assert.equal(await page.getByTestId('header-pending').textContent(), 'Pending3');
  });

  test('review the dry run, apply, follow the task per node', async () => {
    const { page } = browser;
    await openPanel(page, 'Review and apply', 'apply');
    const diff = page.locator(`[data-testid="dry-run"] [data-node="${NODE}"]`);
    await diff.getByText('/etc/network/interfaces.d/sdn', { exact: true }).waitFor();
    assert.match((await diff.textContent()) ?? '', /\+auto vweb/);
    await screenshot(page, 'apply-dry-run');

    await page.getByTestId('apply').click();
    await page.locator(`[data-node-progress="${NODE}"]`).waitFor();
    await page.locator('[data-testid="apply-progress"][data-task-state="stopped"]').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('task-status').textContent(), APPLY_END, `${await page.getByTestId('task-log').textContent()}\n${agents.logs()}`);
    assert.match((await page.getByTestId('task-log').textContent()) ?? '', agentSkip ? /TASK ERROR: version 1 is committed but no node applied it/ : /TASK OK/);
    await page.getByTestId('pending-total').filter({ hasText: '0' }).waitFor();
    assert.equal(await page.getByTestId('running-version').textContent(), '1');
    await screenshot(page, 'apply-progress');

    await openPanel(page, 'VNets', 'vnets');
    // applied: the pending mark goes once the list is read again
    await page.locator('[data-panel="vnets"] tr[data-row="vweb"] [data-pending]').waitFor({ state: 'detached' });
  });

  test('the node\'s agent applies it: the zone and the VNet turn available', { skip: agentSkip }, async () => {
    const { page } = browser;
    await openPanel(page, 'Overview', 'overview');
    await page.locator(`[data-node-progress="${NODE}"][data-state="applied"]`).waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId('task-log').textContent()) ?? '', new RegExp(`${NODE}: applied version 1: .*reloaded network`));
    await page.locator(`[data-tree="node/${NODE}/zone/web1"] [data-status="available"]`).waitFor({ timeout: 30_000 });
    // zones start collapsed: open this one for its VNets
    await page.locator(`[data-tree="node/${NODE}/zone/web1"]`).click();
    await page.locator(`[data-tree="node/${NODE}/zone/web1/vnet/vweb"] [data-status="available"]`).waitFor({ timeout: 30_000 });
    await screenshot(page, 'overview-available');
  });

  test('edits: the zone gets an IPAM, the IPAM panel allocates an IP mapping, a prefix list gets entries, a route map entry matches on it', async () => {
    const { page } = browser;
    await openPanel(page, 'Zones', 'zones');
    await page.getByRole('button', { name: 'edit web1' }).click();
    // the built-in IPAM is offered with no ipams.cfg, as Proxmox VE offers it
    await pick(page, 'ipam', 'pve');
    await submitForm(page, {}, 'Save');
    assert.equal(await pendingState(page, 'zones', 'web1'), 'changed');

    assert.equal(await applyAndWait(page, () => agents.logs()), APPLY_END, agents.logs());
    await openPanel(page, 'IPAM', 'ipams');
    await page.locator('[data-panel="ipams"] tr[data-row="pve"]').click();
    await page.getByRole('button', { name: 'Add IP mapping' }).click();
    await submitForm(page, { vnet: 'vweb', mac: '52:54:00:aa:bb:01', hostname: 'guest1' }, 'Add');
    const mapping = page.locator('[data-testid="ipam-entries"] tr[data-row="10.42.0.2"]');
    await mapping.waitFor();
    assert.match((await mapping.textContent()) ?? '', /vweb.*52:54:00:aa:bb:01.*guest1/);
    await screenshot(page, 'ipam-mappings');

    // left pending: applying it would need FRR on the node
    await openPanel(page, 'Prefix lists', 'prefix-lists');
    await page.getByRole('button', { name: 'Add prefix list' }).click();
    await field(page, 'id').fill('internal');
    await page.getByRole('dialog').getByRole('button', { name: 'Add entry' }).click();
    await pick(page, 'entries.0.action', 'permit');
    await submitForm(page, { 'entries.0.prefix': '10.0.0.0/8', 'entries.0.ge': '16', 'entries.0.le': '24', 'entries.0.seq': '10' });
    assert.equal(await pendingState(page, 'prefix-lists', 'internal'), 'new');
    assert.equal(await page.locator('[data-panel="prefix-lists"] tr[data-row="internal"] td').nth(2).textContent(), 'action: permit, prefix: 10.0.0.0/8, le: 24, ge: 16, seq: 10');

    // a route map entry matching on it: named by its map and order, as Proxmox VE's API names it
    await openPanel(page, 'Route maps', 'route-maps');
    await page.getByRole('button', { name: 'Add route map entry' }).click();
    await field(page, 'route-map-id').fill('bgp-out');
    await field(page, 'order').fill('10');
    await pick(page, 'action', 'permit');
    await page.getByRole('dialog').getByRole('button', { name: 'Add match' }).click();
    await pick(page, 'match.0.key', 'ip-address-prefix-list');
    await submitForm(page, { 'match.0.value': 'internal' });
    assert.equal(await pendingState(page, 'route-maps', 'bgp-out/10'), 'new');
    await page.getByRole('button', { name: 'edit bgp-out/10' }).click();
    await pick(page, 'action', 'deny');
    await submitForm(page, {}, 'Save');
    assert.match((await page.locator('[data-panel="route-maps"] tr[data-row="bgp-out/10"]').textContent()) ?? '', /deny.*ip-address-prefix-list/);
  });

  test('the topology shows a VXLAN zone\'s peers, and an EVPN zone\'s controller and exit node, made through the forms', async () => {
    const { page } = browser;
    await openPanel(page, 'Controllers', 'controllers');
    await page.getByRole('button', { name: 'Add controller' }).click();
    await pick(page, 'type', 'evpn');
    await submitForm(page, { controller: 'ctl', asn: '65000', peers: '198.51.100.11,198.51.100.12' });

    await openPanel(page, 'Zones', 'zones');
    await page.getByRole('button', { name: 'Add zone' }).click();
    await pick(page, 'type', 'vxlan');
    await submitForm(page, { zone: 'vxz', peers: '198.51.100.11,198.51.100.13' });
    await page.getByRole('button', { name: 'Add zone' }).click();
    await pick(page, 'type', 'evpn');
    await pickNodes(page, 'exitnodes', [NODE]);
    await submitForm(page, { zone: 'evz', controller: 'ctl', 'vrf-vxlan': '10000', 'exitnodes-primary': NODE });
    assert.equal(await pendingState(page, 'zones', 'evz'), 'new');

    await openPanel(page, 'Topology', 'topology');
    const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
    for (const id of ['zone/vxz', 'peer/198.51.100.13', 'zone/evz', 'controller/ctl', 'peer/198.51.100.12', `host/${NODE}`, 'vnet/vweb', 'subnet/web1-10.42.0.0-24']) await node(id).waitFor();
    await page.locator('.react-flow__edge-text', { hasText: 'primary exit' }).waitFor();
    await screenshot(page, 'topology-zones-peers-exit');
  });

  test('a fabric and one of its nodes through the forms; editing the node keeps its protocol', async () => {
    const { page } = browser;
    await openPanel(page, 'Fabrics', 'fabrics');
    await page.getByRole('button', { name: 'Add fabric' }).click();
    await pick(page, 'protocol', 'openfabric');
    await submitForm(page, { id: 'fab1', ip_prefix: '10.250.0.0/24' });
    assert.equal(await pendingState(page, 'fabrics', 'fab1'), 'new');

    await page.locator('[data-panel="fabrics"] tr[data-row="fab1"]').click();
    await page.getByRole('button', { name: 'Add fabric node' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Add interface' }).click();
    await submitForm(page, { node_id: NODE, ip: '10.250.0.1', 'interfaces.0.name': 'eth0' });
    assert.equal(await pendingState(page, 'fabric-nodes', NODE), 'new');
    // a property string is shown as its values, not as the text the file holds
    const nodeRow = (await page.locator(`[data-panel="fabric-nodes"] tr[data-row="${NODE}"]`).textContent()) ?? '';
    assert.match(nodeRow, /name: eth0/);
    assert.doesNotMatch(nodeRow, /name=eth0/);

    await page.getByRole('button', { name: `edit ${NODE}` }).click();
    await field(page, 'ip').fill('10.250.0.5');
    await submitForm(page, {}, 'Save');
    await page.locator(`[data-panel="fabric-nodes"] tr[data-row="${NODE}"]`, { hasText: '10.250.0.5' }).waitFor();
    await screenshot(page, 'fabric-nodes');
  });

  for (const [width, height, name] of [
    [1280, 800, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    test(`every panel at ${width}×${height} (${name}): screenshot, no sideways scrolling`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height });
      for (const [label, panel] of PANELS) {
        await openPanel(page, label, panel);
        await page.waitForLoadState('networkidle');
        await assertNoHorizontalScroll(page, `${label} at ${width}×${height}`);
        await screenshot(page, `${name}-${panel}`);
      }
      // a form with property strings, too
      await openPanel(page, 'Prefix lists', 'prefix-lists');
      await page.getByRole('button', { name: 'edit internal' }).click();
      await field(page, 'entries.0.prefix').waitFor();
      await assertNoHorizontalScroll(page, `the prefix list form at ${width}×${height}`);
      await screenshot(page, `${name}-prefix-list-form`);
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      // the one refused request is the wrong VNet tag
      assert.deepEqual(browser.errors.filter((e) => !e.includes('the server responded with a status of 400')), [], 'the page logged no errors');
    });
  }
  test('a long list is shown a page at a time, with a filter on the name', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    // 60 VNets through the API, with this session's token (a string: no DOM types here)
    await page.evaluate(`(async () => {
      const { csrf } = JSON.parse(sessionStorage.getItem('weft-session'));
      for (let i = 0; i < 60; i++) {
        const res = await fetch('/api2/json/cluster/sdn/vnets', { method: 'POST', headers: { 'content-type': 'application/json', CSRFPreventionToken: csrf }, body: JSON.stringify({ vnet: 'bulk' + i, zone: 'web1' }) });
        if (!res.ok) throw new Error(await res.text());
      }
    })()`);
    await openPanel(page, 'VNets', 'vnets');
    const rows = page.locator('[data-panel="vnets"] tbody tr');
    // 60 writes through the API first: give a busy machine longer than Playwright's 30 s default
    await page.getByText('61 of 61').waitFor({ timeout: 90_000 });
    assert.equal(await rows.count(), 50);
    await page.getByRole('textbox', { name: 'filter by name' }).fill('bulk5');
    await page.getByText('11 of 61').waitFor({ timeout: 90_000 });
    assert.equal(await rows.count(), 11);
    await screenshot(page, 'vnets-filtered');
  });
});
