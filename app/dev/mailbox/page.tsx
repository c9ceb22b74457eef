import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { listOutbox } from '@/lib/email';
import { mayOpenDevMailbox } from '@/lib/email/dev-mailbox';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Development mailbox',
  robots: { index: false, follow: false },
};

// http(s) URLs in a plain-text body; trailing punctuation is not part of the link.
const URL_PATTERN = /https?:\/\/[^\s<>"'()[\]]+/g;

function linksIn(text: string): string[] {
  const found = text.match(URL_PATTERN) ?? [];
  const cleaned = found.map((url) => url.replace(/[.,;:!?]+$/, ''));
  return [...new Set(cleaned)];
}

const statusStyles: Record<string, string> = {
  stored: 'bg-slate-100 text-slate-700',
  sent: 'bg-emerald-100 text-emerald-800',
  failed: 'bg-red-100 text-red-800',
};

export default async function DevMailboxPage() {
  // Enabled, and asked from this machine; anyone else gets 404 (lib/email/dev-mailbox.ts).
  if (!mayOpenDevMailbox(await headers())) notFound();
  const messages = await listOutbox();

  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="text-2xl font-semibold text-slate-900">Development mailbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        Emails are stored here because RESEND_API_KEY is not set.
      </p>

      {messages.length === 0 ? (
        <p className="mt-8 rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-500">
          No emails yet.
        </p>
      ) : (
        <ol className="mt-6 space-y-4">
          {messages.map((message) => (
            <li key={message.id}>
              <MailboxMessage message={message} />
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}

type Message = Awaited<ReturnType<typeof listOutbox>>[number];

/** One stored email: subject, recipient, status, its links, the text and the HTML version. */
function MailboxMessage({ message }: { message: Message }) {
  const links = linksIn(message.text);
  return (
    <article
      data-testid="email"
      data-to={message.toAddress}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="font-medium break-words text-slate-900">{message.subject}</h2>
          <p className="text-sm break-all text-slate-600">
            To: <span>{message.toAddress}</span>
          </p>
        </div>
        <div className="flex items-center gap-2 text-xs text-slate-500">
          <time dateTime={message.createdAt.toISOString()}>
            {message.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC
          </time>
          <span
            className={`rounded px-1.5 py-0.5 font-medium ${
              statusStyles[message.status] ?? statusStyles.stored
            }`}
          >
            {message.status}
          </span>
        </div>
      </header>

      {message.error ? <p className="mt-2 text-sm text-red-700">Error: {message.error}</p> : null}

      {links.length > 0 ? (
        <ul className="mt-3 space-y-1 text-sm">
          {links.map((url) => (
            <li key={url}>
              <a href={url} className="break-all text-blue-700 underline hover:text-blue-900">
                {url}
              </a>
            </li>
          ))}
        </ul>
      ) : null}

      <pre className="mt-3 overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap text-slate-800">
        {message.text}
      </pre>

      <details className="mt-3">
        <summary className="cursor-pointer text-sm text-slate-600">HTML version</summary>
        <iframe
          sandbox=""
          srcDoc={message.html}
          title={`HTML version of “${message.subject}”`}
          className="mt-2 h-[28rem] w-full rounded-md border border-slate-200 bg-white"
        />
      </details>
    </article>
  );
}
