/**
 * Money is an integer count of "units": 1 unit = 1/10,000 of the currency's main unit
 * (CHF 0.0001), fine enough for hourly resource prices. Amounts never pass through floats
 * in storage or arithmetic.
 *
 * Display rule (the only one): round to the nearest cent, halves away from zero.
 */
export const UNITS_PER_MAJOR = 10_000;
export const UNITS_PER_CENT = 100;
export const DEFAULT_CURRENCY = 'CHF';

export function toCents(units: number): number {
  if (!Number.isSafeInteger(units)) throw new RangeError(`not an integer amount: ${units}`);
  const magnitude = Math.abs(units);
  const cents = Math.floor((magnitude + UNITS_PER_CENT / 2) / UNITS_PER_CENT);
  return units < 0 && cents !== 0 ? -cents : cents; // never -0
}

/** 12_345_000 → "1,234.50"; negative amounts get a leading minus sign. */
export function formatAmount(units: number): string {
  const cents = toCents(units);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const major = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const minor = (abs % 100).toString().padStart(2, '0');
  return `${sign}${major}.${minor}`;
}

export function formatMoney(units: number, currency: string = DEFAULT_CURRENCY): string {
  return `${formatAmount(units)} ${currency}`;
}

export type AmountParseResult = { ok: true; units: number } | { ok: false; error: string };

const PLAIN_AMOUNT = /^(\d*)(?:\.(\d*))?$/;
/**
 * Longest text looked at. The checks below use regular expressions with nested digit runs
 * (`\d*\.?\d*`), which take quadratic time on a long run of digits: 100,000 digits held the
 * event loop for 30 s. Any real amount with separators fits in far fewer characters.
 */
const MAX_AMOUNT_TEXT = 40;
/** Longest integer part accepted before range checks (keeps every step a safe integer). */
const MAX_INTEGER_DIGITS = 12;

/**
 * Parses an amount typed by a person ("12.50", "1,000", "1'000.5") into units. The string
 * itself is parsed — never through parseFloat — so "10.001" (a fraction of a cent), "1e3",
 * "-5", "NaN" and "12abc" are refused with a message saying why. Zero is refused; minimum
 * and maximum are the caller's rules. Thousands separators (`,` `'` and spaces) are allowed.
 */
export function parseAmountInput(raw: string): AmountParseResult {
  const trimmed = raw.trim();
  if (trimmed.length > MAX_AMOUNT_TEXT) return { ok: false, error: 'That amount is too large.' };
  const text = trimmed.replace(/[\s'’,](?=\d{3}(?:\D|$))/g, '');
  if (text === '') return { ok: false, error: 'Enter an amount.' };
  if (/^[-−]/.test(text)) return { ok: false, error: 'Enter a positive amount.' };
  if (/^\+/.test(text)) return { ok: false, error: 'Enter the amount without a sign, e.g. 50.00.' };
  if (/^\d*\.?\d*e[+-]?\d+$/i.test(text)) {
    return { ok: false, error: 'Enter the amount as plain digits, e.g. 1000.00 (not 1e3).' };
  }
  if (/^\d+,\d{1,2}$/.test(text)) {
    return { ok: false, error: 'Use a dot for decimals, e.g. 10.50.' };
  }
  const match = /\d/.test(text) ? PLAIN_AMOUNT.exec(text) : null;
  if (!match) return { ok: false, error: 'Enter the amount as a number, e.g. 50.00.' };
  const [, integerPart = '', fraction = ''] = match;
  if (fraction.length > 2) {
    return { ok: false, error: 'Use at most 2 decimal places: the smallest amount is 0.01.' };
  }
  const digits = integerPart.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_INTEGER_DIGITS) return { ok: false, error: 'That amount is too large.' };
  const cents = Number(digits) * 100 + Number(fraction.padEnd(2, '0'));
  if (cents === 0) return { ok: false, error: 'Enter an amount greater than zero.' };
  return { ok: true, units: cents * UNITS_PER_CENT };
}
