import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  foreignKey,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------------------
// Users and Auth.js's own tables. The JS property names are the ones the Drizzle
// adapter expects; `email` always holds the normalised form (see lib/validation).
// ---------------------------------------------------------------------------
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: timestamp('email_verified', { withTimezone: true, mode: 'date' }),
  image: text('image'),
  passwordHash: text('password_hash'),
  createdAt: createdAt(),
});

// Server-side sessions: one row per sign-in, found by the SHA-256 of a random token that only
// the (encrypted) Auth.js cookie carries; the access check refuses a token without a live
// row, so deleting the row signs that browser out at its next request. Pages name a session
// by its id, never by the hash.
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    // Refreshed by the access check at most once a minute.
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_idx').on(t.tokenHash),
    index('sessions_user_idx').on(t.userId, t.lastSeenAt.desc()),
  ],
);

export const authAccounts = pgTable(
  'auth_accounts',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    provider: text('provider').notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    refresh_token: text('refresh_token'),
    access_token: text('access_token'),
    expires_at: integer('expires_at'),
    token_type: text('token_type'),
    scope: text('scope'),
    id_token: text('id_token'),
    session_state: text('session_state'),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.providerAccountId] }),
    index('auth_accounts_user_idx').on(t.userId),
  ],
);

export const authSessions = pgTable('auth_sessions', {
  sessionToken: text('session_token').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expires: timestamp('expires', { withTimezone: true, mode: 'date' }).notNull(),
});

export const authVerificationTokens = pgTable(
  'auth_verification_tokens',
  {
    identifier: text('identifier').notNull(),
    token: text('token').notNull(),
    expires: timestamp('expires', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// Single-use, expiring tokens sent by email. Only the SHA-256 of the token is stored.
export const userTokenPurpose = pgEnum('user_token_purpose', ['verify_email', 'reset_password']);

export const userTokens = pgTable(
  'user_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: userTokenPurpose('purpose').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('user_tokens_hash_idx').on(t.tokenHash),
    index('user_tokens_user_idx').on(t.userId, t.purpose),
  ],
);

// ---------------------------------------------------------------------------
// Accounts (personal and organizations) and memberships.
// Money: integer amounts in 1/10,000 of the currency unit (see lib/money.ts).
// ---------------------------------------------------------------------------
export const accountKind = pgEnum('account_kind', ['personal', 'organization']);
export const accountStatus = pgEnum('account_status', ['active', 'suspended']);
export const memberRole = pgEnum('member_role', ['owner', 'tech', 'admin']);

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: accountKind('kind').notNull(),
    name: text('name').notNull(),
    status: accountStatus('status').notNull().default('suspended'),
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    currency: char('currency', { length: 3 }).notNull().default('CHF'),
    // Set only for a personal account: makes "one personal account per user" a constraint.
    personalOwnerId: uuid('personal_owner_id').references(() => users.id, { onDelete: 'cascade' }),
    billingName: text('billing_name').notNull().default(''),
    billingAddressLine1: text('billing_address_line1').notNull().default(''),
    billingAddressLine2: text('billing_address_line2').notNull().default(''),
    billingPostalCode: text('billing_postal_code').notNull().default(''),
    billingCity: text('billing_city').notNull().default(''),
    billingCountry: char('billing_country', { length: 2 }),
    billingVatNumber: text('billing_vat_number').notNull().default(''),
    billingEmail: text('billing_email').notNull().default(''),
    // Resource limits, set per account by the operator (defaults in lib/resources/quotas.ts).
    instanceQuota: integer('instance_quota').notNull().default(20),
    bucketQuota: integer('bucket_quota').notNull().default(50),
    // Funds below this (units) send one warning email per crossing; 150,000 = 15.00.
    lowBalanceThreshold: bigint('low_balance_threshold', { mode: 'number' })
      .notNull()
      .default(150_000),
    // Set when the warning for the current crossing was sent; cleared once funds rise above.
    lowBalanceWarned: boolean('low_balance_warned').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('accounts_personal_owner_idx').on(t.personalOwnerId)],
);

