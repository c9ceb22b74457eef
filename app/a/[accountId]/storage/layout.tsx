import { requireConsolePage } from '@/lib/authz/page';

// The permission is decided here, outside the loading.tsx boundary: inside it the response
// would already have started with status 200, and an Admin must get a real 403.
export default async function StorageLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ accountId: string }>;
}) {
  const { accountId } = await params;
  await requireConsolePage(accountId, 'storage');
  return children;
}
