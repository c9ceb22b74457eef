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
