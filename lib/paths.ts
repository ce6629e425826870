/**
 * Where this CLI's own files are: the compiled tree it runs from (dist/ in the
 * source tree, PREFIX/lib/unicore/node/ once installed; the source tree itself
 * under ts-jest) and the source tree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';

/** The compiled tree: the directory holding bin/unicore.js (this file is lib/paths.js). */
export const DIST_ROOT = path.resolve(__dirname, '..');

/** The source tree (components/, node_modules/, templates) when running from one. */
export function sourceRoot(): string | undefined {
  return [DIST_ROOT, path.dirname(DIST_ROOT)].find((dir) => fs.existsSync(path.join(dir, 'components', 'Makefile')));
}

export function requireSourceRoot(what: string): string {
  const root = sourceRoot();
  if (!root) throw new UserError(`${what} needs the unicore source tree: run bin/unicore from a checkout (npm ci && npm run build)`);
  return root;
}
