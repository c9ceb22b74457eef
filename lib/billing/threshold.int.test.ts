import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts } from '@/db/schema';
import { actAs, createTeam, expectInvalid, expectOk, onlyAuditEvent } from '@/test/factories';
import { setLowBalanceThresholdDefinition } from './threshold';

let db: Db;
beforeEach(async () => {
  db = await getDb();
});

describe('the low-balance threshold', () => {
  it('is set by an Owner or Admin, audited, and refused to a Tech', async () => {
    const { org, users } = await createTeam(db, 'Owner', ['Admin', 'admin'], ['Tech', 'tech']);
    const [, admin, tech] = users;
    expect(org.lowBalanceThreshold).toBe(150_000); // 15.00 by default
    expectOk(
      await actAs(admin, setLowBalanceThresholdDefinition, org.id, { threshold: '40' }, null),
    );
    const [row] = await db.select().from(accounts).where(eq(accounts.id, org.id));
    expect(row?.lowBalanceThreshold).toBe(400_000);
    const event = await onlyAuditEvent(db, org.id, 'account.low_balance_threshold_changed');
    expect(event).toMatchObject({
      actorUserId: admin.id,
      metadata: { before: 150_000, after: 400_000 },
    });
    expect(
      await actAs(tech, setLowBalanceThresholdDefinition, org.id, { threshold: '1' }, null),
    ).toEqual({
      ok: false,
      kind: 'forbidden',
    });
  });

  it('accepts 0 (off) and refuses what is not an amount', async () => {
    const { org, users } = await createTeam(db, 'Owner');
    expectOk(
      await actAs(users[0], setLowBalanceThresholdDefinition, org.id, { threshold: '0' }, null),
    );
    for (const threshold of ['-5', 'abc', '1.005', '20000']) {
      const fields = expectInvalid(
        await actAs(users[0], setLowBalanceThresholdDefinition, org.id, { threshold }, null),
      );
      expect(fields.threshold, threshold).toBeDefined();
    }
  });
});
