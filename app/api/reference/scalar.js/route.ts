import { scalarBundle } from '@/lib/api/reference';

// Scalar's standalone browser bundle from node_modules: no CDN (and no internet) needed.
export async function GET() {
  return scalarBundle();
}
