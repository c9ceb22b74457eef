'use client';

import { ResourceListError } from '@/components/resources/page-states';

export default function StorageError({ reset }: { reset: () => void }) {
  return <ResourceListError title="Storage" reset={reset} />;
}
