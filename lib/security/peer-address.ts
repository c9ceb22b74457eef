import net from 'node:net';

/**
 * The TCP peer of a request, as a header the server writes itself. Next.js exposes no socket
 * address to pages, and the `X-Forwarded-For` it fills in is kept when the client sent one —
 * so a client talking to `next start` directly could claim to be 127.0.0.1. This header is
 * set from the socket on every request (overwriting anything the client sent under that
 * name) by `installPeerAddressHeader`, called once at server start (instrumentation.ts).
 */
export const PEER_ADDRESS_HEADER = 'x-alpenglow-peer-address';

const INSTALLED = Symbol.for('alpenglow.peerAddressHeader');

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

interface RequestLike {
  headers?: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
}

/** Stamps every incoming HTTP request with its socket's remote address (idempotent). */
export function installPeerAddressHeader(): void {
  const proto = net.Server.prototype as unknown as Record<symbol, unknown> & { emit: Emit };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const original = proto.emit;
  // http, https and http2-compat servers all emit 'request' through net.Server's emit.
  proto.emit = function emit(this: net.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as RequestLike | undefined;
      if (request?.headers) {
        request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? '';
      }
    }
    return original.call(this, event, ...args);
  };
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string): boolean {
  const plain = address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:/, '');
  if (plain === '::1') return true;
  return net.isIPv4(plain) && plain.startsWith('127.');
}

/**
 * Whether a request comes from this machine: its TCP peer is a loopback address and, if a
 * reverse proxy on this machine forwarded it, every address in `X-Forwarded-For` is loopback
 * too (the proxy is the peer; the client it names must be local as well). No peer header —
 * the server did not stamp it — counts as not local.
 */
export function isLoopbackRequest(headers: Headers): boolean {
  const peer = headers.get(PEER_ADDRESS_HEADER);
  if (!peer || !isLoopbackAddress(peer)) return false;
  const forwarded = headers.get('x-forwarded-for');
  if (!forwarded) return true;
  return forwarded.split(',').every((entry) => isLoopbackAddress(entry));
}
