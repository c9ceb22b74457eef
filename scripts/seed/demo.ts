import type { MemberRole } from '@/db/schema';

// The demo data's fixed names and ids: the README's logins and what the e2e specs and the
// benchmarks look up. Fixed ids also keep the seed idempotent (it adds what is missing).

export const DEMO_PASSWORD = 'alpenglow-demo';
export const DEMO_USERS = [
  { name: 'Alice Martin', email: 'alice@example.com', acmeRole: 'owner' },
  { name: 'Bruno Keller', email: 'bruno@example.com', acmeRole: 'tech' },
  { name: 'Chloé Favre', email: 'chloe@example.com', acmeRole: 'admin' },
] as const satisfies ReadonlyArray<{ name: string; email: string; acmeRole: MemberRole }>;

export const ACME_ID = 'ac000000-0000-4000-8000-000000000001';
/** A large organization, so the Users page's search and pagination show at once. */
export const GLACIER_ID = 'ac000000-0000-4000-8000-000000000002';
export const GLACIER_MEMBER_COUNT = 300;
/** Acme Corp's pending invitation (as Admin). */
export const PENDING_INVITEE = 'dana@example.com';

/** The scale case (`--many-orgs`): one user in MANY_ORGS_COUNT organizations. */
export const MANY_ORGS_USER = { name: 'Mia Many', email: 'many@example.com' };
/** Owner of the scale organizations where Mia is not (every organization has an owner). */
export const SCALE_OWNER = { name: 'Sven Scale', email: 'scale-owner@example.com' };
export const MANY_ORGS_COUNT = 500;

/** A demo organization whose funds ran out: suspended, its instances stopped (alice owns it). */
export const DORMANT_ID = 'b1000000-0000-4000-8000-000000000001';
/** For the billing end-to-end test only: suspended at 0, chloe admin, tess tech. */
export const BILLING_TEST_ORG_ID = 'b1000000-0000-4000-8000-000000000002';
export const TESS = { name: 'Tess Tech', email: 'tess@example.com' };

/** For the resources end-to-end test: a funded org and an almost empty one, Theo as Tech. */
export const ORBIT_ID = 'b1000000-0000-4000-8000-000000000003';
export const DRAIN_ID = 'b1000000-0000-4000-8000-000000000004';
export const THEO = { name: 'Theo Tech', email: 'theo@example.com' };
