/**
 * Installs the Node CLI into a prefix so the prefix is self-contained: the
 * compiled tree, the production dependency closure (no jest, no typescript) and
 * sh launchers that find the prefix from their own path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { copyTree, listFiles } from './fsutil';

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Node's lookup: from's own node_modules, then each parent's, up to root. */
function resolvePackage(root: string, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The package directories (relative to root) that root's `dependencies` need at
 * run time, transitively. A missing optional dependency is skipped.
 */
export function productionClosure(root: string): string[] {
  const found = new Set<string>();
  const visit = (from: string, deps: Record<string, string>, optional: boolean) => {
    for (const name of Object.keys(deps)) {
      const dir = resolvePackage(root, from, name);
      if (!dir) {
        if (optional) continue;
        throw new Error(`${name} (needed by ${path.relative(root, from) || 'package.json'}) is not in node_modules: run npm ci`);
      }
      if (found.has(dir)) continue;
      found.add(dir);
      const pkg = readPackage(dir);
      visit(dir, pkg.dependencies ?? {}, false);
      visit(dir, pkg.optionalDependencies ?? {}, true);
    }
  };
  visit(root, readPackage(root).dependencies ?? {}, false);
  return [...found].map((dir) => path.relative(root, dir)).sort();
}

/** "name@version" of each package in the closure: what the install step's stamp hashes. */
export function describeClosure(root: string, closure: readonly string[]): string[] {
  return closure.map((rel) => {
    const pkg = readPackage(path.join(root, rel));
    return `${rel}@${pkg.version ?? '?'}`;
  });
}

/**
 * Fills dest (a fresh directory) with the compiled tree and the dependency closure.
 * Compiled tests are left out: they are not part of the CLI.
 */
export function stageNodeTree(opts: { distRoot: string; sourceRoot: string; dest: string }): void {
  const { distRoot, sourceRoot, dest } = opts;
  copyTree(distRoot, dest, (rel) => rel !== 'test');
  for (const rel of cliAssets(sourceRoot)) {
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(path.join(sourceRoot, rel), path.join(dest, rel));
  }
  for (const rel of productionClosure(sourceRoot)) {
    // A package's own node_modules/ holds nested deps, which the closure lists separately.
    copyTree(path.join(sourceRoot, rel), path.join(dest, rel), (inner) => inner !== 'node_modules');
  }
}

/** Source directories whose code reads templates beside itself (path.join(__dirname, ...)). */
const ASSET_DIRS = ['bin/lib', 'bake', 'wrappers', 'specs', 'components/build'];
/** Single source files the CLI reads (the wrappers generator reads the upcalls list). */
const ASSET_FILES = ['components/upcalls.txt'];

/**
 * Non-TypeScript files (templates) of the CLI's source directories, relative to
 * the source root: installed beside the compiled code that reads them.
 */
export function cliAssets(sourceRoot: string): string[] {
  const out = ASSET_FILES.filter((rel) => fs.existsSync(path.join(sourceRoot, rel)));
  for (const dir of ASSET_DIRS) {
    if (!fs.existsSync(path.join(sourceRoot, dir))) continue;
    const skip = (rel: string) => rel.endsWith('.ts') || rel.split('/').includes('node_modules') || rel.split('/').includes('.build');
    out.push(...listFiles(path.join(sourceRoot, dir), (rel) => !skip(rel)).map((rel) => `${dir}/${rel}`));
  }
  return out;
}

/** The compiled files that make up the CLI (relative to distRoot), for hashing. */
export function isCliFile(rel: string): boolean {
  return rel !== 'test' && !rel.startsWith('test/');
}

export const LAUNCHERS: ReadonlyArray<{ name: string; script: string }> = [
  { name: 'unicore', script: 'unicore.js' },
  { name: 'unicore-bake', script: 'unicore-bake.js' },
];

/** A launcher's text from the template (bin/lib/templates/prefix-launcher.sh). */
export function launcherText(template: string, launcher: { name: string; script: string }): string {
  return template.replace(/@NAME@/g, launcher.name).replace(/@SCRIPT@/g, launcher.script);
}
