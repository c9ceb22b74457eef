'use server';

import { CredentialsSignin } from 'next-auth';
import { redirect } from 'next/navigation';
import { getDb, type Db } from '@/db/client';
import type { User } from '@/db/schema';
import { signIn, signOut } from '@/lib/auth/config';
import { deleteSession } from '@/lib/auth/sessions';
import {
  sendAccountExistsEmail,
  sendConfirmAndSetPasswordEmail,
  sendPasswordResetEmail,
  sendVerificationEmail,
} from '@/lib/auth/emails';
import { failure, invalid, pick, success, type FormState } from '@/lib/forms';
import { AUTH_RATE_LIMITS, checkRateLimits } from '@/lib/security/rate-limit';
import { getClientIp } from '@/lib/http/request';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';
import { getPrincipal, requireUser } from '@/lib/auth/session';
import {
  findUserByEmail,
  issuePasswordResetToken,
  issueConfirmAndSetPasswordToken,
  resetPassword,
  revokeAllSessions,
  signUp,
  verifyEmail,
} from '@/lib/auth/users';
import {
  emailOnlySchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
  tokenSchema,
} from '@/lib/validation';

function tooMany(retryAfterSeconds: number, form: FormData): FormState {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return failure(
    `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    form,
  );
}

/**
 * The "email me a link" forms: validate the address, apply the per-IP and per-address limits,
 * run `send` if the address is registered, and answer `confirmation` either way, so the answer
 * does not reveal whether it is.
 */
async function emailLinkAction(
  form: FormData,
  send: (db: Db, user: User) => Promise<void>,
  confirmation: (email: string) => string,
): Promise<FormState> {
  const parsed = emailOnlySchema.safeParse(pick(form, ['email']));
  if (!parsed.success) return invalid(parsed.error, form);
  const { email } = parsed.data;
  const db = await getDb();
  const limit = await checkRateLimits(db, [
    [AUTH_RATE_LIMITS.emailLinkPerIp, await getClientIp()],
    [AUTH_RATE_LIMITS.emailLinkPerEmail, email],
  ]);
  if (!limit.allowed) return tooMany(limit.retryAfterSeconds, form);
  const user = await findUserByEmail(db, email);
  if (user) await send(db, user);
  return success(confirmation(email));
}

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = signUpSchema.safeParse(pick(form, ['name', 'email', 'password']));
  if (!parsed.success) return invalid(parsed.error, form);
  const input = parsed.data;
  const ip = await getClientIp();
  const db = await getDb();
  const limit = await checkRateLimits(db, [
    [AUTH_RATE_LIMITS.signUpPerIp, ip],
    [AUTH_RATE_LIMITS.signUpPerEmail, input.email],
  ]);
  if (!limit.allowed) return tooMany(limit.retryAfterSeconds, form);

  const result = await db.transaction((tx) => signUp(tx, input, ip));
  // The answer is the same whether or not the address was registered before. An unverified
  // existing account gets a "confirm and choose your password" link (no password travels).
  if (result.status === 'created') {
    if (result.verifyToken) await sendVerificationEmail(result.user, result.verifyToken);
  } else if (result.setPasswordToken) {
    await sendConfirmAndSetPasswordEmail(result.user, result.setPasswordToken);
  } else {
    await sendAccountExistsEmail(result.user);
  }
  return success(
    `We sent a link to ${input.email}. Open it to confirm your address, then sign in.`,
  );
}

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = signInSchema.safeParse(pick(form, ['email', 'password', 'callbackUrl']));
  if (!parsed.success) return invalid(parsed.error, form);
  const { email, password, callbackUrl } = parsed.data;
  try {
    // Throttling happens inside (lib/auth/config.ts authorize), for every path to a sign-in.
    // "/" sends the user to their personal account, whatever they used last.
    await signIn('credentials', { email, password, redirectTo: safeRedirectPath(callbackUrl) });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      if (error.code === 'rate_limited') {
        return failure('Too many sign-in attempts. Wait 15 minutes and try again.', form);
      }
      if (error.code === 'unverified') {
        return {
          status: 'error',
          message:
            'Your email address is not verified yet. Open the link we emailed you, or send a new one.',
          values: { email },
          link: {
            href: `/resend-verification?email=${encodeURIComponent(email)}`,
            label: 'Send a new link',
          },
        };
      }
      return failure('Incorrect email or password.', form);
    }
    throw error; // Next's redirect on success
  }
  return success('Signed in.');
}

export async function resendVerificationAction(
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  return emailLinkAction(
    form,
    async (db, user) => {
      // No password is known here: the link confirms the address by choosing one.
      const token = await issueConfirmAndSetPasswordToken(db, user);
      if (token) await sendConfirmAndSetPasswordEmail(user, token);
    },
    (email) =>
      `If ${email} belongs to an account that still needs verifying, a new link is on its way.`,
  );
}

export async function verifyEmailAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = tokenSchema.safeParse(form.get('token'));
  if (!parsed.success) return failure(parsed.error.issues[0]?.message ?? 'Invalid link.');
  const db = await getDb();
  const user = await db.transaction((tx) => verifyEmail(tx, parsed.data));
  if (!user) {
    return failure('This link is invalid, was already used, or has expired. Request a new one.');
  }
  return success('Your email address is verified. You can sign in now.');
}

export async function forgotPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  return emailLinkAction(
    form,
    async (db, user) => {
      const token = await issuePasswordResetToken(db, user);
      await sendPasswordResetEmail(user, token);
    },
    (email) => `If ${email} has an Alpenglow account, a reset link is on its way.`,
  );
}

export async function resetPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = resetPasswordSchema.safeParse(pick(form, ['token', 'password', 'confirm']));
  if (!parsed.success) return invalid(parsed.error, form);
  const db = await getDb();
  const ip = await getClientIp();
  const user = await db.transaction((tx) =>
    resetPassword(tx, parsed.data.token, parsed.data.password, ip),
  );
  if (!user) {
    return failure('This reset link is invalid, was already used, or has expired.');
  }
  return success('Your password is changed and every other session is signed out. Sign in.');
}

/** Ends this browser's server-side session, then clears its cookie. */
export async function signOutAction(): Promise<void> {
  const principal = await getPrincipal();
  if (principal) await deleteSession(await getDb(), principal.tokenHash);
  await signOut({ redirectTo: '/sign-in' });
}

export async function signOutEverywhereAction(): Promise<void> {
  const user = await requireUser();
  const db = await getDb();
  const ip = await getClientIp();
  await db.transaction((tx) => revokeAllSessions(tx, user.id, ip));
  await signOut({ redirect: false });
  redirect('/sign-in?signedOut=everywhere');
}
