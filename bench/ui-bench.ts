/**
 * Web UI benchmark at 2000 VNets (20 simple zones of 100, one VXLAN zone
 * with peers, one EVPN zone with a controller), in Debian's Chromium at
 * 1280×800 against an in-process server: the topology's first draw, a
 * zoom in and a fit (pending, then applied), a zone's 100 VNets shown (their
 * subnets are read only for blocks of at most 24), and
 * the overview tree's first draw, a filter and a zone opened. Each is the
 * wall time from the click to the frame after the page shows the result;
 * the budget is 1 s each (0.5 s for the tree). Prints one line per step and
 * exits 1 when a step is over budget.
 *   node dist/bench/ui-bench.js [--vnets 2000]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readRootPassword, startServer } from '../src/api/start.js';
import { loadState } from '../src/sdn/state.js';
import { applyWrites } from '../src/sdn/workflow.js';
import { seedBigConfig, VNETS_PER_ZONE as PER_ZONE } from '../test/support/big-config.js';
import { CHROMIUM, launchBrowser } from '../test/support/browser.js';
import { logIn, openPanel } from '../test/webui/ui.js';

const NODE = 'bench';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Runs `act`, waits for `done` and two animation frames (the result painted); milliseconds. */
async function timed(page: Page, act: () => Promise<void>, done: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await act();
  await done();
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  return performance.now() - t0;
}

const viewport = (page: Page) => page.locator('.react-flow__viewport').getAttribute('style');

/** Until the topology's viewport leaves `before` (a function, not a string: the page's CSP forbids eval, and a string predicate fails whenever it is not true at once). */
const viewportMoved = (page: Page, before: string | null) =>
  page.waitForFunction((was) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
    return doc.querySelector('.react-flow__viewport')?.getAttribute('style') !== was;
  }, before);

async function zoomAndFit(page: Page, report: (step: string, ms: number) => void, what: string): Promise<void> {
  let before = await viewport(page);
  report(`topology zoom in (${what})`, await timed(page, () => page.locator('.react-flow__controls-zoomin').click(), () => viewportMoved(page, before)));
  before = await viewport(page);
  report(`topology fit view (${what})`, await timed(page, () => page.locator('.react-flow__controls-fitview').click(), () => viewportMoved(page, before)));
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`ui bench: skipped, needs Debian's Chromium at ${CHROMIUM}\n`);
    return 0;
  }
  const count = Number(arg('vnets', '2000'));
  const dir = mkdtempSync(join(tmpdir(), 'weft-ui-bench-'));
  const data = join(dir, 'data');
  await seedBigConfig(data, count, NODE);
  const server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: NODE, authFailureDelayMs: 0 });
  const browser = await launchBrowser({ width: 1280, height: 800 });
  const over: string[] = [];
  const report = (step: string, ms: number, budget = 1000) => {
    process.stdout.write(`ui ${count} VNets  ${step.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms${ms > budget ? `  OVER ${budget} ms` : ''}\n`);
    if (ms > budget) over.push(step);
  };
  try {
    const { page } = browser;
    await logIn(page, server.url, readRootPassword(data));
    const group = page.locator('.react-flow__node[data-id="group/z0"]');
    report('topology first draw (pending)', await timed(page, () => openPanel(page, 'Topology', 'topology'), () => group.waitFor()));
    await zoomAndFit(page, report, 'pending');

    await server.store.transact((snap) => ({ writes: applyWrites(loadState(snap), undefined, true).writes, result: null }));
    await openPanel(page, 'Overview', 'overview');
    await page.reload();
    await page.locator('[data-panel="overview"]').waitFor();
    report('topology first draw (applied)', await timed(page, () => openPanel(page, 'Topology', 'topology'), () => group.waitFor()));
    await zoomAndFit(page, report, 'applied');
    report(`topology: show a zone's ${PER_ZONE} VNets`, await timed(page, () => group.click(), () => page.locator(`.react-flow__node[data-id="vnet/v${PER_ZONE - 1}"]`).waitFor()));

    const zoneRow = page.locator(`[data-tree="node/${NODE}/zone/z0"]`);
    report('overview tree first draw', await timed(page, () => openPanel(page, 'Overview', 'overview'), () => zoneRow.waitFor()), 500);
    report(`overview tree: open a zone of ${PER_ZONE} VNets`, await timed(page, () => zoneRow.click(), () => page.locator(`[data-tree="node/${NODE}/zone/z0/vnet/v0"]`).waitFor()), 500);
    const last = `v${count - 1}`;
    report('overview tree: filter on one VNet', await timed(page, () => page.getByRole('textbox', { name: 'filter the status tree' }).fill(last), () => page.locator(`[data-tree$="/vnet/${last}"]`).waitFor()), 500);
    if (browser.errors.length) process.stdout.write(`ui bench: the page logged errors: ${browser.errors.join(' | ')}\n`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (over.length) process.stdout.write(`ui bench: over budget: ${over.join(', ')}\n`);
  return over.length ? 1 : 0;
}

process.exitCode = await main();
