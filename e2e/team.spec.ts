import { expect, test, type Page } from '@playwright/test';
import {
  createOrganization,
  newSignedInUser,
  signIn,
  signUp,
  switchAccount,
  uniqueEmail,
  verifyEmail,
} from './helpers';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Console' });

async function openInvitationEmail(page: Page, to: string) {
  await page.goto('/dev/mailbox');
  const email = page.locator(`article[data-testid="email"][data-to="${to}"]`).first();
  await expect(email).toContainText('invited you');
  await email.locator('a[href*="/invitation#"]').first().click();
}

test('invite, sign up, accept, change role, remove', async ({ browser }) => {
  // Four people and a dozen pages: on a busy machine this takes longer than most.
  test.slow();
  // The owner creates an organization and invites a new address as Tech.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await newSignedInUser(owner, 'Olga Owner');
  const orgName = `Team Org ${Date.now()}`;
  await createOrganization(owner, orgName);
  await switchAccount(owner, orgName);
  const orgPath = new URL(owner.url()).pathname;
  await nav(owner).getByRole('link', { name: 'Users' }).click();
  const invitee = uniqueEmail('invitee');
  await owner.getByLabel('Email addresses').fill(invitee);
  await owner.getByLabel('Role', { exact: true }).selectOption('tech');
  await owner.getByRole('button', { name: 'Send invitations' }).click();
  await expect(owner.getByTestId('form-success')).toContainText(`Invitation sent to ${invitee}`);
  await expect(
    owner.locator(`[data-testid="invitation-row"][data-email="${invitee}"]`),
  ).toContainText('Tech');

  // Someone else, signed in, following the same link is refused.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await newSignedInUser(other, 'Nosy Neighbour');
  await openInvitationEmail(other, invitee);
  await expect(other.getByTestId('invitation-refused')).toContainText('different email address');
  await otherContext.close();

  // The invitee opens the email, signs up (email prefilled), verifies and signs in.
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await openInvitationEmail(member, invitee);
  await expect(member.getByTestId('invitation-summary')).toContainText(orgName);
  await expect(member.getByTestId('invitation-summary')).toContainText('Tech');
  expect(member.url()).not.toContain('#');
  await member.getByRole('link', { name: 'Create an account' }).click();
  await expect(member.getByLabel('Email')).toHaveValue(invitee);
  await signUp(member, { name: 'Ivan Invitee', email: invitee });
  await verifyEmail(member, invitee);
  await signIn(member, invitee);
  await expect(member.getByTestId('account-menu-label')).toHaveText('Personal Account');

  // The invitation waits in the account menu; accepting opens the organization.
  await member.getByTestId('account-menu-button').click();
  await member.getByRole('menuitem', { name: new RegExp(orgName) }).click();
  await expect(member.getByTestId('invitation-summary')).toContainText('Olga Owner');
  await member.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(member).toHaveURL(new RegExp(`${orgPath}$`));
  await expect(member.getByTestId('account-menu-label')).toHaveText(orgName);
  await expect(member.getByTestId('account-menu-button')).toContainText('Tech');
  await expect(nav(member).getByRole('link', { name: 'Details' })).toHaveCount(0);
  await expect(nav(member).getByRole('link', { name: 'Billing' })).toHaveCount(0);
  await nav(member).getByRole('link', { name: 'Users' }).click();
  await expect(member.getByTestId('member-row')).toHaveCount(2);
  await expect(member.getByRole('heading', { name: 'Invite people' })).toHaveCount(0);
  await expect(member.getByRole('button', { name: 'Remove' })).toHaveCount(0);

  // The owner makes them Admin: their next page load reflects it.
  await owner.reload();
  const row = owner.locator(`[data-testid="member-row"][data-email="${invitee}"]`);
  await row.getByLabel('Role of Ivan Invitee').selectOption('admin');
  await row.getByRole('button', { name: 'Change role' }).click();
  await owner.getByRole('dialog').getByRole('button', { name: 'Change role' }).click();
  await expect(row.getByTestId('row-success')).toHaveText('Role changed.');
  await member.reload();
  await expect(member.getByTestId('account-menu-button')).toContainText('Admin');
  await expect(nav(member).getByRole('link', { name: 'Details' })).toBeVisible();

  // The owner removes them: their next request gets 404 and the menu forgets the org.
  await row.getByRole('button', { name: 'Remove' }).click();
  await owner.getByRole('dialog').getByRole('button', { name: 'Remove member' }).click();
  await expect(row).toHaveCount(0);
  const gone = await member.goto(orgPath);
  expect(gone?.status()).toBe(404);
  await member.goto('/');
  await member.getByTestId('account-menu-button').click();
  await expect(member.getByRole('menu')).not.toContainText(orgName);

  await ownerContext.close();
  await memberContext.close();
});

test('an owner resends and revokes invitations; bad addresses are refused one by one', async ({
  page,
}) => {
  await newSignedInUser(page, 'Rhea Resend');
  const orgName = `Resend Org ${Date.now()}`;
  await createOrganization(page, orgName);
  await switchAccount(page, orgName);
  await nav(page).getByRole('link', { name: 'Users' }).click();

  await page.getByLabel('Email addresses').fill('fine@example.test, not-an-email, x@@y');
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByTestId('error-emails')).toContainText('“not-an-email” is not a valid');
  await expect(page.getByTestId('error-emails')).toContainText('“x@@y” is not a valid');
  await expect(page.getByTestId('invitation-row')).toHaveCount(0);

  const invitee = uniqueEmail('resend');
  await page.getByLabel('Email addresses').fill(invitee);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByTestId('form-success')).toBeVisible();
  await page.getByLabel('Email addresses').fill(invitee);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByTestId('error-emails')).toContainText('pending invitation');

  const row = page.locator(`[data-testid="invitation-row"][data-email="${invitee}"]`);
  await row.getByRole('button', { name: 'Resend' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Resend' }).click();
  await expect(row.getByTestId('row-success')).toContainText('previous link no longer works');

  // The first link is dead, the second works until the invitation is revoked.
  await page.goto('/dev/mailbox');
  const links = page
    .locator(`article[data-testid="email"][data-to="${invitee}"]`)
    .locator('a[href*="/invitation#"]');
  const newest = await links.first().getAttribute('href');
  const oldest = await links.last().getAttribute('href');
  expect(newest).not.toBe(oldest);
  await page.context().clearCookies();
  await page.goto(oldest!);
  await expect(page.getByTestId('invitation-invalid')).toBeVisible();
  await page.goto(newest!);
  await expect(page.getByTestId('invitation-summary')).toContainText(orgName);
});

test('the Users page searches and pages through a large organization', async ({ page }) => {
  // Seeded Glacier Works has 301 members.
  await signIn(page, 'alice@example.com', 'alpenglow-demo');
  await switchAccount(page, 'Glacier Works');
  await nav(page).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('Page 1 of');
  await expect(page.getByTestId('member-row')).toHaveCount(50);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next' }).click();
  await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('Page 2 of');
  await page.getByLabel('Search members').fill('member042@');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  await expect(page.getByTestId('member-row')).toContainText('member042@glacier.example');
});