export const memberships = pgTable(
  'memberships',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull(),
    createdAt: createdAt(),
    // Refreshed (at most every few minutes) by the access check.
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.userId] }),
    // The account menu lists a user's accounts: this index serves that lookup.
    index('memberships_user_idx').on(t.userId, t.accountId),
  ],
);

// ---------------------------------------------------------------------------
// Audit log and email outbox.
// ---------------------------------------------------------------------------
export const auditEvents = pgTable(
  'audit_events',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    metadata: jsonb('metadata')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('audit_events_account_time_idx').on(t.accountId, t.createdAt.desc(), t.id.desc()),
    index('audit_events_account_action_idx').on(
      t.accountId,
      t.action,
      t.createdAt.desc(),
      t.id.desc(),
    ),
    index('audit_events_account_actor_idx').on(
      t.accountId,
      t.actorUserId,
      t.createdAt.desc(),
      t.id.desc(),
    ),
    // Both filters at once: without it, a rare action of a busy actor scans all their events.
    index('audit_events_account_actor_action_idx').on(
      t.accountId,
      t.actorUserId,
      t.action,
      t.createdAt.desc(),
      t.id.desc(),
    ),
  ],
);

// ---------------------------------------------------------------------------
// Invitations (issue: team work). Only the SHA-256 of the token is stored.
// ---------------------------------------------------------------------------
export const invitationStatus = pgEnum('invitation_status', [
  'pending',
  'accepted',
  'declined',
  'revoked',
]);

export const invitations = pgTable(
  'invitations',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    email: text('email').notNull(),
    role: memberRole('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    status: invitationStatus('status').notNull().default('pending'),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    respondedByUserId: uuid('responded_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('invitations_token_hash_idx').on(t.tokenHash),
    // At most one pending invitation per address and organization.
    uniqueIndex('invitations_pending_email_idx')
      .on(t.accountId, t.email)
      .where(sql`${t.status} = 'pending'`),
    index('invitations_account_status_idx').on(t.accountId, t.status, t.createdAt.desc()),
    // Pending invitations addressed to a signed-in user (account menu).
    index('invitations_email_idx').on(t.email, t.status),
  ],
);

// ---------------------------------------------------------------------------
// Funds: an append-only ledger and payments (issue: funds and payments).
// Amounts are signed integers in 1/10,000 of the currency (see lib/money.ts).
// ---------------------------------------------------------------------------
export const ledgerEntryKind = pgEnum('ledger_entry_kind', [
  'payment',
  'usage',
  'adjustment',
  'refund',
  'dispute',
]);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    kind: ledgerEntryKind('kind').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
    description: text('description').notNull(),
    paymentId: uuid('payment_id'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('ledger_entries_account_time_idx').on(t.accountId, t.createdAt.desc(), t.id.desc()),
    // A payment credits the ledger at most once (refunds and disputes of it are other kinds).
    uniqueIndex('ledger_entries_payment_idx')
      .on(t.accountId, t.paymentId)
      .where(sql`${t.kind} = 'payment'`),
  ],
);

export const paymentStatus = pgEnum('payment_status', ['pending', 'succeeded', 'failed']);

export const payments = pgTable(
  'payments',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    // Human-facing reference printed on receipts, e.g. "PAY-7F3K9Q2M".
    reference: text('reference').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    // Hash of the request parameters: same key + different parameters is a conflict.
    requestHash: text('request_hash').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: paymentStatus('status').notNull().default('pending'),
    provider: text('provider').notNull(),
    providerPaymentId: text('provider_payment_id'),
    cardBrand: text('card_brand'),
    cardLast4: char('card_last4', { length: 4 }),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('payments_idempotency_idx').on(t.accountId, t.idempotencyKey),
    uniqueIndex('payments_reference_idx').on(t.accountId, t.reference),
    index('payments_account_time_idx').on(t.accountId, t.createdAt.desc()),
    uniqueIndex('payments_provider_idx').on(t.accountId, t.provider, t.providerPaymentId),
  ],
);

