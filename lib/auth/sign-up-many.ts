import type { DbOrTx } from '@/db/client';
import { accounts, memberships, users, type User } from '@/db/schema';
import { recordAudits } from '@/lib/audit/record';
import { normalizeEmail } from '@/lib/validation';

/**
 * Many verified users at once, each with what `signUp` gives a user (a personal account, its
 * owner membership and the sign-up audit event), in four statements: the demo seed's generated
 * members, where one `signUp` each takes seconds on the embedded database. Addresses already
 * registered are left alone; returns the users created.
 */
export async function signUpMany(
  tx: DbOrTx,
  people: Array<{ name: string; email: string }>,
  passwordHash: string,
): Promise<User[]> {
  if (!people.length) return [];
  const verifiedAt = new Date();
  const created = await tx
    .insert(users)
    .values(
      people.map(({ name, email }) => ({
        name,
        email: normalizeEmail(email),
        passwordHash,
        emailVerified: verifiedAt,
      })),
    )
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!created.length) return [];
  const personal = await tx
    .insert(accounts)
    .values(
      created.map((user) => ({
        kind: 'personal' as const,
        name: user.name,
        personalOwnerId: user.id,
        billingName: user.name,
        billingEmail: user.email,
      })),
    )
    .returning({ id: accounts.id, userId: accounts.personalOwnerId });
  const owners = personal.map((account) => ({ accountId: account.id, userId: account.userId! }));
  await tx
    .insert(memberships)
    .values(owners.map((owner) => ({ ...owner, role: 'owner' as const })));
  await recordAudits(
    tx,
    owners.map(({ accountId, userId }) => ({
      accountId,
      actorUserId: userId,
      action: 'user.signed_up',
      targetType: 'user',
      targetId: userId,
    })),
  );
  return created;
}
