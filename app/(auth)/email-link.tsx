import Link from 'next/link';

/** Appended to the success message of the pages emailed links open: the next step. */
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
