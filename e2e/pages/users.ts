import { expect, type Page } from '@playwright/test';

/** The Users page of an organization, as an owner drives it. */
export class UsersPage {
  constructor(readonly page: Page) {}

  get rows() {
    return this.page.getByTestId('member-row');
  }

  memberRow(email: string) {
    return this.page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  }

  invitationRow(email: string) {
    return this.page.locator(`[data-testid="invitation-row"][data-email="${email}"]`);
  }

  /** Changes a member's role through its confirmation dialog and waits for the answer. */
  async changeRole(email: string, name: string, role: 'owner' | 'tech' | 'admin') {
    const row = this.memberRow(email);
    await row.getByLabel(`Role of ${name}`).selectOption(role);
    await row.getByRole('button', { name: 'Change role' }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Change role' }).click();
    await expect(row.getByTestId('row-success')).toHaveText('Role changed.');
  }

  /** Removes a member through its confirmation dialog and waits until the row is gone. */
  async remove(email: string) {
    const row = this.memberRow(email);
    await row.getByRole('button', { name: 'Remove' }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Remove member' }).click();
    await expect(row).toHaveCount(0);
  }
}
