/**
 * The one-time password must be changed at first login (issue 16, item 8):
 * the login answer says so (NeedPasswordChange), the web UI asks for a new
 * password before anything else (two different new ones are refused), and
 * once set the flag is gone — the next login goes straight in with the new
 * password, the one-time one no longer works. At 390×844 (the form fits a
 * phone; the desktop passes through it in every other browser test).
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readRootPassword, startServer, type RunningServer } from '../../src/api/start.js';
import { makeHarness, tempDir } from '../api/harness.js';
import { chromiumSkip, launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { assertNoHorizontalScroll, changePassword } from './ui.js';

describe('first login: the one-time password is changed', { skip: chromiumSkip() }, () => {
  let server: RunningServer;
  let browser: Browser;
  let data: string;

  before(async () => {
    data = join(tempDir('weft-first-password-'), 'data');
    server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0 });
    browser = await launchBrowser({ width: 390, height: 844 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('asked for a new password before anything else; then the new one logs in straight away', async () => {
    const { page } = browser;
    const oneTime = readRootPassword(data);
    const h = await makeHarness(server.store, data);
    try {
      const first = await h.call('POST', '/access/ticket', { username: 'root@pam', password: oneTime });
      assert.equal((first.body.data as { NeedPasswordChange?: number }).NeedPasswordChange, 1);
    } finally {
      await h.app.close();
    }
    const logInWith = async (password: string) => {
      await page.goto(`${server.url}/`);
      await page.getByRole('textbox', { name: 'User name' }).fill('root');
      await page.getByRole('textbox', { name: 'Password' }).fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
    };
    await logInWith(oneTime);
    await page.getByTestId('change-password').waitFor();
    assert.equal(await page.locator('[data-panel="overview"]').count(), 0, 'nothing else is shown first');
    await changePassword(page, oneTime, 'my-own-password-1', 'my-own-password-2');
    await page.getByText('The two new passwords differ.').waitFor();
    await assertNoHorizontalScroll(page, 'the password change on a phone');
    await screenshot(page, 'first-password-phone');
    await changePassword(page, oneTime, 'my-own-password-1');
    await page.locator('[data-panel="overview"]').waitFor();

    await page.getByRole('button', { name: 'log out' }).click();
    await logInWith(oneTime);
    await page.getByRole('alert').filter({ hasText: 'Login failed' }).waitFor();
    // a wrong password on a fresh visit shows that error alone (no failed reads of a page not yet open)
    assert.deepEqual(await page.getByRole('alert').allTextContents(), [await page.getByRole('alert').filter({ hasText: 'Login failed' }).textContent()]);
    await logInWith('my-own-password-1');
    await page.locator('[data-panel="overview"]').waitFor();
    assert.equal(await page.getByTestId('change-password').count(), 0);
  });
});
