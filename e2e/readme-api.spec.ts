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
  const [account, payment, list] = outputs as [
    { role: string; status: string },
    { id: string; status: string; amount: { amount: string } },
    { data: Array<{ id: string }> },
  ];
  expect(account).toMatchObject({ role: 'owner', status: 'suspended' });
  expect(payment).toMatchObject({ status: 'succeeded', amount: { amount: '50.0000' } });
  expect(list.data[0]!.id).toBe(payment.id);

  // The payment made the account active, as the console shows.
  await page.reload();
  await expect(page.getByTestId('status-banner')).toHaveCount(0);
});
