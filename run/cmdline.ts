/**
 * The boot command line `unicore run` passes (docs/architecture.md, "Boot
 * command line"): runtime options, `--`, then the app's arguments, each quoted
 * the way sh would read it back.
 */
import { shQuote } from '../lib/shell';

/** `unicore.console=framed -- ARGS...` (options first; `--` keeps ARGS from being read as options). */
export function bootCmdline(options: readonly string[], args: readonly string[]): string {
  return [...options, '--', ...args].map(shQuote).join(' ');
}

export const FRAMED = 'unicore.console=framed';
