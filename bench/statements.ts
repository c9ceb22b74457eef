// Round trips per request from PostgreSQL's own statement log: the bench database is set to
// log every statement with its duration (log_min_duration_statement = 0), a case is requested
// a few times in a row, and the lines the server appended for that database are counted.
// Needs a server whose log file this process can read (PG_LOG_FILE, or Debian's default path).
import fs from 'node:fs';
import path from 'node:path';

export function findServerLog(): string | null {
  if (process.env.PG_LOG_FILE) return process.env.PG_LOG_FILE;
  const dir = '/var/log/postgresql';
  try {
    const logs = fs
      .readdirSync(dir)
      .filter((f) => /^postgresql-.*\.log$/.test(f))
      .map((f) => path.join(dir, f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    const newest = logs[0];
    if (newest) fs.accessSync(newest, fs.constants.R_OK);
    return newest ?? null;
  } catch {
    return null;
  }
}

export interface StatementCount {
  /** Statements executed per request (BEGIN/COMMIT included: each is a round trip). */
  perRequest: number;
  /** Server time spent in them per request (parse + bind + execute), ms. */
  serverMsPerRequest: number;
  statements: Array<{ text: string; perRequest: number; msPerRequest: number }>;
}

/** Reads what the log gained since `offset`, for the statements of `database`. */
export function countStatements(
  logFile: string,
  offset: number,
  database: string,
  requests: number,
): StatementCount {
  const fd = fs.openSync(logFile, 'r');
  const size = fs.fstatSync(fd).size;
  const buffer = Buffer.alloc(Math.max(0, size - offset));
  fs.readSync(fd, buffer, 0, buffer.length, offset);
  fs.closeSync(fd);
  // One entry per prefix line; a statement's text may continue on the following lines.
  const entries = buffer.toString('utf8').split(/\n(?=\d{4}-\d\d-\d\d )/);
  const statements = new Map<string, { count: number; ms: number }>();
  let count = 0;
  let ms = 0;
  const pattern = /duration: ([\d.]+) ms\s+(statement|parse|bind|execute)[^:]*:\s*([\s\S]*)/;
  for (const entry of entries) {
    if (!entry.includes(`@${database} `)) continue;
    const match = pattern.exec(entry);
    if (!match) continue;
    const duration = Number(match[1]);
    ms += duration;
    const text = match[3]!.replace(/\s+/g, ' ').trim().slice(0, 160);
    const stat = statements.get(text) ?? { count: 0, ms: 0 };
    stat.ms += duration;
    if (match[2] === 'statement' || match[2] === 'execute') {
      count++;
      stat.count++;
    }
    statements.set(text, stat);
  }
  return {
    perRequest: count / requests,
    serverMsPerRequest: ms / requests,
    statements: [...statements.entries()]
      .filter(([, s]) => s.count > 0)
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([text, s]) => ({
        text,
        perRequest: s.count / requests,
        msPerRequest: s.ms / requests,
      })),
  };
}
