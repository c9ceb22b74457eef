import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  installPeerAddressHeader,
  isLoopbackAddress,
  isLoopbackRequest,
  PEER_ADDRESS_HEADER,
} from './peer-address';

const request = (entries: Record<string, string>) => new Headers(entries);

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', ' 127.0.0.1 '])('%s: yes', (a) =>
    expect(isLoopbackAddress(a)).toBe(true),
  );
  it.each(['10.0.0.1', '203.0.113.9', '::ffff:10.0.0.1', 'fe80::1', 'localhost', '', '128.0.0.1'])(
    '%s: no',
    (a) => expect(isLoopbackAddress(a)).toBe(false),
  );
});

describe('isLoopbackRequest', () => {
  it('a request from this machine', () => {
    expect(isLoopbackRequest(request({ [PEER_ADDRESS_HEADER]: '127.0.0.1' }))).toBe(true);
    expect(
      isLoopbackRequest(request({ [PEER_ADDRESS_HEADER]: '::1', 'x-forwarded-for': '::1' })),
    ).toBe(true);
  });

  it('a remote peer claiming 127.0.0.1 in X-Forwarded-For is not local', () => {
    expect(
      isLoopbackRequest(
        request({ [PEER_ADDRESS_HEADER]: '198.51.100.4', 'x-forwarded-for': '127.0.0.1' }),
      ),
    ).toBe(false);
  });

  it('a local reverse proxy forwarding a remote client is not local', () => {
    expect(
      isLoopbackRequest(
        request({
          [PEER_ADDRESS_HEADER]: '127.0.0.1',
          'x-forwarded-for': '127.0.0.1, 203.0.113.9',
        }),
      ),
    ).toBe(false);
  });

  it('without the server-stamped peer address: not local', () => {
    expect(isLoopbackRequest(request({ 'x-forwarded-for': '127.0.0.1' }))).toBe(false);
  });
});

describe('installPeerAddressHeader', () => {
  it('stamps the socket address, overwriting a header the client sent itself', async () => {
    installPeerAddressHeader();
    installPeerAddressHeader(); // idempotent
    const seen: Array<string | string[] | undefined> = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers[PEER_ADDRESS_HEADER]);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { [PEER_ADDRESS_HEADER]: '10.9.8.7' },
      });
      expect(await response.text()).toBe('ok');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual(['127.0.0.1']);
  });
});
