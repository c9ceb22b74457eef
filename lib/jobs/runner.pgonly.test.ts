import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PgBoss from 'pg-boss';
import { getDb, type Db } from '@/db/client';
import { fund, instanceRow, newInstance } from '@/lib/resources/test-helpers';
import { createTeam } from '@/test/factories';
import { METER_QUEUE, startJobRunner, stopJobRunner } from './runner';

// The job runner on a PostgreSQL server: pg-boss keeps the meter's schedule and the settle
// jobs in the database. Real wall clock here (the jobs run on their own), so the assertion
// waits generously for the settle job instead of assuming a fast machine.

let db: Db;
let boss: PgBoss | undefined;
const previous = process.env.RESOURCE_SETTLE_SECONDS;

beforeAll(async () => {
  db = await getDb();
  process.env.RESOURCE_SETTLE_SECONDS = '0';
  const runner = await startJobRunner();
  if (runner?.kind !== 'pg-boss') throw new Error(`expected pg-boss, got ${runner?.kind}`);
  boss = runner.boss;
});

afterAll(async () => {
  await stopJobRunner();
  if (previous === undefined) delete process.env.RESOURCE_SETTLE_SECONDS;
  else process.env.RESOURCE_SETTLE_SECONDS = previous;
});

describe('the job runner on PostgreSQL (pg-boss)', () => {
  it('schedules the meter in the database, once whatever the number of starts', async () => {
    await startJobRunner(); // a second start in this process is the same runner
    const schedules = await boss!.getSchedules();
    expect(schedules.filter((s) => s.name === METER_QUEUE)).toHaveLength(1);
    expect(schedules.find((s) => s.name === METER_QUEUE)).toMatchObject({ cron: '0 * * * *' });
  });

  it('settles a new instance through a pg-boss job after the request', async () => {
    const { org, users } = await createTeam(db, 'Owner');
    await fund(db, org.id, 100 * 10_000);
    const instance = await newInstance(db, users[0], org);
    expect(instance.state).toBe('starting');
    let state = instance.state;
    for (let i = 0; i < 120 && state !== 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      state = (await instanceRow(db, org.id, instance.id)).state;
    }
    expect(state).toBe('running');
  }, 90_000);
});
