import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

// The promises of DESIGN §1–2 and the domain modules, written as SQL that returns the rows
// breaking them: run after every integration test file (test/setup.ts) and after the e2e
// suite (e2e/global-teardown.ts), so a test that leaves the database in a state the product
// forbids fails, and the failure names the rows. Each check is proven able to fail in
// test/invariants.int.test.ts. A check that needs a table of a later feature names it in
// `requires` and is left out while the table does not exist.

export interface Invariant {
  name: string;
  /** Tables the query reads beyond the core ones; the check runs only when all exist. */
  requires?: readonly string[];
  /** Returns one row per violation (empty: the invariant holds). */
  query: string;
}

export const INVARIANTS: readonly Invariant[] = [
  {
    name: 'every organization has at least one owner',
    query: `
      select a.id as account_id, a.name from accounts a
      where a.kind = 'organization' and not exists (
        select 1 from memberships m where m.account_id = a.id and m.role = 'owner')`,
  },
  {
    name: 'every personal account has exactly one member: its user, as owner',
    query: `
      select a.id as account_id, a.personal_owner_id, count(m.user_id)::int as members,
             coalesce(bool_and(m.role = 'owner' and m.user_id = a.personal_owner_id), false)
               as owner_is_its_user
      from accounts a left join memberships m on m.account_id = a.id
      where a.kind = 'personal'
      group by a.id, a.personal_owner_id
      having a.personal_owner_id is null or count(m.user_id) <> 1
          or not coalesce(bool_and(m.role = 'owner' and m.user_id = a.personal_owner_id), false)`,
  },
  {
    name: 'only a personal account names a personal owner',
    query: `
      select id as account_id, kind from accounts
      where kind = 'organization' and personal_owner_id is not null`,
  },
  {
    name: 'every user has a personal account',
    query: `
      select u.id as user_id, u.email from users u
      where not exists (select 1 from accounts a where a.personal_owner_id = u.id)`,
  },
  {
    name: 'balance equals the sum of the ledger',
    query: `
      select a.id as account_id, a.balance::text as balance,
             coalesce(sum(l.amount), 0)::text as ledger_sum
      from accounts a left join ledger_entries l on l.account_id = a.id
      group by a.id, a.balance
      having a.balance <> coalesce(sum(l.amount), 0)`,
  },
  {
    name: 'status follows the balance (active above 0, suspended at 0 or below)',
    query: `
      select id as account_id, balance::text as balance, status from accounts
      where status <> (case when balance > 0 then 'active' else 'suspended' end)::account_status`,
  },
  {
    name: 'one payment per idempotency key',
    query: `
      select account_id, idempotency_key, count(*)::int as payments from payments
      group by account_id, idempotency_key having count(*) > 1`,
  },
  {
    name: 'a payment credits the ledger once, and only when it succeeded',
    query: `
      select p.account_id, p.id as payment_id, p.status, count(l.id)::int as credits
      from payments p
      left join ledger_entries l
        on l.account_id = p.account_id and l.payment_id = p.id and l.kind = 'payment'
      group by p.account_id, p.id, p.status
      having count(l.id) <> (case when p.status = 'succeeded' then 1 else 0 end)`,
  },
  {
    name: 'a ledger credit names a payment of its own account and amount',
    query: `
      select l.account_id, l.id as entry_id, l.payment_id, l.amount::text as amount
      from ledger_entries l
      left join payments p on p.account_id = l.account_id and p.id = l.payment_id
      where l.kind = 'payment' and (p.id is null or p.amount <> l.amount)`,
  },
  {
    name: 'one credit per provider payment (a provider event credits once)',
    query: `
      select p.account_id, p.provider, p.provider_payment_id, count(l.id)::int as credits
      from payments p
      join ledger_entries l
        on l.account_id = p.account_id and l.payment_id = p.id and l.kind = 'payment'
      where p.provider_payment_id is not null
      group by p.account_id, p.provider, p.provider_payment_id having count(l.id) > 1`,
  },
  {
    name: 'no invitation both answered and pending',
    query: `
      select account_id, id as invitation_id, status, responded_at from invitations
      where (status = 'pending') <> (responded_at is null)
         or (status in ('accepted', 'declined') and responded_by_user_id is null
             and responded_at is null)`,
  },
  {
    name: 'an accepted invitation was accepted by the invited address',
    query: `
      select i.account_id, i.id as invitation_id, i.email, u.email as responder
      from invitations i join users u on u.id = i.responded_by_user_id
      where i.status = 'accepted' and u.email <> i.email`,
  },
  {
    name: 'at most one active API key pair per membership, and only for a membership',
    requires: ['api_keys'],
    query: `
      select k.account_id, k.user_id, count(*)::int as active_pairs,
             bool_and(m.user_id is not null) as is_member
      from api_keys k
      left join memberships m on m.account_id = k.account_id and m.user_id = k.user_id
      where k.revoked_at is null
      group by k.account_id, k.user_id
      having count(*) > 1 or not bool_and(m.user_id is not null)`,
  },
  {
    name: 'no instance runs in a suspended account',
    requires: ['instances'],
    query: `
      select i.account_id, i.id as instance_id, i.state::text as state
      from instances i join accounts a on a.id = i.account_id
      where a.status = 'suspended' and i.state::text in ('starting', 'running', 'rebooting')`,
  },
];

export interface InvariantViolation {
  invariant: string;
  rows: Record<string, unknown>[];
}

async function existingTables(db: DbOrTx): Promise<Set<string>> {
  const { rows } = await db.execute<{ name: string }>(sql`
    select table_name as name from information_schema.tables
    where table_schema = current_schema()`);
  return new Set(rows.map((r) => r.name));
}

/** Every invariant that does not hold, with the rows that break it (empty: all hold). */
export async function findInvariantViolations(
  db: DbOrTx,
  invariants: readonly Invariant[] = INVARIANTS,
): Promise<InvariantViolation[]> {
  const tables = await existingTables(db);
  const violations: InvariantViolation[] = [];
  for (const invariant of invariants) {
    if (!(invariant.requires ?? []).every((table) => tables.has(table))) continue;
    const { rows } = await db.execute<Record<string, unknown>>(sql.raw(invariant.query));
    if (rows.length) violations.push({ invariant: invariant.name, rows: rows.slice(0, 20) });
  }
  return violations;
}

/** Throws an error naming every violated invariant and up to 20 of its rows. */
export async function assertInvariants(db: DbOrTx, where: string): Promise<void> {
  const violations = await findInvariantViolations(db);
  if (!violations.length) return;
  const text = violations
    .map((v) => `- ${v.invariant}:\n${v.rows.map((r) => `    ${JSON.stringify(r)}`).join('\n')}`)
    .join('\n');
  throw new Error(`Invariants broken ${where}:\n${text}`);
}
