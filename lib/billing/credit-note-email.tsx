import { getDb, type DbOrTx } from '@/db/client';
import type { Account } from '@/db/schema';
import { formatLongDateTimeUtc } from '@/lib/dates';
import { sendEmail } from '@/lib/email';
import { Layout, PlainLink, styles } from '@/lib/email/templates';
import { appUrl } from '@/lib/http/app-url';
import { formatMoney } from '@/lib/money';
import { inertText } from '@/lib/security/display-name';
import {
  CREDIT_NOTE_LABELS,
  creditNotePath,
  getCreditNote,
  type CreditNoteRow,
} from './credit-notes';
import { loadReceipt, SELLER, type ReceiptBuyer } from './receipt';

// The credit note: what went back after a payment (refund, dispute), as a document the account
// keeps with its receipts — a page (app/a/[accountId]/billing/credit-notes/[id]) and an email
// to the billing address (or the payer), sent after the posting committed.

export interface CreditNoteDocument {
  note: CreditNoteRow;
  account: Account;
  buyer: ReceiptBuyer;
}

export async function loadCreditNote(
  db: DbOrTx,
  accountId: string,
  creditNoteId: string,
): Promise<CreditNoteDocument | null> {
  const note = await getCreditNote(db, accountId, creditNoteId);
  if (!note) return null;
  const receipt = await loadReceipt(db, accountId, note.paymentId);
  if (!receipt) return null;
  return { note, account: receipt.account, buyer: receipt.buyer };
}

function CreditNoteEmail({ document, url }: { document: CreditNoteDocument; url: string }) {
  const { note, buyer } = document;
  const title = `Credit note ${note.reference}`;
  return (
    <Layout title={title}>
      <h1 style={styles.heading}>{title}</h1>
      <p style={styles.paragraph}>
        {CREDIT_NOTE_LABELS[note.kind]} for payment {note.paymentReference}, recorded{' '}
        {formatLongDateTimeUtc(note.createdAt)}.
      </p>
      <p style={{ ...styles.paragraph, fontSize: '24px', fontWeight: 700 }}>
        {formatMoney(note.amount, note.currency)}
      </p>
      <p style={styles.paragraph}>
        {note.amount < 0
          ? 'This amount was taken from the account’s prepaid balance.'
          : 'This amount was returned to the account’s prepaid balance.'}
      </p>
      <p style={styles.small}>
        Billed to {inertText(buyer.name)}. Issued by {SELLER.name}, VAT {SELLER.vatNumber}.
      </p>
      <PlainLink url={url} lead="View or print it in the console:" />
    </Layout>
  );
}

/** Emails a credit note; call it after the posting's transaction committed. */
export async function sendCreditNote(
  accountId: string,
  creditNoteId: string,
): Promise<{ to: string } | null> {
  const document = await loadCreditNote(await getDb(), accountId, creditNoteId);
  const to = document?.buyer.email;
  if (!document || !to) return null;
  const { note } = document;
  await sendEmail({
    to,
    subject: `Your Alpenglow credit note ${note.reference}: ${formatMoney(note.amount, note.currency)}`,
    body: <CreditNoteEmail document={document} url={appUrl(creditNotePath(accountId, note.id))} />,
  });
  return { to };
}
