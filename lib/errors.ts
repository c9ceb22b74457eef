// Error types shared by every domain. A domain refuses with DomainError (its message is for
// the user); the action pipeline turns it into a form error, never a 500.

/** A rule of the domain said no; the message is for the user. Nothing was written. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * A refusal because of the current state of what the request acts on (the last owner, a
 * suspended account, a pair that already exists): the same request may succeed once that
 * state changes. Doors that distinguish it (the REST API: 409) can; forms show the message.
 */
export class ConflictError extends DomainError {
  constructor(message: string, field?: string) {
    super(message, field);
    this.name = 'ConflictError';
  }
}

/**
 * A create or a start refused because the account is SUSPENDED (its balance is not above 0):
 * a conflict with the account's state that a payment resolves. Doors that name refusals (the
 * REST API: 409 `account_suspended`) tell it apart from other conflicts.
 */
export class AccountSuspendedError extends ConflictError {
  readonly code = 'account_suspended' as const;

  constructor(message: string) {
    super(message);
    this.name = 'AccountSuspendedError';
  }
}

/** True when the error (or one it wraps) is PostgreSQL's unique_violation (23505). */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
