import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Keeps the code base readable in small pieces: no source file in lib/, app/ or components/
// over MAX_FILE_LINES lines and no function (declaration, method or arrow) over
// MAX_FUNCTION_LINES lines, tests excepted (a test file reads top to bottom as a story). There
// are no exceptions: an offender is split.
// Run by `npm run lint`; prints each offender and exits 1.

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 80;
const ROOTS = ['lib', 'app', 'components'];

const FUNCTION_ROOTS = ['lib', 'app', 'components', 'db', 'scripts', 'e2e', 'test'];
const SOURCE = /\.(ts|tsx)$/;
const TEST = /\.test\.tsx?$|\.spec\.ts$|^test\/|^e2e\//;

function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry);
    if (entry === 'node_modules' || entry.startsWith('.')) return [];
    if (statSync(full).isDirectory()) return filesUnder(full);
    return SOURCE.test(entry) ? [full] : [];
  });
}

function functionName(node: ts.Node): string {
  if (
    (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) &&
    node.name &&
    ts.isIdentifier(node.name)
  ) {
    return node.name.text;
  }
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return '(anonymous)';
}

/** Functions longer than the limit in one file: [name, first line, length]. */
export function longFunctions(file: string, text: string, max = MAX_FUNCTION_LINES) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ name: string; line: number; lines: number }> = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node)
    ) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > max) found.push({ name: functionName(node), line: start + 1, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function checkSizes(root: string): string[] {
  const problems: string[] = [];
  for (const dir of FUNCTION_ROOTS) {
    for (const full of filesUnder(path.join(root, dir))) {
      const file = path.relative(root, full);
      const text = readFileSync(full, 'utf8');
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      if (TEST.test(file)) continue;
      if (ROOTS.includes(dir) && lines > MAX_FILE_LINES) {
        problems.push(`${file}: ${lines} lines (at most ${MAX_FILE_LINES})`);
      }
      for (const f of longFunctions(file, text)) {
        problems.push(
          `${file}:${f.line}: function ${f.name} has ${f.lines} lines (at most ${MAX_FUNCTION_LINES})`,
        );
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkSizes(process.cwd());
  for (const problem of problems) console.error(problem);
  if (problems.length) {
    console.error(`\n${problems.length} size problem(s): split the file or the function.`);
    process.exit(1);
  }
  console.log('sizes: every file and function within its limit');
}
