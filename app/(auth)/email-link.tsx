import Link from 'next/link';

/** Shared by the pages that emailed links open (verify email, reset password). */

export type LinkSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The link's `?token=`, or '' (the action then reports an invalid link). */
export async function linkToken(searchParams: LinkSearchParams): Promise<string> {
  const { token } = await searchParams;
  return typeof token === 'string' ? token : '';
}

/** Appended to the success message: the next step after using the link. */
export function SignInAfterSuccess() {
  return (
    <>
      {' '}
      <Link href="/sign-in" className="link">
        Sign in
      </Link>
    </>
  );
}
