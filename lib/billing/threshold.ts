import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { accounts } from '@/db/schema';
import type { AccountActionDefinition } from '@/lib/actions/core';
import { formatMoney, parseAmountInput } from '@/lib/money';
import { lowBalanceStep } from './low-balance';

/** The highest threshold one can set: CHF 10,000.00. */
export const MAX_THRESHOLD_UNITS = 100_000_000;

const thresholdSchema = z.object({
  threshold: z.string({ error: 'Enter an amount.' }).transform((raw, ctx) => {
    if (/^\s*0+(\.0{1,2})?\s*$/.test(raw)) return 0; // 0 turns the warning off
    const parsed = parseAmountInput(raw);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    if (parsed.units > MAX_THRESHOLD_UNITS) {
      ctx.addIssue({ code: 'custom', message: 'Use at most 10,000.00.' });
      return z.NEVER;
    }
    return parsed.units;
  }),
});

/**
 * Sets the account's low-balance threshold (Owners and Admins: those who pay). Moving it
 * below the current balance re-arms the warning, as a payment above it would.
 */
export const setLowBalanceThresholdDefinition = {
  schema: thresholdSchema,
  permission: 'billing.manage',
  async run(input, { tx, access }) {
    const before = access.account;
    const { warned } = lowBalanceStep({
      after: before.balance,
      amount: 0,
      threshold: input.threshold,
      warned: before.lowBalanceWarned,
    });
    await tx
      .update(accounts)
      .set({ lowBalanceThreshold: input.threshold, lowBalanceWarned: warned })
      .where(eq(accounts.id, before.id));
    return {
      message:
        input.threshold === 0
          ? 'Low-balance warnings are off.'
          : `Owners and Admins are warned when the balance falls to ${formatMoney(input.threshold, before.currency)}.`,
      audit: {
        action: 'account.low_balance_threshold_changed',
        targetType: 'account',
        targetId: before.id,
        metadata: { before: before.lowBalanceThreshold, after: input.threshold },
      },
    };
  },
} satisfies AccountActionDefinition<typeof thresholdSchema>;
