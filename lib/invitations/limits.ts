import type { Tx } from '@/db/client';
import type { AccessContext } from '@/lib/authz/access';
import { DomainError } from '@/lib/errors';
import { hitRateLimit, INVITATION_RATE_LIMITS } from '@/lib/security/rate-limit';

// How many invitation emails an organization, an inviter and one invitation may send: the
// budgets are counted in the action's transaction, so a refused request counts nothing.

/** "in 5 minutes", "in 3 hours": when a refused request can be tried again. */
export function retryIn(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 120) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `in ${Math.ceil(minutes / 60)} hours`;
}

/**
 * Counts `emails` invitation emails against the organization's and the inviter's daily
 * budgets (and a resend against its invitation's hourly one), or refuses the request. It runs
 * in the action's transaction: a refusal rolls back the request, its own counts included, so
 * only emails actually sent are counted, and a request is refused whenever its emails do not
 * all fit (count so far + emails > limit).
 */
export async function spendInvitationEmails(
  tx: Tx,
  access: AccessContext,
  emails: number,
  resentInvitationId?: string,
): Promise<void> {
  const { emailsPerAccount, emailsPerInviter, resendsPerInvitation } = INVITATION_RATE_LIMITS;
  const budgets = [
    { rule: emailsPerAccount, subject: access.account.id, who: 'This organization can' },
    { rule: emailsPerInviter, subject: access.user.id, who: 'You can' },
  ];
  for (const { rule, subject, who } of budgets) {
    const hit = await hitRateLimit(tx, rule, subject, emails);
    if (hit.allowed) continue;
    const left = Math.max(0, rule.limit - (hit.count - emails));
    const now =
      left === 0
        ? 'none are left for now'
        : `only ${left} more ${left === 1 ? 'fits' : 'fit'} for now`;
    throw new DomainError(
      `${who} send at most ${rule.limit} invitation emails per 24 hours, and ${now}. Try again ${retryIn(hit.retryAfterSeconds)}.`,
      resentInvitationId ? undefined : 'emails',
    );
  }
  if (resentInvitationId) {
    const hit = await hitRateLimit(tx, resendsPerInvitation, resentInvitationId);
    if (!hit.allowed) {
      throw new DomainError(
        `An invitation can be resent at most ${resendsPerInvitation.limit} times per hour. Try again ${retryIn(hit.retryAfterSeconds)}.`,
      );
    }
  }
}
