/**
 * Debian's Chromium driven by playwright-core (no downloaded browser): a
 * fresh profile per launch, self-signed certificates accepted (the test
 * server's), screenshots under test-output/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './paths.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'webui');

/** false when Chromium is there, else why the test skips. */
export function chromiumSkip(): string | false {
  return existsSync(CHROMIUM) ? false : `needs Debian's Chromium at ${CHROMIUM} (apt install chromium; .ci/run does)`;
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** messages the page logged as errors and uncaught exceptions */
  readonly errors: string[];
  close(): Promise<void>;
}

const SETTLE_LIMIT_MS = 15_000;

/**
 * Chromium aborts a page load with ERR_NETWORK_CHANGED when an address of
 * its namespace changes, which a lab's fresh links do for a second or two
 * after they come up (IPv6 duplicate address detection turning their
 * link-local addresses from tentative to valid). So: no detection for the
 * links made later (the bridges an apply creates), and wait out the one
 * running on the links there now.
 */
async function settleAddresses(netns: string): Promise<void> {
  execFileSync('ip', ['netns', 'exec', netns, 'sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
  const tentative = () => execFileSync('ip', ['-n', netns, '-6', 'addr', 'show', 'tentative'], { encoding: 'utf8' }).trim();
  for (const deadline = Date.now() + SETTLE_LIMIT_MS; tentative() !== ''; await sleep(100)) {
    if (Date.now() > deadline) throw new Error(`addresses in ${netns} still tentative after ${SETTLE_LIMIT_MS} ms: ${tentative()}`);
  }
}

/**
 * `netns`: Chromium runs inside that lab namespace (playwright talks to it
 * over pipes, which cross namespaces), to reach a server listening there,
 * once the namespace's addresses have settled.
 */
export async function launchBrowser(viewport: { width: number; height: number }, opts: { netns?: string } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'weft-chromium-'));
  let executablePath = CHROMIUM;
  if (opts.netns) {
    await settleAddresses(opts.netns);
    executablePath = join(profile, 'chromium-in-netns');
    writeFileSync(executablePath, `#!/bin/sh\nexec ip netns exec ${opts.netns} ${CHROMIUM} "$@"\n`, { mode: 0o755 });
  }
  const context = await chromium.launchPersistentContext(join(profile, 'profile'), {
    executablePath,
    headless: true,
    ignoreHTTPSErrors: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Writes `name.png` under test-output/webui and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

