import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { userTokens } from '@/db/schema';
import { generateToken, hashToken } from '@/lib/auth/tokens';

// The single-use links emailed to a user (verify the address, reset the password): only the
// hash of a link's token is stored, and using it is one atomic update, so a link works once.
// No link carries credentials: a link proves the address, the password is chosen on its page.

export type TokenPurpose = 'verify_email' | 'reset_password';

/**
 * Issues a single-use emailed token. Issuing never ends other open tokens: nobody can kill
 * the owner's link by asking for another one. Using any token ends them all (consumeToken).
 */
export async function issueToken(db: DbOrTx, userId: string, purpose: TokenPurpose, ttlMs: number) {
  const token = generateToken();
  await db.insert(userTokens).values({
    userId,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + ttlMs),
  });
  return token;
}

/**
 * Claims a token — atomically, so it works exactly once — and, in the same transaction,
 * marks every other open token of its user used, of every purpose: once an address is
 * proven or a password chosen, no older link (a verification link from someone else's
 * sign-up, an earlier reset link) can act on the account any more.
 */
export async function consumeToken(
  tx: DbOrTx,
  token: string,
  purpose: TokenPurpose,
): Promise<{ userId: string } | null> {
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: userTokens.userId });
  if (!row) return null;
  await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(userTokens.userId, row.userId), isNull(userTokens.usedAt)));
  return row;
}
