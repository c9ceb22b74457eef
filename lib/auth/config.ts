import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import { getDb } from '@/db/client';
import { authAccounts, authSessions, authVerificationTokens, users } from '@/db/schema';
import { clientIpFromHeaders } from '@/lib/http/client-ip';
import { checkRateLimitsInOrder, signInRateLimitChecks } from '@/lib/security/rate-limit';
import { createSession, deleteSession, sessionPrincipal } from '@/lib/auth/sessions';
import { checkCredentials } from '@/lib/auth/users';
import { signInSchema } from '@/lib/validation';

// Domain: auth (lib/auth/). Owns who the user is: the Auth.js configuration (config.ts), the
// session and principal (session.ts), users, sign-up, verification and password reset
// (users.ts), password hashing, link tokens, the safe redirect and the auth emails. May
// import: db/, shared helpers, authz/ (the Principal type), audit/, email/, security/.

export class SignInFailed extends CredentialsSignin {
  constructor(code: 'invalid' | 'unverified' | 'rate_limited') {
    super();
    this.code = code;
  }
}

export const SESSION_MAX_AGE_SECONDS = 14 * 24 * 60 * 60;

/** In development only, a secret kept under .data/ spares a newcomer from setting one. */
export function authSecret(): string | undefined {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (process.env.NODE_ENV === 'production') return undefined;
  const file = path.join(process.cwd(), '.data', 'dev-auth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'w', mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

// Built on first use, so `next build` never opens the database.
async function buildConfig(): Promise<NextAuthConfig> {
  const db = await getDb();
  return {
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: authAccounts,
      sessionsTable: authSessions,
      verificationTokensTable: authVerificationTokens,
    }),
    secret: authSecret(),
    trustHost: process.env.AUTH_TRUST_HOST === 'true' || process.env.NODE_ENV !== 'production',
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    logger: {
      error(error) {
        // A refused sign-in is an expected outcome, not a server error.
        if (error instanceof CredentialsSignin) return;
        console.error('[auth]', error);
      },
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(raw, request) {
          const parsed = signInSchema.safeParse(raw);
          if (!parsed.success) throw new SignInFailed('invalid');
          // Throttled here, not only in our form action: Auth.js's own callback route reaches
          // this function too. Per IP, per (email, IP) and, looser, per email: failing on
          // purpose from one address cannot lock the user out from their own.
          const limit = await checkRateLimitsInOrder(
            db,
            signInRateLimitChecks(parsed.data.email, clientIpFromHeaders(request.headers)),
          );
          if (!limit.allowed) throw new SignInFailed('rate_limited');
          const result = await checkCredentials(db, parsed.data.email, parsed.data.password);
          if (!result.ok) throw new SignInFailed(result.reason);
          const { user } = result;
          // The server-side session: the cookie carries its token, the database its hash.
          const sessionToken = await createSession(db, {
            userId: user.id,
            ip: clientIpFromHeaders(request.headers),
            userAgent: request.headers.get('user-agent'),
          });
          return { id: user.id, name: user.name, email: user.email, sessionToken };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.sessionToken) token.sid = user.sessionToken;
        return token;
      },
      // The session token stays in the encrypted cookie: /api/auth/session never shows it.
      session({ session }) {
        return session;
      },
    },
    events: {
      // Auth.js's own sign-out route ends the server-side session too.
      async signOut(message) {
        const sid = 'token' in message ? message.token?.sid : undefined;
        if (typeof sid === 'string') await deleteSession(db, sessionPrincipal(sid).tokenHash);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(buildConfig);
