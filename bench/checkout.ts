// A checkout of one commit outside the project (so no tool of the project scans it): its
// committed files, and node_modules hard-linked from this one (fast, and no download).
import { execSync } from 'node:child_process';
import fs from 'node:fs';

export function exportCheckout(ref: string, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  execSync(`git archive ${JSON.stringify(ref)} | tar -x -C ${JSON.stringify(dir)}`, {
    stdio: 'inherit',
  });
  execSync(`cp -al node_modules ${JSON.stringify(`${dir}/node_modules`)}`);
}

export function resolveCommit(ref: string): string {
  return execSync(`git rev-parse --verify ${JSON.stringify(`${ref}^{commit}`)}`)
    .toString()
    .trim();
}
