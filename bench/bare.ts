// The baselines: a minimal Next.js app written beside the project (in .bench/bare, so it
// resolves the project's own `next`, same version) with a bare route handler and a bare
// server-rendered page holding a 10-row table. Both are dynamic (rendered per request) and
// touch no database: they measure what Next.js itself costs on this machine.
import fs from 'node:fs';
import path from 'node:path';

export const BARE_DIR = path.join('.bench', 'bare');
export const BARE_ROUTE = '/api/bare';
export const BARE_PAGE = '/bare';

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ private: true, type: 'module' }, null, 2),
  'next.config.js': `export default { poweredByHeader: false };\n`,
  'app/layout.js': `export const metadata = { title: 'Bare' };
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  'app/bare/page.js': `export const dynamic = 'force-dynamic';
const ROWS = Array.from({ length: 10 }, (_, i) => ({
  id: i + 1,
  name: 'Row ' + (i + 1),
  email: 'row' + (i + 1) + '@example.com',
  role: ['Owner', 'Tech', 'Admin'][i % 3],
}));
export default async function BarePage() {
  const now = new Date().toISOString();
  return (
    <main>
      <h1>Bare page</h1>
      <p>Rendered at {now}</p>
      <table>
        <thead>
          <tr><th>#</th><th>Name</th><th>Email</th><th>Role</th></tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.id}><td>{row.id}</td><td>{row.name}</td><td>{row.email}</td><td>{row.role}</td></tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
`,
  'app/api/bare/route.js': `export const dynamic = 'force-dynamic';
export function GET() {
  return Response.json({ ok: true, at: Date.now() });
}
`,
};

/** Writes the bare app; returns true when its files changed (it must then be rebuilt). */
export function writeBareApp(root: string): boolean {
  const dir = path.join(root, BARE_DIR);
  let changed = !fs.existsSync(path.join(dir, '.next', 'BUILD_ID'));
  for (const [name, content] of Object.entries(FILES)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (before !== content) {
      fs.writeFileSync(file, content);
      changed = true;
    }
  }
  return changed;
}
