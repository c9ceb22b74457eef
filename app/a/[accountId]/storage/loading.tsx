import { ResourceListLoading } from '@/components/resources/page-states';

export default function StorageLoading() {
  return <ResourceListLoading title="Storage" />;
}
