import { createPaymentEndpoint, listPaymentsEndpoint } from '@/lib/api/endpoints/payments';

export const GET = listPaymentsEndpoint.handle;
export const POST = createPaymentEndpoint.handle;
