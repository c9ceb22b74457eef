import type { CSSProperties, ReactNode } from 'react';
import { inertText } from '@/lib/security/display-name';

// Email clients ignore stylesheets and strip most CSS: plain elements with inline styles,
// no external images, no tracking pixels. Names and URLs are passed as React children or
// attributes, so React escapes them.

const colors = {
  text: '#1f2937',
  muted: '#6b7280',
  border: '#e5e7eb',
  background: '#f6f7f9',
  brand: '#c2410c',
} as const;

const fontFamily =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const styles = {
  body: {
    margin: 0,
    padding: '24px 12px',
    backgroundColor: colors.background,
    color: colors.text,
    fontFamily,
    fontSize: '15px',
    lineHeight: '1.6',
  },
  container: {
    maxWidth: '520px',
    margin: '0 auto',
    backgroundColor: '#ffffff',
    border: `1px solid ${colors.border}`,
    borderRadius: '8px',
  },
  header: {
    padding: '20px 28px',
    borderBottom: `1px solid ${colors.border}`,
    fontSize: '18px',
    fontWeight: 600,
    color: colors.brand,
    letterSpacing: '0.02em',
  },
  content: { padding: '24px 28px' },
  heading: { margin: '0 0 16px', fontSize: '20px', fontWeight: 600, lineHeight: '1.3' },
  paragraph: { margin: '0 0 16px' },
  button: {
    display: 'inline-block',
    padding: '10px 20px',
    backgroundColor: colors.brand,
    color: '#ffffff',
    borderRadius: '6px',
    fontWeight: 600,
    textDecoration: 'none',
  },
  small: { margin: '0 0 16px', fontSize: '13px', color: colors.muted },
  rawLink: { color: colors.brand, wordBreak: 'break-all' },
  footer: {
    padding: '16px 28px',
    borderTop: `1px solid ${colors.border}`,
    fontSize: '12px',
    color: colors.muted,
  },
} satisfies Record<string, CSSProperties>;

export function Layout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <html lang="en">
      {/* An email document, not a Next.js page: next/head does not apply here. */}
      {/* eslint-disable-next-line @next/next/no-head-element */}
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={styles.body}>
        <div style={styles.container}>
          <div style={styles.header}>Alpenglow</div>
          <div style={styles.content}>{children}</div>
          <div style={styles.footer}>
            You received this email because of an action on your Alpenglow account. Alpenglow cloud
            console.
          </div>
        </div>
      </body>
    </html>
  );
}

/** "Hello <name>," — the name as the user typed it, made inert against autolinking. */
export function Greeting({ name }: { name: string }) {
  return <p style={styles.paragraph}>{name ? `Hello ${inertText(name)},` : 'Hello,'}</p>;
}

/** A button, followed by the same URL as text for clients that do not show buttons. */
export function ActionLink({ url, label }: { url: string; label: string }) {
  return (
    <>
      <p style={styles.paragraph}>
        <a href={url} style={styles.button}>
          {label}
        </a>
      </p>
      <PlainLink url={url} lead="Or copy this link into your browser:" />
    </>
  );
}

/** A URL as text under a short lead line, for clients (and readers) that want it spelled out. */
export function PlainLink({ url, lead }: { url: string; lead: string }) {
  return (
    <p style={styles.small}>
      {lead}
      <br />
      <a href={url} style={styles.rawLink}>
        {url}
      </a>
    </p>
  );
}

/** The shape of every "follow this link" email: title, greeting, why, the link, its terms. */
export function LinkEmail({
  title,
  name,
  intro,
  url,
  label,
  terms,
}: {
  title: string;
  name: string;
  intro: string;
  url: string;
  label: string;
  terms: string;
}) {
  return (
    <Layout title={title}>
      <h1 style={styles.heading}>{title}</h1>
      <Greeting name={name} />
      <p style={styles.paragraph}>{intro}</p>
      <ActionLink url={url} label={label} />
      <p style={styles.small}>{terms}</p>
    </Layout>
  );
}

export function VerifyEmail({ name, url }: { name: string; url: string }) {
  return (
    <LinkEmail
      title="Confirm your email address"
      name={name}
      intro="Please confirm that this is your email address to finish setting up your Alpenglow account."
      url={url}
      label="Confirm email address"
      terms="This link expires in 24 hours. If you did not create an Alpenglow account, you can ignore this email."
    />
  );
}

export function ResetPassword({ name, url }: { name: string; url: string }) {
  return (
    <LinkEmail
      title="Reset your password"
      name={name}
      intro="Someone asked to reset the password of your Alpenglow account. Choose a new password with the link below."
      url={url}
      label="Choose a new password"
      terms="This link expires in 1 hour. If you did not ask to reset your password, ignore this email: your password stays the same."
    />
  );
}

export function AccountExists({
  name,
  signInUrl,
  resetUrl,
}: {
  name: string;
  signInUrl: string;
  resetUrl: string;
}) {
  const title = 'You already have an Alpenglow account';
  return (
    <Layout title={title}>
      <h1 style={styles.heading}>{title}</h1>
      <Greeting name={name} />
      <p style={styles.paragraph}>
        Someone tried to sign up for Alpenglow with this email address, which already belongs to an
        account.
      </p>
      <p style={styles.paragraph}>If it was you, sign in to your account:</p>
      <ActionLink url={signInUrl} label="Sign in" />
      <p style={styles.paragraph}>If you forgot your password, reset it:</p>
      <p style={styles.paragraph}>
        <a href={resetUrl} style={styles.rawLink}>
          {resetUrl}
        </a>
      </p>
      <p style={styles.small}>If it was not you, you can ignore this email.</p>
    </Layout>
  );
}
