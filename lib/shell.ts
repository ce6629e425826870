/**
 * sh-like words, both ways: quoting a word so sh (and the runtime's boot
 * command line parser) reads it back unchanged, and splitting a command line
 * the way the runtime does (docs/architecture.md, "Boot command line").
 */
import { UserError } from './errors';

/** Quotes one word for sh: plain if safe, else '...' with ' as '\''. */
export function shQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Splits a command line into words the way the runtime does (sh-like:
 * '...' literal, "..." with \ escaping " \ $ `, \ escaping any character
 * outside quotes), so GRUB gets the same words.
 */
export function splitCmdline(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === '\'') {
      const end = line.indexOf('\'', i + 1);
      if (end < 0) throw new UserError('the command line has an unterminated \' quote');
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word = word ?? '';
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) i++;
        word += line[i];
      }
      if (i >= line.length) throw new UserError('the command line has an unterminated " quote');
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
