import { getDb } from '@/db/client';
import { ApiKeyPanel } from '@/components/api-keys/api-key-panel';
import { activeApiKey } from '@/lib/api-keys/keys';
import { requireConsolePage } from '@/lib/authz/page';
import { createApiKeyAction, revokeApiKeyAction, rotateApiKeyAction } from './actions';

/** UTC, to the minute: the same on the server and in every browser. */
const formatTimestamp = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const metadata = { title: 'API keys' };

export default async function ApiKeysPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account, user } = await requireConsolePage(accountId, 'apiKeys');
  const current = await activeApiKey(await getDb(), account.id, user.id);
  const personal = account.kind === 'personal';
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your own key pair for {personal ? 'your personal account' : account.name}. The REST API at{' '}
          <code className="text-xs">/api/v1</code> accepts it as HTTP Basic credentials (key as the
          username, secret as the password) and acts with your current role here.{' '}
          <a href="/api/reference" className="link">
            API reference
          </a>
        </p>
      </div>
      <ApiKeyPanel
        accountId={account.id}
        current={
          current && {
            key: current.key,
            created: formatTimestamp(current.createdAt),
            lastUsed: current.lastUsedAt ? formatTimestamp(current.lastUsedAt) : 'Never',
          }
        }
        createAction={createApiKeyAction}
        rotateAction={rotateApiKeyAction}
        revokeAction={revokeApiKeyAction}
      />
    </div>
  );
}
