/**
 * A newcomer's first day in the web UI (issue 16): an apply with no node
 * agent does not claim success, and the node row says why and what to
 * start; before any report the review page says what waits for the node's
 * facts; a node that never answers is forgotten from the overview; and on
 * one machine `weft server --local-agent --root DIR --no-reload` applies a
 * zone by itself: the task finishes, the files are under DIR, and the node
 * shows "written, not reloaded" (its zones are not available: nothing was
 * reloaded; local-agent-reload.test.ts shows them available when it reloads).
 * Screenshots at 1280×800 and 390×844.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readRootPassword, startServer, type RunningServer } from '../../src/api/start.js';
import { statusWrite } from '../../src/sdn/node-status.js';
import { tempDir } from '../api/harness.js';
import { chromiumSkip, launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { addZoneAndVnet, applyAndWait, assertNoHorizontalScroll, logIn, openPanel, resize, submitForm } from './ui.js';

const NODE = 'node1';
const SIZES = [
  [1280, 800, 'desktop'],
  [390, 844, 'phone'],
] as const;

describe('first day: no agent', { skip: chromiumSkip() }, () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    const data = join(tempDir('weft-first-day-'), 'data');
    server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: NODE, authFailureDelayMs: 0, agentTimeoutMs: 5_000 });
    browser = await launchBrowser({ width: 1280, height: 800 });
    // the login page says where the first password is
    await browser.page.goto(`${server.url}/`);
    assert.match((await browser.page.getByTestId('first-password').textContent()) ?? '', /priv\/root-password/);
    await screenshot(browser.page, 'first-day-login');
    await logIn(browser.page, server.url, readRootPassword(data));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('an apply no node applied fails, and the node row says no agent ever reported and how to start one', async () => {
    const { page } = browser;
    await openPanel(page, 'Zones', 'zones');
    await page.getByRole('button', { name: 'Add zone' }).click();
    // help texts say what to type, not the schema's format tag
    const help = (await page.getByRole('dialog').textContent()) ?? '';
    assert.match(help, /List of cluster node names\./);
    assert.doesNotMatch(help, /\[pve-[a-z-]+\]/);
    await submitForm(page, { zone: 'z1' });
    // before any agent report the review page shows the node's files and says what waits for the node's facts
    await page.getByTestId('header-pending').click();
    const waiting = page.locator(`[data-testid="dry-run"] [data-node="${NODE}"] [data-testid="waiting-for-facts"]`);
    await waiting.waitFor();
    assert.match((await waiting.textContent()) ?? '', /no agent has reported from this node yet.*SNAT rules.*start weft agent on the node, or weft server --local-agent/);
    for (const [width, height, name] of SIZES) {
      await resize(page, width, height);
      const shot = await screenshot(page, `first-day-dry-run-before-report-${name}`);
      await assertNoHorizontalScroll(page, `the review page before a report at ${width}×${height} (${shot})`);
    }
    await resize(page, 1280, 800);
    assert.equal(await applyAndWait(page, () => ''), 'failed');
    // applied: nothing is pending, so Apply and Rollback wait for an edit
    await page.getByTestId('nothing-pending').waitFor();
    assert.equal(await page.getByTestId('apply').isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Rollback' }).isDisabled(), true);
    assert.match((await page.getByTestId('task-error').textContent()) ?? '', /version 1 is committed but no node applied it: no node agent has ever reported/);
    const row = page.locator(`[data-node-progress="${NODE}"] [data-agent-state="${NODE}"]`);
    assert.equal(await row.getAttribute('data-state'), 'no agent');
    assert.match((await row.textContent()) ?? '', new RegExp(`weft agent --node ${NODE} .*--local-agent`));
    for (const [width, height, name] of SIZES) {
      await resize(page, width, height);
      const shot = await screenshot(page, `first-day-no-agent-${name}`);
      await assertNoHorizontalScroll(page, `the failed apply at ${width}×${height} (${shot})`);
    }
    await resize(page, 1280, 800);
  });

  test('a node whose agent went silent: its state and report age are shown, and it can be forgotten', async () => {
    const { page } = browser;
    const old = Math.floor(Date.now() / 1000) - 3 * 86400;
    const report = { node: 'retired', version: 1, state: 'error' as const, applied: null, message: 'network reload failed: ifreload -a exited 1', time: old, zones: {}, vnets: {}, checks: [{ severity: 'warning' as const, path: 'vnets.v1', message: 'bridge port eth9 is missing' }], changed: [], reloaded: [] };
    // the server's own node reported too: it has a live agent, unlike 'retired'
    const own = { ...report, node: NODE, state: 'applied' as const, message: undefined, checks: [], time: Math.floor(Date.now() / 1000) };
    await server.store.transact(() => ({ writes: [statusWrite(report), statusWrite(own)], result: null }));
    await openPanel(page, 'Overview', 'overview');
    const card = page.locator('[data-node-agent="retired"]');
    // the card shows before its report is read: its state is what the test reads
    await card.locator('[data-state]').waitFor();
    const text = (await card.textContent()) ?? '';
    assert.match(text, /error at version 1/);
    assert.match(text, /network reload failed: ifreload -a exited 1/);
    assert.match(text, /Pre-flight warning: vnets\.v1: bridge port eth9 is missing/);
    assert.match(text, /Last report 3 days ago/);
    await screenshot(page, 'first-day-node-states');
    // the server's own node is not offered for forgetting: it answers as long as the page does
    const ownCard = page.locator(`[data-node-agent="${NODE}"]`);
    await ownCard.locator('[data-state]').waitFor();
    assert.equal(await ownCard.getByRole('button', { name: /forget node/ }).count(), 0);
    await card.getByRole('button', { name: 'forget node retired' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Forget' }).click();
    await card.waitFor({ state: 'detached' });
    assert.equal((await server.store.read()).docs.get('nodes/retired/status.json'), undefined);
  });
});

describe('first day: one machine with weft server --local-agent', { skip: chromiumSkip() }, () => {
  let server: ServerProcess;
  let browser: Browser;
  const dir = tempDir('weft-local-agent-');
  const root = join(dir, 'root');

  before(async () => {
    server = await startServerProcess(join(dir, 'data'), ['--node', NODE, '--local-agent', '--root', root, '--no-reload']);
    browser = await launchBrowser({ width: 1280, height: 800 });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a zone and a VNet applied by the server\'s own agent: available, written under --root, not reloaded', async () => {
    const { page } = browser;
    await logIn(page, server.url, server.password());
    await addZoneAndVnet(page, 'z1', 'v1');
    assert.equal(await applyAndWait(page, () => server.output()), 'finished', server.output());
    assert.match(readFileSync(join(root, 'etc/network/interfaces.d/sdn'), 'utf8'), /^auto v1$/m);

    // not reloaded: the node's row says so rather than "applying" or "available"
    await page.locator(`[data-node-progress="${NODE}"][data-state="written, not reloaded"]`).waitFor();
    await openPanel(page, 'Overview', 'overview');
    const state = page.locator(`[data-node-agent="${NODE}"] [data-agent-state="${NODE}"]`);
    await state.and(page.locator('[data-state="written, not reloaded"]')).waitFor();
    assert.match((await state.textContent()) ?? '', /files of version 1 are written, but the agent runs with --no-reload/);
    await page.locator(`[data-tree="node/${NODE}/zone/z1"]`).click();
    await page.locator(`[data-tree="node/${NODE}/zone/z1/vnet/v1"] [data-status="pending"]`).hover();
    await page.getByRole('tooltip', { name: 'files written, not reloaded (--no-reload)' }).waitFor();
    await page.mouse.move(0, 0);
    await page.getByRole('tooltip').waitFor({ state: 'detached' });
    for (const [width, height, name] of SIZES) {
      await resize(page, width, height);
      const shot = await screenshot(page, `first-day-local-agent-${name}`);
      await assertNoHorizontalScroll(page, `the overview at ${width}×${height} (${shot})`);
    }
  });
});
