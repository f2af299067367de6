/** What a person does in the web UI, as steps the browser tests share. */
import { strict as assert } from 'node:assert';
import type { Locator, Page } from 'playwright-core';

export async function logIn(page: Page, url: string, password: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByRole('textbox', { name: 'User name' }).fill('root');
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('[data-panel="overview"]').waitFor();
}

/** Opens a panel through the navigation (the drawer on a phone). */
export async function openPanel(page: Page, label: string, panel: string): Promise<void> {
  const burger = page.getByRole('button', { name: 'navigation' });
  if (await burger.isVisible()) await burger.click();
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.locator(`[data-panel="${panel}"]`).first().waitFor();
  // the drawer slides away: wait until it is out of the window (a string: no DOM types here)
  await page.waitForFunction("(document.querySelector('.mantine-AppShell-navbar')?.getBoundingClientRect().right ?? 0) <= 0 || window.innerWidth >= 768");
}

/** The input a generated form made for a property. */
export const field = (page: Page, name: string): Locator => page.getByRole('dialog').locator(`input[data-field="${name}"]`);

/** The message shown under a field (the server's reason). */
export const fieldError = (page: Page, name: string): Locator =>
  page.getByRole('dialog').locator('.mantine-InputWrapper-root', { has: page.locator(`input[data-field="${name}"]`) }).locator('.mantine-InputWrapper-error');

/** Fills text fields and submits the open form; returns once the dialog closed. */
export async function submitForm(page: Page, values: Readonly<Record<string, string>>, button = 'Create'): Promise<void> {
  for (const [name, value] of Object.entries(values)) await field(page, name).fill(value);
  await page.getByRole('dialog').getByRole('button', { name: button }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
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
