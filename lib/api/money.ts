import { UNITS_PER_MAJOR } from '@/lib/money';

// Money in JSON: { "amount": "12.3456", "currency": "CHF" } — an exact decimal string in the
// stored unit of 1/10,000, never a float (DESIGN §7).

export interface ApiMoney {
  amount: string;
  currency: string;
}

export function apiMoney(units: number, currency: string): ApiMoney {
  if (!Number.isSafeInteger(units)) throw new RangeError(`not an integer amount: ${units}`);
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const major = Math.floor(abs / UNITS_PER_MAJOR);
  const minor = String(abs % UNITS_PER_MAJOR).padStart(4, '0');
  return { amount: `${sign}${major}.${minor}`, currency };
}
