/**
 * Installs the Node CLI into a prefix so the prefix is self-contained: the
 * compiled tree, the files it reads beside itself, its production dependencies
 * (installed by npm itself from package-lock.json: no jest, no typescript) and
 * sh launchers that find the prefix from their own path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { copyTree, listFiles } from '../lib/fsutil';
import type { StepRunner } from './steplog';
import { NATIVE_BAKE, NATIVE_RUN } from '../lib/toolchain';

/** Source directories holding templates the CLI reads at run time (lib/templates.ts). */
const ASSET_DIRS = ['setup/templates', 'bake/templates', 'run/templates', 'wrappers', 'specs'];
/**
 * Single files: the upcalls list (the wrappers generator reads it), and the
 * package files (the version, and what `npm ci` installs).
 */
const ASSET_FILES = ['components/upcalls.txt', 'package.json', 'package-lock.json'];

/** The CLI's non-TypeScript files, relative to the source root: installed beside the compiled code. */
export function cliAssets(sourceRoot: string): string[] {
  const out = ASSET_FILES.filter((rel) => fs.existsSync(path.join(sourceRoot, rel)));
  for (const dir of ASSET_DIRS) {
    if (!fs.existsSync(path.join(sourceRoot, dir))) continue;
    out.push(...listFiles(path.join(sourceRoot, dir), (rel) => !rel.endsWith('.ts')).map((rel) => `${dir}/${rel}`));
  }
  return out;
}

/** The compiled files that make up the CLI (relative to distRoot): all but the tests and the build step (setup/bundle). */
export function isCliFile(rel: string): boolean {
  return rel !== 'test' && !rel.startsWith('test/') && !/^setup\/bundle\.js/.test(rel);
}

/** npm's own install of package-lock.json's production dependencies, from its cache when it can. */
export const NPM_INSTALL = ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'];

/** Fills dest (a fresh directory) with the compiled tree, its assets and its dependencies. */
export async function stageNodeTree(step: StepRunner, opts: { distRoot: string; sourceRoot: string; dest: string }): Promise<void> {
  const { distRoot, sourceRoot, dest } = opts;
  copyTree(distRoot, dest, isCliFile);
  for (const rel of cliAssets(sourceRoot)) {
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(path.join(sourceRoot, rel), path.join(dest, rel));
  }
  await step.run('npm', NPM_INSTALL, { cwd: dest });
}

/**
 * native: a launcher that execs its native helper first (run/native.ts,
 * bake/native.ts): `unicore run` goes to unicore-run, every unicore-bake to
 * unicore-bake. The helper runs the plain cases itself and execs
 * `node SCRIPT "$@"` for the rest; ENV=0 skips it.
 */
export interface NativeHelper { helper: string; env: string; firstWord?: string }

/** A launcher in PREFIX/bin: its name, the Node script it runs, its native helper. */
export interface Launcher { name: string; script: string; native?: NativeHelper }

export const LAUNCHERS: ReadonlyArray<Launcher> = [
  { name: 'unicore', script: 'unicore.js', native: { helper: NATIVE_RUN, env: 'UNICORE_RUN_NATIVE', firstWord: 'run' } },
  { name: 'unicore-bake', script: 'unicore-bake.js', native: { helper: NATIVE_BAKE, env: 'UNICORE_BAKE_NATIVE' } },
];

/**
 * What a launcher runs before Node: its native helper
 * (PREFIX/lib/unicore/HELPER), when installed, unless ENV is 0 (or the first
 * word is not FIRSTWORD), with the Node script and the very same words.
 */
export function nativeLines(script: string, native: NativeHelper): string {
  const helper = `"$bin/../lib/unicore/${native.helper}"`;
  const word = native.firstWord ? `[ "$1" = ${native.firstWord} ] && ` : '';
  return `if ${word}[ "\${${native.env}-}" != 0 ] && [ -x ${helper} ]; then\n`
    + `\texec ${helper} "$bin/../lib/unicore/node/bin/${script}" "$@"\n`
    + 'fi\n';
}

/** A launcher's text from the template (setup/templates/prefix-launcher.sh). */
export function launcherText(template: string, launcher: Launcher): string {
  return template.replace(/@NATIVE@/g, launcher.native ? nativeLines(launcher.script, launcher.native) : '')
    .replace(/@NAME@/g, launcher.name).replace(/@SCRIPT@/g, launcher.script);
}
