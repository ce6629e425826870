/**
 * C source text for the headers `unicore setup` renders for the native helpers
 * (run/native.ts, bake/native.ts).
 */

/** A C string literal: ASCII as is but for '?' (trigraphs would take it), \n and \t escaped, anything else in octal. */
export function cString(s: string): string {
  return `"${[...Buffer.from(s)].map((b) => (b === 34 || b === 92 ? `\\${String.fromCharCode(b)}`
    : b === 10 ? '\\n' : b === 9 ? '\\t'
      : b >= 32 && b < 127 && b !== 63 ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`)).join('')}"`;
}

/** A NULL-ended C array NAME of string literals. */
export function cArray(name: string, words: readonly string[]): string[] {
  return [`static const char *const ${name}[] = {`, ...words.map((w) => `\t${cString(w)},`), '\t0', '};'];
}
