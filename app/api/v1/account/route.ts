import { getAccount, updateAccount } from '@/lib/api/endpoints/account';

export const GET = getAccount.handle;
export const PATCH = updateAccount.handle;
