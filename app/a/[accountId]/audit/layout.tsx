import { requireConsolePage } from '@/lib/authz/page';

/**
 * The access check runs here, outside the loading.tsx Suspense boundary, so that a Tech gets
 * a real 403 status (inside the boundary the response has already started with 200). The page
 * checks again; requirePageAccess is cached per request.
 */
export default async function AuditLogLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ accountId: string }>;
}) {
  const { accountId } = await params;
  await requireConsolePage(accountId, 'audit');
  return children;
}
