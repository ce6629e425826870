/** Guest memory sizes (MiB): what bake writes into an image and `unicore run --mem` takes. */
import { UserError } from './errors';

export const DEFAULT_MEM_MIB = 64;
/**
 * Below this the runtime has no room for its image and a heap: GNU hello's
 * image ends near 1.6 MiB, and the main stack comes out of the heap
 * (components/arch/x86_64/mainstack.c); `npm run bench` finds the least.
 */
export const MIN_MEM_MIB = 2;
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
