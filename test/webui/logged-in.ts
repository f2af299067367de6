/** A fresh server (empty data dir, node `node1`) and Chromium logged in as root, set up before a suite's tests and closed after them. */
import { join } from 'node:path';
import { after, before } from 'node:test';
import { readRootPassword, startServer, type RunningServer } from '../../src/api/start.js';
import { tempDir } from '../api/harness.js';
import { launchBrowser, type Browser } from '../support/browser.js';
import { logIn } from './ui.js';

export interface LoggedIn {
  readonly server: RunningServer;
  readonly browser: Browser;
}

/** Call inside `describe`: the returned object is filled in by its `before`. */
export function loggedInBrowser(prefix: string): LoggedIn {
  const fixture = {} as { server: RunningServer; browser: Browser };
  before(async () => {
    const data = join(tempDir(prefix), 'data');
    fixture.server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0 });
    fixture.browser = await launchBrowser({ width: 1280, height: 800 });
    await logIn(fixture.browser.page, fixture.server.url, readRootPassword(data));
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
  });
  return fixture;
}
