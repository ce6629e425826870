/**
 * Template files of generated toolchain files (wrappers/*.in, specs/*.in) and
 * their filling. Reading is the only effect here; filling is pure.
 *
 * Templates sit beside the compiled code once installed in a prefix (setup copies
 * wrappers/ and specs/ assets there) and in the source tree when running from
 * dist/ or under ts-jest, so each ancestor of this module's directory is tried.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The first `<ancestor>/<rel>` that exists, from this module's directory up. */
export function findAsset(rel: string): string {
  const tried: string[] = [];
  for (let dir = path.resolve(__dirname, '..'); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, rel);
    if (fs.existsSync(candidate)) return candidate;
    tried.push(candidate);
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`${rel} is missing (looked in ${tried.join(', ')})`);
}

/** A template by its path from the source root, e.g. "wrappers/wrapper.sh.in". */
export function readTemplate(rel: string): string {
  return fs.readFileSync(findAsset(rel), 'utf8');
}

/** Replaces each @NAME@ with values[NAME]; a placeholder without a value is a bug. */
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

/** A word for POSIX sh: single-quoted unless it is plainly safe. */
export function shQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
