import type { Db } from '@/db/client';
import { recordUserAudit } from '@/lib/auth/users';
import { deleteUserSession, describeUserAgent } from './sessions';

/**
 * Ends one session of a user from the security page, with its audit event in the user's
 * personal account, in one transaction. Says whether it was the session asking.
 */
export async function endUserSession(
  db: Db,
  input: { userId: string; sessionId: string; currentTokenHash: string | null; ip: string | null },
): Promise<'none' | 'other' | 'current'> {
  return db.transaction(async (tx) => {
    const ended = await deleteUserSession(tx, input.userId, input.sessionId);
    if (!ended) return 'none';
    await recordUserAudit(tx, input.userId, {
      action: 'user.session_signed_out',
      targetType: 'session',
      targetId: input.sessionId,
      metadata: {
        ip: ended.ip,
        device: ended.userAgent ? describeUserAgent(ended.userAgent) : null,
      },
      ip: input.ip,
    });
    return ended.tokenHash === input.currentTokenHash ? 'current' : 'other';
  });
}
