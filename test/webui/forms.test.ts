/**
 * Forms people can fill and errors in one go (issue 16, items 5 and 6), at
 * 1280×800 and 390×844: a zone's nodes are picked from the cluster's nodes;
 * a subnet's DHCP ranges are start/end address rows and the table shows
 * them as ranges; a list with pending rows has a legend for its colours;
 * a form with several wrong values shows every reason at its field in plain
 * words (never the schema's "property is missing and it is not optional"),
 * a type's required fields named by the server in the same answer,
 * names the bad peer address, lists them all in a summary and scrolls to
 * the first; a phone reaches a row's actions without scrolling sideways.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { chromiumSkip, screenshot } from '../support/browser.js';
import { loggedInBrowser } from './logged-in.js';
import { assertNoHorizontalScroll, field, fieldError, openPanel, pendingState, pick, pickNodes, submitForm } from './ui.js';

const NODE = 'node1';

describe('web UI forms', { skip: chromiumSkip() }, () => {
  const ui = loggedInBrowser('weft-ui-forms-');

  for (const [width, height, name] of [
    [1280, 800, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    test(`at ${width}×${height}: every wrong value at once, in plain words, with a summary; the first in view`, async () => {
      const { page } = ui.browser;
      await page.setViewportSize({ width, height });
      await openPanel(page, 'Zones', 'zones');
      await page.getByRole('button', { name: 'Add zone' }).click();
      await pick(page, 'type', 'vxlan');
      await field(page, 'zone').fill('toolongzone');
      await field(page, 'peers').fill('10.0.0.1,10.0.0.300');
      await field(page, 'vxlan-port').fill('70000');
      await field(page, 'mtu').fill('big');
      await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
      await fieldError(page, 'zone').waitFor();
      assert.equal(await fieldError(page, 'zone').textContent(), 'At most 8 characters (this has 11).');
      assert.equal(await fieldError(page, 'peers').textContent(), "Not a valid IP address: '10.0.0.300'.");
      assert.equal(await fieldError(page, 'vxlan-port').textContent(), 'Must be between 1 and 65535 (not 70000).');
      assert.equal(await fieldError(page, 'mtu').textContent(), "'big' is not a whole number.");
      const summary = page.getByTestId('form-error');
      assert.match((await summary.textContent()) ?? '', /^4 problems: nothing was saved/);
      assert.equal(await summary.getByRole('listitem').count(), 4);
      assert.match((await summary.getByRole('listitem').first().textContent()) ?? '', /^Zone: At most 8 characters \(this has 11\)\./);
      // the first field in error has the cursor, in view
      await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-field') === 'zone');
      assert.ok(await field(page, 'zone').isVisible());
      await screenshot(page, `form-errors-${name}`);
      await assertNoHorizontalScroll(page, `the refused zone form at ${width}×${height}`);
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

      // the server names a type's required fields in the same answer as a bad value
      await page.getByRole('button', { name: 'Add zone' }).click();
      await pick(page, 'type', 'evpn');
      await field(page, 'zone').fill('e_1');
      await field(page, 'mtu').fill('big');
      await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
      await fieldError(page, 'controller').waitFor();
      assert.equal(await fieldError(page, 'controller').textContent(), "Required for type 'evpn': give a value.");
      assert.equal(await fieldError(page, 'vrf-vxlan').textContent(), "Required for type 'evpn': give a value.");
      assert.equal(await fieldError(page, 'zone').textContent(), "'e_1' is not allowed: use letters and digits only, at least 2, starting with a letter (e.g. zone1).");
      assert.match((await page.getByTestId('form-error').textContent()) ?? '', /^4 problems: nothing was saved/);
      assert.doesNotMatch((await page.getByRole('dialog').textContent()) ?? '', /not optional|regex|type check/);
      await screenshot(page, `form-required-errors-${name}`);
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    });

    test(`at ${width}×${height}: nodes picked from the cluster's, DHCP ranges as rows, a legend, row actions in view`, async () => {
      const { page } = ui.browser;
      await page.setViewportSize({ width, height });
      const zone = `n${name.slice(0, 3)}`;
      await openPanel(page, 'Zones', 'zones');
      await page.getByRole('button', { name: 'Add zone' }).click();
      await pickNodes(page, 'nodes', [NODE]);
      await submitForm(page, { zone });
      assert.equal(await pendingState(page, 'zones', zone), 'new');
      assert.match((await page.locator(`[data-panel="zones"] tr[data-row="${zone}"]`).textContent()) ?? '', new RegExp(`simple${NODE}`));
      await page.getByTestId('value-legend').waitFor();
      // the row's actions are inside the window, without scrolling sideways
      const edit = page.getByRole('button', { name: `edit ${zone}` });
      const box = await edit.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width, `the edit button is at x=${box?.x} in a ${width} px window`);
      await assertNoHorizontalScroll(page, `the zone list at ${width}×${height}`);
      await screenshot(page, `zones-legend-${name}`);

      const vnet = `v${name.slice(0, 3)}`;
      await openPanel(page, 'VNets', 'vnets');
      await page.getByRole('button', { name: 'Add VNet' }).click();
      await field(page, 'zone').fill(zone);
      await submitForm(page, { vnet });
      await page.locator(`[data-panel="vnets"] tr[data-row="${vnet}"]`).click();
      await page.getByRole('button', { name: 'Add subnet' }).click();
      await field(page, 'subnet').fill('10.43.0.0/24');
      await page.getByRole('dialog').getByRole('button', { name: 'Add dhcp-range' }).click();
      await field(page, 'dhcp-range.0.start-address').fill('10.43.0.100');
      await field(page, 'dhcp-range.0.end-address').fill('10.43.0.199');
      await screenshot(page, `subnet-dhcp-form-${name}`);
      await submitForm(page, {});
      const row = page.locator(`[data-panel="subnets"] tr[data-row="${zone}-10.43.0.0-24"]`);
      assert.match((await row.textContent()) ?? '', /10\.43\.0\.100 – 10\.43\.0\.199/);
      // the edit form shows the range as its rows again
      await page.getByRole('button', { name: `edit ${zone}-10.43.0.0-24` }).click();
      assert.equal(await field(page, 'dhcp-range.0.end-address').inputValue(), '10.43.0.199');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    });
  }
});
