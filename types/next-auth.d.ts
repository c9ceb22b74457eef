import 'next-auth';

declare module 'next-auth' {
  interface User {
    /** The server-side session's token (lib/auth/sessions.ts), set at sign-in. */
    sessionToken?: string;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    /** The server-side session's token; the database keeps only its hash. */
    sid?: string;
  }
}
