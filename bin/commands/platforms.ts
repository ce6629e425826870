/** `unicore platforms`: one line per platform a program can be baked for. */
import type { CommandSpec, ParsedLine } from '../../lib/cli';
import { PLATFORMS } from '../../lib/platforms';

export function platformsText(): string {
  const width = Math.max(...PLATFORMS.map((p) => p.name.length));
  return PLATFORMS.map((p) => `${p.name.padEnd(width)}  ${p.description}\n`).join('');
}

export const spec: CommandSpec = {
  usage: 'unicore platforms',
  describe: 'list the platforms a program can be baked for',
  options: {},
};

export function main(_line: ParsedLine): void {
  process.stdout.write(platformsText());
}
