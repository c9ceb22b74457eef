import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { userTokens } from '@/db/schema';
import { generateToken, hashToken } from '@/lib/auth/tokens';

// The single-use links emailed to a user (verify the address, reset the password): only the
// hash of a link's token is stored, and using it is one atomic update, so a link works once.

export type TokenPurpose = 'verify_email' | 'reset_password';

/** What a verification link sets when it is followed. */
export interface PendingCredentials {
  name: string;
  passwordHash: string;
}

export async function issueToken(
  db: DbOrTx,
  userId: string,
  purpose: TokenPurpose,
  ttlMs: number,
  pending?: PendingCredentials,
) {
  const token = generateToken();
  // A new link replaces any earlier unused one for the same purpose.
  await db
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(userTokens.userId, userId),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
      ),
    );
  await db.insert(userTokens).values({
    userId,
    purpose,
    tokenHash: hashToken(token),
    pendingName: pending?.name ?? null,
    pendingPasswordHash: pending?.passwordHash ?? null,
    expiresAt: new Date(Date.now() + ttlMs),
  });
  return token;
}

/** Marks a token used and returns it — atomically, so a token works exactly once. */
export async function consumeToken(
  db: DbOrTx,
  token: string,
  purpose: TokenPurpose,
): Promise<{
  userId: string;
  pendingName: string | null;
  pendingPasswordHash: string | null;
} | null> {
  const [row] = await db
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
    .returning({
      userId: userTokens.userId,
      pendingName: userTokens.pendingName,
      pendingPasswordHash: userTokens.pendingPasswordHash,
    });
  return row ?? null;
}
