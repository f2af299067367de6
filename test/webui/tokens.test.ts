/**
 * The API tokens page (issue 16, item 7), at 1280×800 and 390×844: a token
 * is created with its secret shown once (and the secret works against the
 * API), privilege separation is explained and the token's ACL entries are
 * listed, a bad name is refused at its field, and the token is deleted.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { chromiumSkip, screenshot } from '../support/browser.js';
import { loggedInBrowser } from './logged-in.js';
import { assertNoHorizontalScroll, field, fieldError, openPanel } from './ui.js';

describe('web UI API tokens', { skip: chromiumSkip() }, () => {
  const ui = loggedInBrowser('weft-ui-tokens-');

  for (const [width, height, name] of [
    [1280, 800, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    test(`at ${width}×${height}: create a token (secret shown once, and it works), its ACLs listed, delete it`, async () => {
      const { page } = ui.browser;
      await page.setViewportSize({ width, height });
      await openPanel(page, 'API tokens', 'tokens');
      const dialog = page.getByRole('dialog');
      await page.getByRole('button', { name: 'Add token' }).click();
      assert.match((await dialog.textContent()) ?? '', /privilege separation the token may do only what ACL entries given to the token itself allow/);
      await field(page, 'tokenid').fill('x');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await fieldError(page, 'tokenid').waitFor();
      assert.doesNotMatch((await fieldError(page, 'tokenid').textContent()) ?? '', /regex|not optional/);
      const tokenName = `cli${name}`;
      await field(page, 'tokenid').fill(tokenName);
      await dialog.getByRole('button', { name: 'Create' }).click();
      const secret = (await page.getByTestId('token-secret').textContent()) ?? '';
      assert.equal(await page.getByTestId('token-id').textContent(), `root@pam!${tokenName}`);
      assert.match(secret, /^[0-9a-f-]{36}$/);
      await screenshot(page, `token-created-${name}`);
      await assertNoHorizontalScroll(page, `the new token at ${width}×${height}`);
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached' });

      // the secret is a working credential; separated, with no ACL of its own, it reads an empty list
      // (a fresh request context: no login cookie; the server's certificate is self-signed)
      const request = await ui.browser.context.request.get(`${ui.server.url}/api2/json/cluster/sdn/zones`, { headers: { authorization: `PVEAPIToken=root@pam!${tokenName}=${secret}`, cookie: '' } });
      assert.equal(request.status(), 200, `the token was refused: ${await request.text()}`);
      assert.deepEqual(await request.json(), { data: [] });
      const wrong = await ui.browser.context.request.get(`${ui.server.url}/api2/json/cluster/sdn/zones`, { headers: { authorization: `PVEAPIToken=root@pam!${tokenName}=${secret.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`, cookie: '' } });
      assert.equal(wrong.status(), 401, 'the answer came from the token, not the page\'s login');

      const row = page.locator(`[data-panel="tokens"] tr[data-row="${tokenName}"]`);
      assert.match((await row.textContent()) ?? '', /separated.*none: may do nothing/);
      const remove = page.getByRole('button', { name: `delete ${tokenName}` });
      const box = await remove.boundingBox();
      assert.ok(box && box.x + box.width <= width, `the delete button is at x=${box?.x} in a ${width} px window`);
      await assertNoHorizontalScroll(page, `the token list at ${width}×${height}`);
      await screenshot(page, `tokens-${name}`);
      await remove.click();
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await row.waitFor({ state: 'detached' });
    });
  }
});
