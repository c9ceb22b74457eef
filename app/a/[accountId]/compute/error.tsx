'use client';

import { ResourceListError } from '@/components/resources/page-states';

export default function ComputeError({ reset }: { reset: () => void }) {
  return <ResourceListError title="Compute" reset={reset} />;
}
