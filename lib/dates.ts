// Dates and times as the console shows them. Always in UTC and in en-GB words, so the
// server's time zone never changes what a page, an export or a receipt says, and the server
// and the browser render the same text.

/** An en-GB formatter in UTC. */
function utc(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
}

const DAY = utc({ day: 'numeric', month: 'short', year: 'numeric' });

const DAY_AND_TIME = utc({
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const DAY_OF_MONTH = utc({ day: 'numeric', month: 'short' });

const LONG_DAY = utc({ day: 'numeric', month: 'long', year: 'numeric' });

const MONTH = utc({ month: 'long', year: 'numeric' });

/** "November 2026": month pickers and usage totals. */
export function formatMonth(date: Date): string {
  return MONTH.format(date);
}

/** "2026-11-28": tables and file names, where dates must sort as text. */
export function formatIsoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "2026-11-28 17:23:47" from a stored ISO timestamp (kept as text to keep its precision). */
export function formatIsoTimestamp(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/** "28 Nov 2026". */
export function formatDay(date: Date): string {
  return DAY.format(date);
}

/** "28 Nov 2026, 14:05" (UTC). */
export function formatDayAndTime(date: Date): string {
  return DAY_AND_TIME.format(date);
}

/** "28 Nov": chart axes, where the year is in the title. */
export function formatDayOfMonth(date: Date): string {
  return DAY_OF_MONTH.format(date);
}

/** "28 November 2026, 14:05 UTC": receipts state their time zone. */
export function formatLongDateTimeUtc(date: Date): string {
  return `${LONG_DAY.format(date)}, ${date.toISOString().slice(11, 16)} UTC`;
}

/** "Just now", "12 min ago", "5 h ago", then the day ("2026-11-28"); "Never" for no date. */
export function formatRelative(date: Date | null, now: number = Date.now()): string {
  if (!date) return 'Never';
  const minutes = Math.round((now - date.getTime()) / 60_000);
  if (minutes < 5) return 'Just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return formatIsoDay(date);
}
