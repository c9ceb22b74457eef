import { referencePage } from '@/lib/api/reference';

// The interactive API reference (Scalar), served entirely from our origin under our CSP.
export async function GET(request: Request) {
  return referencePage(request.headers.get('x-nonce'));
}
