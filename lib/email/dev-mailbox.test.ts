import { describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER } from '@/lib/security/peer-address';
import { isDevMailboxEnabled, mayOpenDevMailbox, warnIfDevMailboxEnabled } from './dev-mailbox';

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
const local = new Headers({ [PEER_ADDRESS_HEADER]: '127.0.0.1' });
const remote = new Headers({ [PEER_ADDRESS_HEADER]: '203.0.113.9' });
const proxied = new Headers({ [PEER_ADDRESS_HEADER]: '127.0.0.1', 'x-forwarded-for': '192.0.2.1' });

describe('the development mailbox', () => {
  it('is off in production unless DEV_MAILBOX=1', () => {
    expect(isDevMailboxEnabled(env({ NODE_ENV: 'production' }))).toBe(false);
    expect(isDevMailboxEnabled(env({ NODE_ENV: 'production', DEV_MAILBOX: 'true' }))).toBe(false);
    expect(isDevMailboxEnabled(env({ NODE_ENV: 'production', DEV_MAILBOX: '1' }))).toBe(true);
    expect(isDevMailboxEnabled(env({ NODE_ENV: 'development' }))).toBe(true);
  });

  it('answers only requests from this machine, even where it is enabled', () => {
    const dev = env({ NODE_ENV: 'development' });
    expect(mayOpenDevMailbox(local, dev)).toBe(true);
    expect(mayOpenDevMailbox(remote, dev)).toBe(false);
    expect(mayOpenDevMailbox(proxied, dev)).toBe(false);
    expect(mayOpenDevMailbox(local, env({ NODE_ENV: 'production' }))).toBe(false);
  });

  it('is announced loudly at start when on, and not at all when off', () => {
    const lines: string[] = [];
    expect(
      warnIfDevMailboxEnabled(env({ NODE_ENV: 'production', DEV_MAILBOX: '1' }), (m) =>
        lines.push(m),
      ),
    ).toBe(true);
    expect(lines.join('\n')).toMatch(/WARNING: the development mailbox \/dev\/mailbox is ON/);
    expect(lines.join('\n')).toContain('DEV_MAILBOX=1');
    expect(warnIfDevMailboxEnabled(env({ NODE_ENV: 'production' }), (m) => lines.push(m))).toBe(
      false,
    );
    expect(lines).toHaveLength(1);
  });
});
