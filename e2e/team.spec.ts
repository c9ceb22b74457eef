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
import { nav } from './pages/console';
import { UsersPage } from './pages/users';

async function openInvitationEmail(page: Page, to: string) {
  await page.goto('/dev/mailbox');
  const email = page.locator(`article[data-testid="email"][data-to="${to}"]`).first();
  await expect(email).toContainText('invited you');
  await email.locator('a[href*="/invitation#"]').first().click();
}

/** A new owner's organization, opened on its Users page, with an invitation sent to `email`. */
async function organizationInviting(owner: Page, email: string, role = 'tech') {
  await newSignedInUser(owner, 'Olga Owner');
  const orgName = `Team Org ${Date.now()}`;
  await createOrganization(owner, orgName);
  await switchAccount(owner, orgName);
  const orgPath = new URL(owner.url()).pathname;
  await nav(owner).getByRole('link', { name: 'Users' }).click();
  await owner.getByLabel('Email addresses').fill(email);
  await owner.getByLabel('Role', { exact: true }).selectOption(role);
  await owner.getByRole('button', { name: 'Send invitations' }).click();
  await expect(owner.getByTestId('form-success')).toContainText(`Invitation sent to ${email}`);
  return { orgName, orgPath };
}

// Split from the flow below so that no single test signs up more than two people (each
// sign-up is an argon2 hash: slow on a busy machine).
test('someone else, signed in, following an invitation link is refused', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const invitee = uniqueEmail('invitee');
  await organizationInviting(await ownerContext.newPage(), invitee);
  await ownerContext.close();
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await newSignedInUser(other, 'Nosy Neighbour');
  await openInvitationEmail(other, invitee);
  await expect(other.getByTestId('invitation-refused')).toContainText('different email address');
  await otherContext.close();
});

test('invite, sign up, accept, change role, remove', async ({ browser }) => {
  // The owner creates an organization and invites a new address as Tech.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const invitee = uniqueEmail('invitee');
  const { orgName, orgPath } = await organizationInviting(owner, invitee);
  await expect(
    owner.locator(`[data-testid="invitation-row"][data-email="${invitee}"]`),
  ).toContainText('Tech');

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
  const users = new UsersPage(owner);
  await users.changeRole(invitee, 'Ivan Invitee', 'admin');
  await member.reload();
  await expect(member.getByTestId('account-menu-button')).toContainText('Admin');
  await expect(nav(member).getByRole('link', { name: 'Details' })).toBeVisible();

  // The owner removes them: their next request gets 404 and the menu forgets the org.
  await users.remove(invitee);
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
