/**
 * The CLI's non-TypeScript files (templates, components/upcalls.txt,
 * package.json), named by their path from the source root, e.g.
 * "bake/templates/grub.cfg". `unicore setup` installs them beside the compiled
 * code (PREFIX/lib/unicore/node/<path>); run from dist/ they are found in the
 * source tree. Reading is the only effect here; filling is pure.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DIST_ROOT } from './paths';

/** The file for a path from the source root: beside the compiled code, else in the source tree. */
export function findAsset(rel: string): string {
  const candidates = [path.join(DIST_ROOT, rel), path.join(path.dirname(DIST_ROOT), rel)];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`${rel} is missing (looked in ${candidates.join(', ')}): the installation is incomplete`);
  return found;
}

export function readTemplate(rel: string): string {
  return fs.readFileSync(findAsset(rel), 'utf8');
}

/** Replaces each @NAME@ with values[NAME]; a placeholder without a value is a bug in the template. */
export function fillTemplate(name: string, template: string, values: Record<string, string>): string {
  return template.replace(/@([A-Z][A-Z0-9_]*)@/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`template ${name} uses @${key}@, which has no value`);
    return values[key];
  });
}

/** Drops '#' comment lines: for formats without comments (gcc specs, clang flags). */
export function dropCommentLines(text: string): string {
  return text.split('\n').filter((line) => !line.startsWith('#')).join('\n');
}
