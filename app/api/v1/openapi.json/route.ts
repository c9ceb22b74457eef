import { openApiDocument } from '@/lib/api/openapi';

// Public: the document describes the API, it holds no account data.
export function GET() {
  return Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
}
