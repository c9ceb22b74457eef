import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accounts, memberships, users, type User } from '@/db/schema';
import { recordAudit, type AuditInput } from '@/lib/audit/record';
import { deleteAllSessions } from '@/lib/auth/sessions';
import { burnPasswordCheck, hashPassword, verifyPassword } from '@/lib/auth/password';
import { consumeToken, issueToken } from '@/lib/auth/user-tokens';
import { normalizeEmail } from '@/lib/validation';

export const VERIFY_EMAIL_TTL_MS = 24 * 60 * 60 * 1000;
export const RESET_PASSWORD_TTL_MS = 60 * 60 * 1000;

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  /** Already hashed (tests pass a cheap hash; pages hash with argon2id). */
  passwordHash?: string;
  verified?: boolean;
}

export type SignUpResult =
  | { status: 'created'; user: User; personalAccountId: string; verifyToken: string | null }
  /**
   * The address is registered. setPasswordToken: for an existing *unverified* account, a
   * "confirm and choose your password" link (this sign-up's password is not kept: no
   * credentials travel in a link); null when the existing account is verified.
   */
  | { status: 'exists'; user: User; setPasswordToken: string | null };

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  return user;
}

export async function getPersonalAccountId(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.personalOwnerId, userId))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Records what a user did to their own sign-in (password reset, sessions ended) in their
 * personal account's audit log, where they — its only member — can read it.
 */
export async function recordUserAudit(
  tx: DbOrTx,
  userId: string,
  event: Omit<AuditInput, 'accountId' | 'actorUserId'>,
): Promise<void> {
  const personalAccountId = await getPersonalAccountId(tx, userId);
  if (personalAccountId) {
    await recordAudit(tx, { accountId: personalAccountId, actorUserId: userId, ...event });
  }
}

/**
 * Creates the user, their personal account and the owner membership in one transaction
 * (the caller passes the transaction). An address already registered is reported as
 * 'exists' so the caller can answer without revealing it.
 */
export async function signUp(
  tx: DbOrTx,
  input: SignUpInput,
  ip: string | null = null,
): Promise<SignUpResult> {
  const email = normalizeEmail(input.email);
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password));
  const [user] = await tx
    .insert(users)
    .values({
      name: input.name,
      email,
      passwordHash,
      emailVerified: input.verified ? new Date() : null,
    })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!user) {
    const existing = await findUserByEmail(tx, email);
    if (!existing) throw new Error('user vanished during sign-up');
    // An unverified account proves nothing about who created it: the owner of the inbox gets
    // a link to confirm the address by choosing a password. The earlier sign-up's link stays
    // valid (it can only verify, never set credentials); using either ends both.
    const setPasswordToken = existing.emailVerified
      ? null
      : await issueConfirmAndSetPasswordToken(tx, existing);
    return { status: 'exists', user: existing, setPasswordToken };
  }
  const [account] = await tx
    .insert(accounts)
    .values({
      kind: 'personal',
      name: input.name,
      personalOwnerId: user.id,
      billingName: input.name,
      billingEmail: email,
    })
    .returning({ id: accounts.id });
  if (!account) throw new Error('personal account not created');
  await tx.insert(memberships).values({ accountId: account.id, userId: user.id, role: 'owner' });
  await recordAudit(tx, {
    accountId: account.id,
    actorUserId: user.id,
    action: 'user.signed_up',
    targetType: 'user',
    targetId: user.id,
    ip,
  });
  const verifyToken = input.verified
    ? null
    : await issueToken(tx, user.id, 'verify_email', VERIFY_EMAIL_TTL_MS);
  return { status: 'created', user, personalAccountId: account.id, verifyToken };
}

/**
 * For "send me a new link" (where no password is known): a link to confirm the address by
 * choosing a password — the reset flow, valid as long as a verification link.
 */
export async function issueConfirmAndSetPasswordToken(
  db: DbOrTx,
  user: User,
): Promise<string | null> {
  if (user.emailVerified) return null;
  return issueToken(db, user.id, 'reset_password', VERIFY_EMAIL_TTL_MS);
}

/**
 * Confirms the address of the token's user. It sets nothing else — no name, no password, no
 * session change — so an old link can never change who controls an account.
 */
export async function verifyEmail(tx: DbOrTx, token: string): Promise<User | null> {
  const consumed = await consumeToken(tx, token, 'verify_email');
  if (!consumed) return null;
  const [user] = await tx
    .update(users)
    .set({ emailVerified: sql`coalesce(${users.emailVerified}, now())` })
    .where(eq(users.id, consumed.userId))
    .returning();
  return user ?? null;
}

export type CredentialCheck =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' | 'unverified' };

/**
 * Checks an email + password. "unverified" is only reported once the password is right,
 * so the answer reveals nothing about an address to someone without its password.
 */
export async function checkCredentials(
  db: DbOrTx,
  email: string,
  password: string,
): Promise<CredentialCheck> {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return { ok: false, reason: 'invalid' };
  }
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: 'invalid' };
  if (!user.emailVerified) return { ok: false, reason: 'unverified' };
  return { ok: true, user };
}

export async function issuePasswordResetToken(db: DbOrTx, user: User): Promise<string> {
  return issueToken(db, user.id, 'reset_password', RESET_PASSWORD_TTL_MS);
}

/** Sets a new password from a reset link and revokes every existing session. */
export async function resetPassword(
  tx: DbOrTx,
  token: string,
  newPassword: string,
  ip: string | null = null,
): Promise<User | null> {
  const consumed = await consumeToken(tx, token, 'reset_password');
  if (!consumed) return null;
  const { userId } = consumed;
  const passwordHash = await hashPassword(newPassword);
  const [user] = await tx
    .update(users)
    .set({
      passwordHash,
      // Following the emailed link proves the address, too.
      emailVerified: sql`coalesce(${users.emailVerified}, now())`,
    })
    .where(eq(users.id, userId))
    .returning();
  if (!user) return null;
  await deleteAllSessions(tx, user.id);
  await recordUserAudit(tx, user.id, {
    action: 'user.password_reset',
    targetType: 'user',
    targetId: user.id,
    ip,
  });
  return user;
}

/** Ends every session of the user (each at its next request). */
export async function revokeAllSessions(
  tx: DbOrTx,
  userId: string,
  ip: string | null = null,
): Promise<void> {
  await deleteAllSessions(tx, userId);
  await recordUserAudit(tx, userId, {
    action: 'user.signed_out_everywhere',
    targetType: 'user',
    targetId: userId,
    ip,
  });
}
