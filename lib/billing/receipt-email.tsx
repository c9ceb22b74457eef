import type { CSSProperties } from 'react';
import { Layout } from '@/lib/email/templates';
import { inertText } from '@/lib/security/display-name';
import { formatMoney } from '@/lib/money';
import type { Receipt, SELLER } from './receipt';
import { receiptLines } from './payment-identity';

// The receipt email: plain elements with inline styles, no images, no tracking. Every value
// that comes from a user (organization name, billing details) is a React child, so React
// escapes it, and inert against mail clients' autolinking (inertText).

const muted = '#6b7280';
const border = '#e5e7eb';

const styles = {
  heading: { margin: '0 0 4px', fontSize: '20px', fontWeight: 600, lineHeight: '1.3' },
  lead: { margin: '0 0 20px', color: muted },
  amount: { margin: '0 0 20px', fontSize: '28px', fontWeight: 700 },
  table: { width: '100%', borderCollapse: 'collapse', margin: '0 0 20px', fontSize: '14px' },
  th: {
    textAlign: 'left',
    fontWeight: 400,
    color: muted,
    padding: '6px 12px 6px 0',
    borderTop: `1px solid ${border}`,
    verticalAlign: 'top',
    whiteSpace: 'nowrap',
  },
  td: { padding: '6px 0', borderTop: `1px solid ${border}`, verticalAlign: 'top' },
  parties: { width: '100%', borderCollapse: 'collapse', margin: '0 0 20px', fontSize: '13px' },
  party: { width: '50%', verticalAlign: 'top', padding: '0 12px 0 0' },
  partyTitle: {
    margin: '0 0 4px',
    fontSize: '11px',
    letterSpacing: '0.06em',
    textTransform: 'uppercase',
    color: muted,
  },
  line: { margin: 0 },
  small: { margin: '0 0 12px', fontSize: '13px', color: muted },
  link: { color: '#c2410c', wordBreak: 'break-all' },
} satisfies Record<string, CSSProperties>;

export function ReceiptEmail({
  receipt,
  seller,
  url,
}: {
  receipt: Receipt;
  seller: typeof SELLER;
  url: string;
}) {
  const { payment, account, buyer } = receipt;
  const title = `Receipt ${payment.reference}`;
  return (
    <Layout title={title}>
      <h1 style={styles.heading}>Payment receipt</h1>
      <p style={styles.lead}>
        Thank you. Funds were added to{' '}
        {account.kind === 'personal' ? (
          'your personal account'
        ) : (
          <strong>{inertText(account.name)}</strong>
        )}
        .
      </p>
      <p style={styles.amount}>{formatMoney(payment.amount, payment.currency)}</p>
      <table style={styles.table} role="presentation">
        <tbody>
          {receiptLines(payment).map(([term, value]) => (
            <tr key={term}>
              <th style={styles.th}>{term}</th>
              <td style={styles.td}>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table style={styles.parties} role="presentation">
        <tbody>
          <tr>
            <td style={styles.party}>
              <p style={styles.partyTitle}>Seller</p>
              <p style={styles.line}>
                <strong>{seller.name}</strong>
              </p>
              {seller.addressLines.map((line) => (
                <p key={line} style={styles.line}>
                  {line}
                </p>
              ))}
              <p style={styles.line}>VAT {seller.vatNumber}</p>
            </td>
            <td style={styles.party}>
              <p style={styles.partyTitle}>Billed to</p>
              <p style={styles.line}>
                <strong>{inertText(buyer.name)}</strong>
              </p>
              {buyer.lines.map((line, i) => (
                <p key={i} style={styles.line}>
                  {inertText(line)}
                </p>
              ))}
              {buyer.vatNumber ? <p style={styles.line}>VAT {inertText(buyer.vatNumber)}</p> : null}
            </td>
          </tr>
        </tbody>
      </table>
      <p style={styles.small}>
        View or print this receipt in the console:
        <br />
        <a href={url} style={styles.link}>
          {url}
        </a>
      </p>
      <p style={styles.small}>
        Questions about this payment? Write to {seller.email} and quote {payment.reference}.
      </p>
    </Layout>
  );
}
