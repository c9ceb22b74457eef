import { UNITS_PER_MAJOR } from '@/lib/money';

/**
 * Hourly prices are shown exactly, in the stored unit (4 decimals: "0.0250 CHF/h"): rounding
 * a price to cents would show 0.03 for 0.025. Amounts charged still use formatMoney's cents.
 */
export function formatHourly(units: number, currency = 'CHF'): string {
  const major = Math.floor(units / UNITS_PER_MAJOR);
  const minor = String(units % UNITS_PER_MAJOR).padStart(4, '0');
  return `${major}.${minor} ${currency}/h`;
}

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1,536 → "1.5 KB" (powers of 1,024, one decimal from KB on). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${SIZE_UNITS[unit]}`;
}
