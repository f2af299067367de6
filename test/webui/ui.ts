/** What a person does in the web UI, as steps the browser tests share. */
import { strict as assert } from 'node:assert';
import type { Locator, Page } from 'playwright-core';

export async function logIn(page: Page, url: string, password: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByRole('textbox', { name: 'User name' }).fill('root');
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  // the first login with the one-time password asks for a password of one's own: keep it (other steps read the file)
  const change = page.getByTestId('change-password');
  await Promise.race([page.locator('[data-panel="overview"]').waitFor(), change.waitFor()]);
  if (await change.isVisible()) await changePassword(page, password, password);
  await page.locator('[data-panel="overview"]').waitFor();
}

/** Fills the first login's password change. */
export async function changePassword(page: Page, current: string, next: string, again = next): Promise<void> {
  const form = page.getByTestId('change-password');
  await form.locator('input[data-field="current"]').fill(current);
  await form.locator('input[data-field="password"]').fill(next);
  await form.locator('input[data-field="repeat"]').fill(again);
  await page.getByRole('button', { name: 'Set password' }).click();
}

/** Opens a panel through the navigation (the drawer on a phone). */
export async function openPanel(page: Page, label: string, panel: string): Promise<void> {
  const burger = page.getByRole('button', { name: 'navigation' });
  if (await burger.isVisible()) await burger.click();
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.locator(`[data-panel="${panel}"]`).first().waitFor();
  await navigationSettled(page);
}

/** On a phone the navigation is a drawer that slides away: wait until it is out of the window (a function, not a string: the page's CSP forbids eval). */
async function navigationSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const w = globalThis as unknown as { innerWidth: number; document: { querySelector(s: string): { getBoundingClientRect(): { right: number } } | null } };
    return (w.document.querySelector('.mantine-AppShell-navbar')?.getBoundingClientRect().right ?? 0) <= 0 || w.innerWidth >= 768;
  });
}

/** Resizes the window and waits for the layout to follow (the navigation leaves a phone-sized window). */
export async function resize(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await navigationSettled(page);
}

/** The input a generated form made for a property. */
export const field = (page: Page, name: string): Locator => page.getByRole('dialog').locator(`input[data-field="${name}"]`);

/** The message shown under a field (the server's reason). */
export const fieldError = (page: Page, name: string): Locator =>
  page.getByRole('dialog').locator('.mantine-InputWrapper-root', { has: page.locator(`input[data-field="${name}"]`) }).locator('.mantine-InputWrapper-error');

/** Picks an option of a select field of the open form. */
export async function pick(page: Page, name: string, option: string): Promise<void> {
  await field(page, name).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Picks nodes in a node list field of the open form (a multi-select of the cluster's nodes). */
export async function pickNodes(page: Page, name: string, nodes: readonly string[]): Promise<void> {
  await field(page, name).click();
  for (const node of nodes) await page.getByRole('option', { name: node, exact: true }).click();
  await page.keyboard.press('Escape');
}

/** Applies from the review page and waits for the task to finish; `context` adds to a failure's message (the agents' logs). */
export async function applyAndWait(page: Page, context: () => string): Promise<string> {
  await page.getByTestId('header-pending').click();
  await page.locator('[data-panel="apply"]').waitFor();
  const progress = page.getByTestId('apply-progress');
  const before = (await progress.count()) ? await progress.getAttribute('data-upid') : null;
  await page.getByTestId('apply').click();
  // the new task's card: another UPID, stopped
  const done = page.locator(`[data-testid="apply-progress"][data-task-state="stopped"]${before ? `:not([data-upid="${before}"])` : ''}`);
  await done.waitFor({ timeout: 60_000 }).catch(async (e: Error) => {
    const shown = await page.locator('.mantine-Alert-root, [data-testid="task-log"]').allTextContents();
    assert.fail(`the apply did not finish (${e.message.split('\n')[0]}); the page shows: ${shown.join(' | ')}\n${context()}`);
  });
  return (await page.getByTestId('task-status').textContent()) ?? '';
}

/** Fills text fields and submits the open form; returns once the dialog closed. */
export async function submitForm(page: Page, values: Readonly<Record<string, string>>, button = 'Create'): Promise<void> {
  for (const [name, value] of Object.entries(values)) await field(page, name).fill(value);
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: button }).click();
  // closed, or refused: then say why
  const refused = dialog.locator('[data-testid="form-error"], .mantine-InputWrapper-error');
  await Promise.race([dialog.waitFor({ state: 'detached' }), refused.first().waitFor()]);
  if (await dialog.count()) assert.fail(`the form was refused: ${(await refused.allTextContents()).join(' | ')}`);
}

/** The pending badge of a listed row. */
export async function pendingState(page: Page, panel: string, id: string): Promise<string | null> {
  return page.locator(`[data-panel="${panel}"] tr[data-row="${id}"] [data-pending]`).getAttribute('data-pending');
}

export async function assertNoHorizontalScroll(page: Page, what: string): Promise<void> {
  // a string: this file is compiled without the DOM's types
  const overflow = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })')) as { scroll: number; inner: number };
  assert.ok(overflow.scroll <= overflow.inner, `${what}: the page scrolls sideways (${overflow.scroll} px wide in a ${overflow.inner} px window)`);
}

/** The README's quick start steps 1 and 2: a simple zone and a VNet in it, through the forms. */
export async function addZoneAndVnet(page: Page, zone: string, vnet: string): Promise<void> {
  await openPanel(page, 'Zones', 'zones');
  await page.getByRole('button', { name: 'Add zone' }).click();
  await submitForm(page, { zone });
  await openPanel(page, 'VNets', 'vnets');
  await page.getByRole('button', { name: 'Add VNet' }).click();
  await field(page, 'vnet').fill(vnet);
  await submitForm(page, { zone });
}