// Money going back after a payment: refunds (full or partial) and card disputes. Each row is
// one signed ledger entry and the credit note that documents it; one per provider event.
export const creditNoteKind = pgEnum('credit_note_kind', [
  'refund',
  'dispute_opened',
  'dispute_won',
]);

export const creditNotes = pgTable(
  'credit_notes',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    // Human-facing number printed on the document, e.g. "CN-7F3K9Q2M4A".
    reference: text('reference').notNull(),
    paymentId: uuid('payment_id').notNull(),
    kind: creditNoteKind('kind').notNull(),
    // Signed units, as posted to the ledger: negative takes funds back.
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    provider: text('provider').notNull(),
    providerEventId: text('provider_event_id').notNull(),
    // The refund's charge or the dispute id at the provider.
    providerObjectId: text('provider_object_id').notNull(),
    reason: text('reason'),
    ledgerEntryId: uuid('ledger_entry_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('credit_notes_event_idx').on(t.accountId, t.provider, t.providerEventId),
    uniqueIndex('credit_notes_reference_idx').on(t.accountId, t.reference),
    index('credit_notes_payment_idx').on(t.accountId, t.paymentId, t.createdAt),
    index('credit_notes_account_time_idx').on(t.accountId, t.createdAt.desc()),
  ],
);

// Webhook events already processed (a replayed event is recognised and ignored).
export const processedWebhookEvents = pgTable(
  'processed_webhook_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

// ---------------------------------------------------------------------------
// Resources: compute instances and storage buckets (simulated lifecycle), and their
// metered usage. Hourly rates are copied from the catalog at creation (units per hour), so
// the meter needs no catalog and a later price change applies to new resources only.
// ---------------------------------------------------------------------------
export const instanceState = pgEnum('instance_state', [
  'starting',
  'running',
  'stopping',
  'stopped',
  'rebooting',
  'destroying',
  'deleted',
]);

/** Columns the meter reads and advances on every metered resource (lib/billing/metering.ts). */
const meterColumns = () => ({
  // Charged up to this instant (the clock's time); the next run charges from here.
  meteredUntil: timestamp('metered_until', { withTimezone: true }).notNull(),
  // Sub-unit remainder carried between runs, in unit·milliseconds per hour (< 3,600,000).
  meterRemainder: bigint('meter_remainder', { mode: 'number' }).notNull().default(0),
  // Charged to this resource but not yet posted to the ledger (units).
  unpostedCharge: bigint('unposted_charge', { mode: 'number' }).notNull().default(0),
});

export const instances = pgTable(
  'instances',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    zone: text('zone').notNull(),
    state: instanceState('state').notNull(),
    // When a transitional state settles into the next one (null when not transitional).
    settleAt: timestamp('settle_at', { withTimezone: true }),
    runningRate: bigint('running_rate', { mode: 'number' }).notNull(),
    stoppedRate: bigint('stopped_rate', { mode: 'number' }).notNull(),
    ...meterColumns(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    // The console's list (newest first, keyset) and the quota count.
    index('instances_account_list_idx').on(t.accountId, t.createdAt.desc(), t.id.desc()),
    // The settle job finds due transitions without scanning settled instances.
    index('instances_settle_idx')
      .on(t.accountId, t.settleAt)
      .where(sql`${t.settleAt} is not null`),
  ],
);

export const bucketState = pgEnum('bucket_state', ['active', 'deleted']);

export const buckets = pgTable(
  'buckets',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    zone: text('zone').notNull(),
    state: bucketState('state').notNull().default('active'),
    objectCount: bigint('object_count', { mode: 'number' }).notNull().default(0),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull().default(0),
    rate: bigint('rate', { mode: 'number' }).notNull(),
    ...meterColumns(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('buckets_account_list_idx').on(t.accountId, t.createdAt.desc(), t.id.desc()),
  ],
);

/**
 * Bucket names are global (DNS names), unlike everything else, which is per account: this
 * small table is the one global uniqueness check (a reference table on a sharded database).
 * A live bucket holds its name here; deleting the bucket frees it.
 */
export const bucketNames = pgTable(
  'bucket_names',
  {
    name: text('name').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    bucketId: uuid('bucket_id').notNull(),
  },
  (t) => [index('bucket_names_account_idx').on(t.accountId, t.bucketId)],
);

export const usageKind = pgEnum('usage_kind', ['instance_running', 'instance_stopped', 'bucket']);

/**
 * Metered usage per resource, kind and UTC day: the meter adds to the day's row (so the
 * per-resource breakdown is exact and the table grows by day, not by run). Updated on every
 * meter run: created with a low fillfactor (see the migration) so updates stay HOT.
 */
export const usageRecords = pgTable(
  'usage_records',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id').notNull(),
    kind: usageKind('kind').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    resourceName: text('resource_name').notNull(),
    // Metered time in milliseconds and the amount charged for it (units).
    quantityMs: bigint('quantity_ms', { mode: 'number' }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.resourceId, t.kind] })],
);

