import type { Page } from '@playwright/test';

/** The console's side navigation: only the pages the member's role may open. */
export function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Console' });
}

/** Opens a console page from the side navigation. */
export async function openFromNav(page: Page, label: string) {
  await nav(page).getByRole('link', { name: label }).click();
}
