import { z } from 'zod';
import type { AccountActionDefinition, AuditSpec } from '@/lib/actions/core';
import type { AuditAction } from '@/lib/audit/labels';
import { DomainError } from '@/lib/errors';
import {
  createApiKey,
  NO_KEY_MESSAGE,
  revokeApiKey,
  rotateApiKey,
  type ApiKeySummary,
  type IssuedApiKey,
} from './keys';
import { apiKeyPepper } from './secrets';

// The API key actions as data (schema, permission, run), run by the one pipeline from the
// console's forms and from the REST API alike. Each member manages their own pair; an owner
// can also revoke a member's pair (never see or create it).

const noInput = z.object({});

export const API_KEYS_UNAVAILABLE_MESSAGE =
  'API keys are not available on this server yet (API_KEY_PEPPER is not configured).';

/** Fails closed before anything is written when the server cannot hash secrets. */
function requirePepper(): void {
  try {
    apiKeyPepper();
  } catch {
    throw new DomainError(API_KEYS_UNAVAILABLE_MESSAGE);
  }
}

/** What the door hands back after a create or rotate: the secret, this once. */
export interface IssuedApiKeyData {
  key: string;
  secret: string;
  createdAt: Date;
}

const issuedData = ({ summary, secret }: IssuedApiKey): IssuedApiKeyData => ({
  key: summary.key,
  secret,
  createdAt: summary.createdAt,
});

/** The audit log names a pair by a hint, not by its whole key. */
export const keyHint = (key: string) => `${key.slice(0, 4)}…${key.slice(-4)}`;

function keyAudit(
  action: AuditAction,
  userId: string,
  metadata: Record<string, unknown>,
): AuditSpec {
  return { action, targetType: 'user', targetId: userId, metadata };
}

export const createApiKeyDefinition = {
  schema: noInput,
  permission: 'apiKey.manageOwn',
  async run(_input, { tx, access }) {
    requirePepper();
    const issued = await createApiKey(tx, access.account.id, access.user.id);
    return {
      message: 'API key created. Copy the secret now: it is shown only once.',
      audit: keyAudit('api_key.created', access.user.id, { key: keyHint(issued.summary.key) }),
      data: issuedData(issued),
    };
  },
} satisfies AccountActionDefinition<typeof noInput>;

export const rotateApiKeyDefinition = {
  schema: noInput,
  permission: 'apiKey.manageOwn',
  async run(_input, { tx, access }) {
    requirePepper();
    const { previous, issued } = await rotateApiKey(tx, access.account.id, access.user.id);
    return {
      message: 'API key rotated: the previous secret no longer works. Copy the new one now.',
      audit: keyAudit('api_key.rotated', access.user.id, {
        previousKey: keyHint(previous.key),
        key: keyHint(issued.summary.key),
      }),
      data: issuedData(issued),
    };
  },
} satisfies AccountActionDefinition<typeof noInput>;

function revokedOrRefuse(revoked: ApiKeySummary | null): ApiKeySummary {
  if (!revoked) throw new DomainError(NO_KEY_MESSAGE);
  return revoked;
}

export const revokeApiKeyDefinition = {
  schema: noInput,
  permission: 'apiKey.manageOwn',
  async run(_input, { tx, access }) {
    const revoked = revokedOrRefuse(await revokeApiKey(tx, access.account.id, access.user.id));
    return {
      message: 'API key revoked: it no longer works.',
      audit: keyAudit('api_key.revoked', access.user.id, { key: keyHint(revoked.key) }),
    };
  },
} satisfies AccountActionDefinition<typeof noInput>;

const memberTarget = z.object({ userId: z.uuid({ error: 'Unknown member.' }) });

export const revokeMemberApiKeyDefinition = {
  schema: memberTarget,
  permission: 'members.manage',
  async run(input, { tx, access }) {
    const revoked = await revokeApiKey(tx, access.account.id, input.userId);
    if (!revoked) throw new DomainError('This member has no active API key.');
    return {
      message: 'The member’s API key was revoked.',
      audit: keyAudit('api_key.revoked', input.userId, {
        key: keyHint(revoked.key),
        byOwner: true,
      }),
    };
  },
} satisfies AccountActionDefinition<typeof memberTarget>;
