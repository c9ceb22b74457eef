import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { newSignedInUser } from './helpers';
import { openFromNav } from './pages/console';

// The README's REST API walkthrough, run as written: the commands between its
// `api-walkthrough` markers, with a key pair made in the console and the e2e server's origin
// in place of the placeholders the reader fills in.

/** The walkthrough's commands: continuation lines joined, comments and `export`s dropped. */
function walkthroughCommands(): string[] {
  const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
  const section =
    /<!-- api-walkthrough[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- \/api-walkthrough -->/.exec(readme);
  if (!section) throw new Error('README has no api-walkthrough section');
  return section[1]!
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('export '));
}

test('the README’s curl walkthrough works as written', async ({ page, baseURL }) => {
  const commands = walkthroughCommands();
  expect(commands.length).toBeGreaterThanOrEqual(3);
  expect(commands.every((c) => c.startsWith('curl '))).toBe(true);

  await newSignedInUser(page, 'Curl Reader');
  await openFromNav(page, 'API keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const env = {
    ...process.env,
    ALPENGLOW: baseURL!,
    KEY: (await page.getByTestId('issued-key').textContent())!,
    SECRET: (await page.getByTestId('issued-secret').textContent())!,
  };

  const outputs = commands.map((command) => {
    const stdout = execFileSync('bash', ['-c', command], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  });
  const [account, empty, refused, payment, instance, instances, payments] = outputs as [
    { id: string; role: string; status: string },
    { data: unknown[]; next_cursor: string | null },
    { error: { code: string; message: string } },
    { id: string; status: string; amount: { amount: string } },
    { id: string; name: string; state: string },
    { data: Array<{ id: string; state: string }> },
    { data: Array<{ id: string }> },
  ];
  expect(outputs).toHaveLength(7);
  expect(account).toMatchObject({ role: 'owner', status: 'suspended' });
  expect(empty).toEqual({ data: [], next_cursor: null });
  expect(refused.error).toMatchObject({
    code: 'account_suspended',
    message: expect.stringContaining('SUSPENDED'),
  });
  expect(payment).toMatchObject({ status: 'succeeded', amount: { amount: '50.0000' } });
  // Starting (or already running, if the settle job was quick).
  expect(instance).toMatchObject({
    name: 'web-1',
    state: expect.stringMatching(/^(starting|running)$/),
  });
  expect(instances.data.map((i) => i.id)).toEqual([instance.id]);
  expect(payments.data[0]!.id).toBe(payment.id);

  // The console shows what the API did: the account is active and the instance is listed.
  await page.reload();
  await expect(page.getByTestId('status-banner')).toHaveCount(0);
  await page.goto(`/a/${account.id}/compute`);
  await expect(page.locator('[data-testid="instance-row"][data-name="web-1"]')).toBeVisible();
});
