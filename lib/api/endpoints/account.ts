import { z } from 'zod';
import { getDb } from '@/db/client';
import { accounts, type Account, type MemberRole } from '@/db/schema';
import { updateAccountDetailsDefinition } from '@/lib/accounts/actions';
import { ACCOUNT_DETAIL_FIELDS, accountDetailsSchema } from '@/lib/accounts/schemas';
import { eq } from 'drizzle-orm';
import { runAction } from '../actions';
import { defineEndpoint } from '../endpoint';
import { apiMoney } from '../money';
import { ok } from '../route';
import { moneySchema, roleSchemaOut, timestampSchema } from '../schemas';

// The key's account: read it (every role) and edit its details (Owner, Admin).

export const accountSchema = z
  .strictObject({
    id: z.uuid(),
    kind: z.enum(['personal', 'organization']),
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    role: roleSchemaOut.meta({ description: 'Your role in this account, read live.' }),
    balance: moneySchema,
    billingName: z.string(),
    billingAddressLine1: z.string(),
    billingAddressLine2: z.string(),
    billingPostalCode: z.string(),
    billingCity: z.string(),
    billingCountry: z.string().length(2).nullable(),
    billingVatNumber: z.string(),
    billingEmail: z.string(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'Account' });

export function presentAccount(account: Account, role: MemberRole): z.output<typeof accountSchema> {
  return {
    id: account.id,
    kind: account.kind,
    name: account.name,
    status: account.status,
    role,
    balance: apiMoney(account.balance, account.currency),
    billingName: account.billingName,
    billingAddressLine1: account.billingAddressLine1,
    billingAddressLine2: account.billingAddressLine2,
    billingPostalCode: account.billingPostalCode,
    billingCity: account.billingCity,
    billingCountry: account.billingCountry,
    billingVatNumber: account.billingVatNumber,
    billingEmail: account.billingEmail,
    createdAt: account.createdAt.toISOString(),
  };
}

export const getAccount = defineEndpoint(
  {
    method: 'GET',
    path: '/account',
    tag: 'Account',
    summary: 'The key’s account',
    description: 'Name, status, balance and billing details of the account the key belongs to.',
    permission: 'account.view',
    success: { status: 200, description: 'The account.', schema: accountSchema },
  },
  async ({ access }) => ok(presentAccount(access.account, access.role)),
);

/** Any subset of the details form's fields; unknown fields (an accountId…) are refused. */
export const accountPatchSchema = accountDetailsSchema.partial().strict();

export const updateAccount = defineEndpoint(
  {
    method: 'PATCH',
    path: '/account',
    tag: 'Account',
    summary: 'Edit the account’s details',
    description:
      'Changes the given fields only. A personal account’s name is its owner’s and stays.',
    permission: 'account.edit',
    body: accountPatchSchema,
    idempotent: 'optional',
    success: { status: 200, description: 'The account after the change.', schema: accountSchema },
    errors: [422],
  },
  async ({ access, principal, ip, body }) => {
    const current = Object.fromEntries(
      ACCOUNT_DETAIL_FIELDS.map((field) => [field, access.account[field] ?? '']),
    );
    const accountId = access.account.id;
    await runAction(
      updateAccountDetailsDefinition,
      { principal, accountId, ip },
      {
        ...current,
        ...body,
      },
    );
    const [after] = await (await getDb()).select().from(accounts).where(eq(accounts.id, accountId));
    return ok(presentAccount(after ?? access.account, access.role));
  },
);
