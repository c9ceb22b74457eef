// HTTP as a browser and an API client speak it to a running instance: a cookie jar, Auth.js's
// credentials sign-in, and API calls with a key pair.

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  has(prefix: string): boolean {
    return [...this.cookies.keys()].some((name) => name.includes(prefix));
  }
}

/** Signs in through Auth.js's credentials callback; the jar then holds the session cookie. */
export async function signIn(origin: string, email: string, password: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${origin}/` }),
  });
  jar.take(response);
  if (!jar.has('session-token')) {
    throw new Error(`sign-in of ${email} on ${origin} failed: ${response.status}`);
  }
  return jar;
}

export interface KeyPair {
  key: string;
  secret: string;
}

export function apiHeaders(pair: KeyPair, extra: Record<string, string> = {}) {
  const basic = Buffer.from(`${pair.key}:${pair.secret}`).toString('base64');
  return { authorization: `Basic ${basic}`, ...extra };
}

export async function page(origin: string, path: string, jar: CookieJar): Promise<Response> {
  return fetch(`${origin}${path}`, { headers: { cookie: jar.header() }, redirect: 'manual' });
}

export async function api(
  origin: string,
  pair: KeyPair,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${origin}/api/v1${path}`, {
    method,
    headers: apiHeaders(
      pair,
      body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A test card payment body of the API (CHF 10.00 unless said otherwise). */
export const paymentBody = (amount = '10.00') => ({
  amount,
  card: { number: '4242 4242 4242 4242', expiry: '12/30', cvc: '123' },
});