export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    toAddress: text('to_address').notNull(),
    fromAddress: text('from_address').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    // 'stored' in the embedded default, 'sent' / 'failed' when Resend is configured.
    status: text('status').notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [index('email_outbox_created_idx').on(t.createdAt.desc())],
);

// Fixed-window counters shared by every app instance (sign-in / sign-up throttling).
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

// ---------------------------------------------------------------------------
// API key pairs (one active pair per membership) and the REST API's idempotency records.
// ---------------------------------------------------------------------------
export const apiKeys = pgTable(
  'api_keys',
  {
    accountId: uuid('account_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    // The public half ("ALPK…"): the Basic-auth username, unique across all accounts.
    key: text('key').notNull(),
    // HMAC-SHA256(pepper, secret), hex. The secret itself is never stored.
    secretHash: text('secret_hash').notNull(),
    createdAt: createdAt(),
    // Refreshed at most once a minute by the access check.
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    // The key dies with its membership (removal, leave, organization deleted).
    foreignKey({
      columns: [t.accountId, t.userId],
      foreignColumns: [memberships.accountId, memberships.userId],
      name: 'api_keys_membership_fk',
    }).onDelete('cascade'),
    uniqueIndex('api_keys_key_idx').on(t.key),
    // One active pair per membership: a constraint, not a convention.
    uniqueIndex('api_keys_active_membership_idx')
      .on(t.accountId, t.userId)
      .where(sql`${t.revokedAt} is null`),
  ],
);

export const apiIdempotency = pgTable(
  'api_idempotency',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    // What the key was first used for: method, path and body, hashed.
    requestHash: text('request_hash').notNull(),
    // Null while the first request is still running.
    status: integer('status'),
    response: jsonb('response').$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);

export type User = typeof users.$inferSelect;
export type Account = typeof accounts.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type MemberRole = (typeof memberRole.enumValues)[number];
export type AccountKind = (typeof accountKind.enumValues)[number];
export type AccountStatus = (typeof accountStatus.enumValues)[number];
export type AuditEvent = typeof auditEvents.$inferSelect;
export type EmailMessage = typeof emailOutbox.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type Instance = typeof instances.$inferSelect;
export type InstanceState = (typeof instanceState.enumValues)[number];
export type Bucket = typeof buckets.$inferSelect;
export type UsageKind = (typeof usageKind.enumValues)[number];
export type CreditNote = typeof creditNotes.$inferSelect;
export type Session = typeof sessions.$inferSelect;
