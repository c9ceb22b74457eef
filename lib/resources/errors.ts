import { AccessError } from '@/lib/authz/access';
import type { Account } from '@/db/schema';
import { AccountSuspendedError } from '@/lib/errors';

/**
 * A resource id that is not one of this account's live resources. It is a 404 like a
 * non-member's account: another account's resource does not exist for this caller.
 */
export class ResourceNotFoundError extends AccessError {
  constructor() {
    super('not_found');
    this.name = 'ResourceNotFoundError';
  }
}

/** Create and start are refused while the account is suspended, on every path. */
export function refuseWhenSuspended(account: Account, what: string): void {
  if (account.status !== 'suspended') return;
  throw new AccountSuspendedError(
    `${account.kind === 'personal' ? 'This account' : account.name} is SUSPENDED: ${what} is ` +
      'not possible until a payment brings the balance above 0.',
  );
}
