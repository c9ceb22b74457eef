import { listAuditEventsEndpoint } from '@/lib/api/endpoints/audit-events';

export const GET = listAuditEventsEndpoint.handle;
