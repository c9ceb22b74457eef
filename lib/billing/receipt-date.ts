/** "28 November 2026, 14:05 UTC" — receipts state their time zone. */
export function formatReceiptDate(date: Date): string {
  const day = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
  const time = date.toISOString().slice(11, 16);
  return `${day}, ${time} UTC`;
}
