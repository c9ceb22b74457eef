import { ResourceListLoading } from '@/components/resources/page-states';

export default function ComputeLoading() {
  return <ResourceListLoading title="Compute" />;
}
