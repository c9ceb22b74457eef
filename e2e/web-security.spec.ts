import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { DEMO_PASSWORD, newSignedInUser, signIn } from './helpers';
import { ACCOUNT_ACTIONS, AUTH_ACTIONS, callAction, formArgs } from './server-actions';

// Web security of the built server: redirects stay on this origin, cross-site writes are
// refused, personalised answers are never cached, no answer carries a secret's hash or another
// account's data, and every route sends the security headers.

const ACME_ID = 'ac000000-0000-4000-8000-000000000001';
const EVIL_TARGETS = [
  'https://evil.example/x',
  '//evil.example/x',
  '/\\evil.example/x',
  '\\\\evil.example',
  '/%2F%2Fevil.example',
  '/.//evil.example',
  'javascript:alert(1)',
  'http:evil.example',
  ' //evil.example',
  '\t//evil.example',
];

test.describe.configure({ mode: 'parallel' });

/** This server: its own origin, or Auth.js's name for it (it answers with "localhost"). */
function expectSameOrigin(location: string | undefined, baseURL: string) {
  if (!location) return;
  const target = new URL(location, baseURL);
  const base = new URL(baseURL);
  expect(target.protocol, location).toBe(base.protocol);
  expect(target.port, location).toBe(base.port);
  expect([base.hostname, 'localhost'], location).toContain(target.hostname);
}

test('every redirect parameter falls back to this origin', async ({ page, baseURL }) => {
  const user = await newSignedInUser(page, 'Rita Redirect');
  for (const target of EVIL_TARGETS) {
    const q = encodeURIComponent(target);
    // Signed in, the sign-in page sends the user on to its callbackUrl.
    for (const path of [`/sign-in?callbackUrl=${q}`, `/api/auth/signin?callbackUrl=${q}`]) {
      const response = await page.request.get(path, { maxRedirects: 0, failOnStatusCode: false });
      expect(response.status(), path).toBeLessThan(500);
      expectSameOrigin(response.headers()['location'], baseURL!);
    }
  }
  // The sign-in action itself, with a crafted callbackUrl (each is a real sign-in).
  for (const target of EVIL_TARGETS.slice(0, 3)) {
    const answer = await callAction(
      page.request,
      '/sign-in',
      [AUTH_ACTIONS, 'signInAction'],
      formArgs({ email: user.email, password: 'correct horse battery', callbackUrl: target }),
      { baseURL: baseURL! },
    );
    expect(answer.status).toBeLessThan(500);
    expect(answer.redirect, target).not.toBeNull();
    expectSameOrigin(answer.redirect!, baseURL!);
  }
});

test('cross-site POSTs are refused before anything runs', async ({ page, baseURL }) => {
  await signIn(page, 'alice@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/a\/[0-9a-f-]{36}$/);
  for (const origin of ['https://evil.example', 'null', `${baseURL}.evil.example`]) {
    const answer = await callAction(
      page.request,
      `/a/${ACME_ID}/details`,
      [ACCOUNT_ACTIONS, 'updateAccountDetailsAction'],
      formArgs({ accountId: ACME_ID, name: 'Pwned' }),
      { baseURL: baseURL!, origin },
    );
    expect(answer.status, origin).toBe(403);
    expect(answer.result).toBeNull();
  }
  // The browser's own word: Sec-Fetch-Site cross-site, even without an Origin.
  const fetched = await page.request.post(`/a/${ACME_ID}/details`, {
    headers: { 'Sec-Fetch-Site': 'cross-site', 'Next-Action': 'x' },
    form: { name: 'Pwned' },
    failOnStatusCode: false,
  });
  expect(fetched.status()).toBe(403);
  // Cookie-authenticated route handlers: Auth.js's sign-out from another site.
  const signOut = await page.request.post('/api/auth/signout', {
    headers: { Origin: 'https://evil.example' },
    form: { callbackUrl: '/' },
    failOnStatusCode: false,
  });
  expect(signOut.status()).toBe(403);
  await page.goto(`/a/${ACME_ID}`);
  await expect(page.getByTestId('account-name')).toHaveText('Acme Corp');
});

/** The console pages of an account a signed-in user can open. */
function consolePages(accountId: string, kind: 'personal' | 'organization') {
  const common = ['', '/details', '/billing', '/audit', '/security'];
  return [...common, kind === 'personal' ? '/organizations' : '/users'].map(
    (p) => `/a/${accountId}${p}`,
  );
}

async function getAll(request: APIRequestContext, paths: string[]) {
  const out: Array<[string, APIResponse]> = [];
  for (const path of paths) out.push([path, await request.get(path, { failOnStatusCode: false })]);
  return out;
}

test('personalised pages are private and never stored; no answer carries a hash or another account', async ({
  page,
}) => {
  const user = await newSignedInUser(page, 'Priya Private');
  const accountId = user.accountUrl.split('/').pop()!;
  const answers = await getAll(page.request, [
    ...consolePages(accountId, 'personal'),
    '/api/auth/session',
    `/a/${accountId}/audit/export`,
  ]);
  for (const [path, response] of answers) {
    expect(response.status(), path).toBe(200);
    const cacheControl = response.headers()['cache-control'] ?? '';
    expect(cacheControl, path).toContain('no-store');
    if (!path.startsWith('/api/auth')) expect(cacheControl, path).toContain('private');
    const body = await response.text();
    expect(body, path).not.toMatch(/\$argon2/);
    expect(body, path).not.toMatch(/password_?hash|token_?hash|secret_?hash/i);
    // Nothing of the seeded organizations this user is no member of.
    for (const other of ['Acme Corp', 'Glacier', 'alice@example.com', 'Billing Test Org'])
      expect(body, `${path} mentions ${other}`).not.toContain(other);
  }
});

test('every route sends the security headers', async ({ page, baseURL }) => {
  const user = await newSignedInUser(page, 'Hedda Headers');
  const accountId = user.accountUrl.split('/').pop()!;
  const paths = [
    '/',
    '/sign-in',
    '/sign-up',
    '/forgot-password',
    '/reset-password',
    '/verify-email',
    '/resend-verification',
    '/invitation',
    `/invitations/${ACME_ID}`,
    ...consolePages(accountId, 'personal'),
    `/a/${ACME_ID}`,
    `/a/${accountId}/audit/export`,
    '/api/auth/session',
    '/api/auth/csrf',
    '/robots.txt',
    '/no-such-page',
  ];
  const answers = await getAll(page.request, paths);
  const webhook = await page.request.post('/api/webhooks/stripe', {
    data: '{}',
    failOnStatusCode: false,
  });
  answers.push(['POST /api/webhooks/stripe', webhook]);
  for (const [path, response] of answers) {
    const headers = response.headers();
    // The webhook answers 503 on purpose while Stripe is not configured (the e2e server).
    if (!path.includes('webhooks')) expect(response.status(), path).toBeLessThan(500);
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['referrer-policy'], path).toBeTruthy();
    expect(headers['permissions-policy'], path).toContain('camera=()');
    expect(headers['x-powered-by'], path).toBeUndefined();
    if ((headers['content-type'] ?? '').includes('text/html')) {
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-/);
    }
  }
  expect(baseURL).toBeTruthy();
});
