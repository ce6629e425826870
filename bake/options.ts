/**
 * Pure helpers for unicore-bake's command line: default names,
 * and taking `--cmdline` out of argv before the option parser sees it (its value is the
 * guest's arguments and often starts with `-`, e.g. `--cmdline --greeting=hi`).
 */
import * as path from 'path';
import { UserError } from '../lib/errors';
import type { Platform } from '../lib/platforms';

/** What --verbose says after the image is written (then OUT); the native helper says NATIVE_BAKED (bake/native.ts). */
export const NODE_BAKED = 'unicore-bake: the Node CLI baked';
export const NATIVE_BAKED = 'unicore-bake: the native helper baked';

/** The program name an input gives: its base name without the extension (src/hello.o -> hello). */
export function programName(input: string): string {
  const name = path.parse(input).name;
  return name || path.basename(input);
}

/**
 * Where the image goes without -o: INPUT.PLATFORM (src/hello -> src/hello.kvm);
 * for plain objects the program name (src/app.o -> src/app.kvm); `.iso` for --iso.
 */
export function defaultOutput(input: string, platform: Platform, plainObjects: boolean, iso: boolean): string {
  const base = plainObjects ? path.join(path.dirname(input), programName(input)) : input;
  return `${base}${iso ? '.iso' : platform.imageSuffix}`;
}

/** Takes every `--cmdline VALUE` / `--cmdline=VALUE` out of argv; the last one wins. */
export function extractCmdline(argv: readonly string[]): { argv: string[]; cmdline?: string } {
  const rest: string[] = [];
  let cmdline: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--cmdline') {
      if (i + 1 >= argv.length) throw new UserError('--cmdline needs a value: the default arguments, e.g. --cmdline "-v data/in.txt"');
      cmdline = argv[++i];
    } else if (arg.startsWith('--cmdline=')) {
      cmdline = arg.slice('--cmdline='.length);
    } else {
      rest.push(arg);
    }
  }
  return { argv: rest, cmdline };
}

export { sourceDateEpoch } from '../lib/reproducible';
