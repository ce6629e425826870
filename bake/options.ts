/**
 * Pure helpers for unicore-bake's command line: memory sizes, default names,
 * and taking `--cmdline` out of argv before yargs sees it (its value is the
 * guest's arguments and often starts with `-`, e.g. `--cmdline --greeting=hi`).
 */
import * as path from 'path';
import { UserError } from '../bin/lib/errors';

export const DEFAULT_MEM_MIB = 64;
/** Below this the runtime has no room for page tables, stack and a heap. */
export const MIN_MEM_MIB = 8;
export const MAX_MEM_MIB = 1024 * 1024;

/** Room a guest needs above its loaded image: page tables, stacks and a working heap. */
export const HEADROOM_MIB = 16;

/** The least --mem an image whose loaded part ends at loadEnd (bytes) can run in. */
export function memNeeded(loadEnd: number): number {
  return Math.max(MIN_MEM_MIB, Math.ceil(loadEnd / (1024 * 1024)) + HEADROOM_MIB);
}

const UNITS: Record<string, number> = { '': 1, k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };

/** "64M", "1G", "65536K", "128" (MiB) -> MiB. */
export function parseMem(text: string): number {
  const m = /^\s*(\d+)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (!m || (m[3] && !m[2])) {
    throw new UserError(`--mem ${text}: not a memory size: give MiB as a number or with a unit, e.g. 64M or 1G`);
  }
  const mib = Number(m[1]) * UNITS[m[2].toLowerCase()];
  if (!Number.isInteger(mib)) throw new UserError(`--mem ${text}: not a whole number of MiB: use e.g. ${Math.ceil(mib)}M`);
  if (mib < MIN_MEM_MIB) throw new UserError(`--mem ${text}: too small: a unicore image needs at least ${MIN_MEM_MIB}M`);
  if (mib > MAX_MEM_MIB) throw new UserError(`--mem ${text}: too large: at most ${MAX_MEM_MIB / 1024 / 1024}T`);
  return mib;
}

/** The program name an input gives: its base name without the extension (src/hello.o -> hello). */
export function programName(input: string): string {
  const name = path.parse(input).name;
  return name || path.basename(input);
}

/**
 * Where the image goes without -o: INPUT.PLATFORM (src/hello -> src/hello.kvm);
 * for plain objects the program name (src/app.o -> src/app.kvm); `.iso` for --iso.
 */
export function defaultOutput(input: string, platform: string, plainObjects: boolean, iso: boolean): string {
  const base = plainObjects ? path.join(path.dirname(input), programName(input)) : input;
  return `${base}.${iso ? 'iso' : platform}`;
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
