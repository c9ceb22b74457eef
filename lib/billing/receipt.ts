import { createElement } from 'react';
import { and, eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { accounts, payments, users, type Account, type Payment } from '@/db/schema';
import { appUrl } from '@/lib/http/app-url';
import { COUNTRIES } from '@/lib/countries';
import { sendEmail, type EmailStatus } from '@/lib/email';
import { formatMoney } from '@/lib/money';
import { ReceiptEmail } from './receipt-email';

/** Alpenglow's own details, printed as the seller on every receipt. */
export const SELLER = {
  name: 'Alpenglow Cloud AG',
  addressLines: ['Hardturmstrasse 161', '8005 Zürich', 'Switzerland'],
  vatNumber: 'CHE-418.203.771 MWST',
  email: 'billing@alpenglow.example',
  website: 'alpenglow.example',
} as const;

export interface ReceiptBuyer {
  name: string;
  lines: string[];
  vatNumber: string;
  email: string;
}

export interface Receipt {
  payment: Payment;
  account: Account;
  buyer: ReceiptBuyer;
  /** Who made the payment (null once that user is deleted). */
  payer: { name: string; email: string } | null;
}

function countryName(code: string | null): string {
  if (!code) return '';
  return COUNTRIES.find(([c]) => c === code)?.[1] ?? code;
}

/** The buyer block: the account's billing details (falling back to its name). */
export function buyerOf(account: Account, payerEmail: string | null): ReceiptBuyer {
  const cityLine = [account.billingPostalCode, account.billingCity].filter(Boolean).join(' ');
  return {
    name: account.billingName || account.name,
    lines: [
      account.billingAddressLine1,
      account.billingAddressLine2,
      cityLine,
      countryName(account.billingCountry),
    ].filter((line) => line.trim() !== ''),
    vatNumber: account.billingVatNumber,
    email: account.billingEmail || payerEmail || '',
  };
}

export async function loadReceipt(
  db: DbOrTx,
  accountId: string,
  paymentId: string,
): Promise<Receipt | null> {
  const [row] = await db
    .select({
      payment: payments,
      account: accounts,
      payerName: users.name,
      payerEmail: users.email,
    })
    .from(payments)
    .innerJoin(accounts, eq(accounts.id, payments.accountId))
    .leftJoin(users, eq(users.id, payments.createdByUserId))
    .where(and(eq(payments.accountId, accountId), eq(payments.id, paymentId)));
  if (!row) return null;
  const payer =
    row.payerEmail !== null ? { name: row.payerName ?? '', email: row.payerEmail } : null;
  return {
    payment: row.payment,
    account: row.account,
    buyer: buyerOf(row.account, payer?.email ?? null),
    payer,
  };
}

export function receiptPath(accountId: string, paymentId: string): string {
  return `/a/${accountId}/billing/payments/${paymentId}`;
}

/**
 * Emails the receipt of a succeeded payment to the account's billing email (or, when that
 * is empty, to the user who paid). Call it after the payment's transaction committed: it
 * reads and writes through the shared connection.
 */
export async function sendPaymentReceipt(
  accountId: string,
  paymentId: string,
): Promise<{ to: string; status: EmailStatus } | null> {
  const db = await getDb();
  const receipt = await loadReceipt(db, accountId, paymentId);
  if (!receipt || receipt.payment.status !== 'succeeded') return null;
  const to = receipt.buyer.email;
  if (!to) return null;
  const { payment } = receipt;
  const sent = await sendEmail({
    to,
    subject: `Your Alpenglow receipt ${payment.reference}: ${formatMoney(payment.amount, payment.currency)}`,
    body: createElement(ReceiptEmail, {
      receipt,
      seller: SELLER,
      url: appUrl(receiptPath(accountId, paymentId)),
    }),
  });
  return { to, status: sent.status };
}
