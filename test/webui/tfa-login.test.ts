/**
 * Logging in to the web UI with a second factor: after the password the
 * form asks for the TOTP code or a recovery key; a wrong code says the login
 * failed and lets the person try again; the right one opens the overview.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readRootPassword, startServer, type RunningServer } from '../../src/api/start.js';
import { currentStep, parseTotpUri, totpCode } from '../../src/auth/totp.js';
import { tempDir } from '../api/harness.js';
import { chromiumSkip, launchBrowser, screenshot, type Browser } from '../support/browser.js';

const URI = 'otpauth://totp/Weft:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const TOTP = parseTotpUri(URI);
const code = () => totpCode(TOTP, currentStep(TOTP, Date.now() / 1000));

describe('web UI login with a second factor', { skip: chromiumSkip() }, () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    const data = join(tempDir('weft-ui-tfa-'), 'data');
    server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0 });
    const api = async (method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const res = await server.app.inject({ method, url: `/api2/json${url}`, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return (JSON.parse(res.body) as { data: { ticket: string; CSRFPreventionToken: string } }).data;
    };
    const root = await api('POST', '/access/ticket', { username: 'root@pam', password: readRootPassword(data) });
    const rootHeaders = { cookie: `PVEAuthCookie=${encodeURIComponent(root.ticket)}`, csrfpreventiontoken: root.CSRFPreventionToken };
    await api('POST', '/access/users', { userid: 'alice@pve', password: 'alice-password' }, rootHeaders);
    await api('PUT', '/access/acl', { path: '/', roles: 'PVEAuditor', users: 'alice@pve' }, rootHeaders);
    await api('POST', '/access/tfa/alice@pve', { type: 'totp', totp: URI, value: code(), description: 'phone' }, rootHeaders);
    browser = await launchBrowser({ width: 1280, height: 800 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('password, then the TOTP code', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    // a user name with its realm: the realm field is not used
    await page.getByRole('textbox', { name: 'User name' }).fill('alice@pve');
    await page.getByRole('textbox', { name: 'Password' }).fill('alice-password');
    await page.getByRole('button', { name: 'Log in' }).click();

    const answer = page.getByRole('textbox', { name: 'TOTP code or recovery key' });
    await answer.fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Login failed: check the code or the key/);
    await screenshot(page, 'login-second-factor');

    await answer.fill(code());
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-panel="overview"]').waitFor();
  });
});
