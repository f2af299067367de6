/**
 * The API tokens page (issue 16, item 7), at 1280×800 and 390×844: a token
 * is created with its secret shown once (and the secret works against the
 * API), privilege separation is explained, a bad name is refused at its
 * field; the token is given a role on a path from the page (a bad path
 * refused at its field) and the token reads what it grants, the entry is
 * taken away again and the token reads nothing; the token is deleted.
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
    test(`at ${width}×${height}: create a token (secret shown once, and it works), give it a role on a path and take it away, delete it`, async () => {
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

      // give it PVEAuditor on /sdn from the page: then it sees the built-in IPAM (listed to who may audit /sdn/ipams/pve)
      const ipams = async () => {
        const a = await ui.browser.context.request.get(`${ui.server.url}/api2/json/cluster/sdn/ipams`, { headers: { authorization: `PVEAPIToken=root@pam!${tokenName}=${secret}`, cookie: '' } });
        return ((await a.json()) as { data: { ipam: string }[] }).data.map((i) => i.ipam);
      };
      assert.deepEqual(await ipams(), []);
      await page.getByRole('button', { name: `give ${tokenName} access` }).click();
      // a click on the title closes the path's suggestions (and the role's list), as a person would
      const closeLists = () => dialog.locator('.mantine-Modal-title').click();
      await field(page, 'path').fill('/nowhere');
      await closeLists();
      await dialog.getByRole('button', { name: 'Give access' }).click();
      await fieldError(page, 'path').waitFor();
      assert.match((await fieldError(page, 'path').textContent()) ?? '', /^'\/nowhere' is not an ACL path: give one such as \/, \/sdn/);
      await field(page, 'path').fill('/sdn');
      await closeLists();
      await field(page, 'roles').click();
      await page.getByRole('option', { name: 'PVEAuditor', exact: true }).click();
      await closeLists();
      assert.match((await dialog.textContent()) ?? '', /Grants SDN\.Audit, Sys\.Audit\./);
      await screenshot(page, `token-give-access-${name}`);
      await dialog.getByRole('button', { name: 'Give access' }).click();
      await dialog.waitFor({ state: 'detached' });
      const entry = row.locator('[data-acl="PVEAuditor on /sdn"]');
      await entry.waitFor();
      assert.deepEqual(await ipams(), ['pve']);
      await assertNoHorizontalScroll(page, `a token with an ACL entry at ${width}×${height}`);
      await screenshot(page, `token-acl-${name}`);
      // and take it away again
      await page.getByRole('button', { name: `remove PVEAuditor on /sdn from ${tokenName}` }).click();
      await dialog.getByRole('button', { name: 'Remove' }).click();
      await entry.waitFor({ state: 'detached' });
      assert.deepEqual(await ipams(), []);
      assert.match((await row.textContent()) ?? '', /none: may do nothing/);
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
