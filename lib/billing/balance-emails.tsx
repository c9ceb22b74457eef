import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { appUrl } from '@/lib/http/app-url';
import { sendEmail } from '@/lib/email';
import { ActionLink, Greeting, Layout, styles } from '@/lib/email/templates';
import { formatMoney } from '@/lib/money';
import { uuidArray } from './accrual';

interface Recipient {
  accountId: string;
  accountName: string;
  kind: 'personal' | 'organization';
  balance: number;
  threshold: number;
  currency: string;
  name: string;
  email: string;
}

/** Owners and Admins (those who may pay) of the given accounts, in one query. */
async function payersOf(db: DbOrTx, accountIds: readonly string[]): Promise<Recipient[]> {
  if (accountIds.length === 0) return [];
  const result = await db.execute<{
    account_id: string;
    account_name: string;
    kind: 'personal' | 'organization';
    balance: string;
    threshold: string;
    currency: string;
    name: string;
    email: string;
  }>(sql`
    select a.id as account_id, a.name as account_name, a.kind, a.balance::text as balance,
           a.low_balance_threshold::text as threshold, a.currency, u.name, u.email
      from unnest(${uuidArray(accountIds)}) as n(id)
      join accounts a on a.id = n.id
      join memberships m on m.account_id = a.id and m.role in ('owner', 'admin')
      join users u on u.id = m.user_id
     order by a.id, u.email`);
  return result.rows.map((r) => ({
    accountId: r.account_id,
    accountName: r.account_name,
    kind: r.kind,
    balance: Number(r.balance),
    threshold: Number(r.threshold),
    currency: r.currency.trim(),
    name: r.name,
    email: r.email,
  }));
}

function accountPhrase(r: Recipient) {
  return r.kind === 'personal' ? 'your personal account' : r.accountName;
}

function BalanceNotice({ recipient, suspended }: { recipient: Recipient; suspended: boolean }) {
  const balance = formatMoney(recipient.balance, recipient.currency);
  const title = suspended ? 'Account suspended' : 'Low balance';
  return (
    <Layout title={title}>
      <Greeting name={recipient.name} />
      {suspended ? (
        <p style={styles.paragraph}>
          The funds of {accountPhrase(recipient)} are used up (balance {balance}). The account is
          now SUSPENDED: its running instances were stopped, and no resources can be created or
          started until a payment brings the balance above 0. Stopped instances stay stopped until
          someone starts them again.
        </p>
      ) : (
        <p style={styles.paragraph}>
          The balance of {accountPhrase(recipient)} is {balance}, at or below the warning threshold
          of {formatMoney(recipient.threshold, recipient.currency)}. When it reaches 0 the account
          is suspended and its running instances are stopped.
        </p>
      )}
      <ActionLink url={appUrl(`/a/${recipient.accountId}/billing`)} label="Add funds" />
    </Layout>
  );
}

/**
 * After the transaction that changed the balances has committed: tells the Owners and Admins
 * of each account that it was suspended, or that it crossed its low-balance threshold. Each
 * (account, event) comes from exactly one ledger posting, so each is sent once.
 */
export async function sendBalanceNotices(
  db: DbOrTx,
  events: { suspended: readonly string[]; lowBalance: readonly string[] },
): Promise<void> {
  for (const [ids, suspended] of [
    [events.suspended, true],
    [events.lowBalance, false],
  ] as const) {
    for (const recipient of await payersOf(db, ids)) {
      const what = suspended ? 'is suspended' : 'is running low on funds';
      await sendEmail({
        to: recipient.email,
        subject: `${recipient.kind === 'personal' ? 'Your account' : recipient.accountName} ${what}`,
        body: <BalanceNotice recipient={recipient} suspended={suspended} />,
      });
    }
  }
}
