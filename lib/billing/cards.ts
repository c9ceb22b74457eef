/** Card checks done before any provider sees a card: digits, Luhn, brand, expiry, CVC. */

export type CardBrand = 'Visa' | 'Mastercard' | 'American Express' | 'Discover' | 'Card';

/** "4242 4242-4242 4242" → "4242424242424242" (spaces and dashes allowed while typing). */
export function normalizeCardNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'Visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return 'Mastercard';
  if (/^3[47]/.test(digits)) return 'American Express';
  if (/^6(011|5)/.test(digits)) return 'Discover';
  return 'Card';
}

/** The CVC length a brand uses: 4 on American Express cards, 3 elsewhere. */
export function cvcLength(brand: CardBrand): number {
  return brand === 'American Express' ? 4 : 3;
}

/**
 * "MM/YY" (also "MM / YY", "MM/YYYY") → { month, year }, or an error. A card is valid
 * through the last day of its expiry month, so the current month is still accepted.
 */
export function parseExpiry(
  raw: string,
  now: Date = new Date(),
): { ok: true; month: number; year: number } | { ok: false; error: string } {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(raw);
  if (!match) return { ok: false, error: 'Enter the expiry date as MM/YY, e.g. 08/29.' };
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return { ok: false, error: 'The expiry month must be 01 to 12.' };
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const expiry = year * 12 + (month - 1);
  if (expiry < current) return { ok: false, error: 'This card has expired.' };
  if (expiry > current + 20 * 12) return { ok: false, error: 'Check the expiry year.' };
  return { ok: true, month, year };
}
