/**
 * The boot command line `unicore run` passes (docs/architecture.md, "Boot
 * command line"): runtime options, `--`, then the app's arguments, each quoted
 * the way sh would read it back.
 */

/** Quotes one word for sh-like splitting: plain if safe, else '...' with ' as '\''. */
export function shQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `unicore.console=framed -- ARGS...` (options first; `--` keeps ARGS from being read as options). */
export function bootCmdline(options: readonly string[], args: readonly string[]): string {
  return [...options, '--', ...args].map(shQuote).join(' ');
}

export const FRAMED = 'unicore.console=framed';
