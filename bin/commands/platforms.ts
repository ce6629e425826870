/** `unicore platforms`: one line per platform a program can be baked for. */
import type { CommandModule } from 'yargs';
import { PLATFORMS } from '../../lib/platforms';

export function platformsText(): string {
  const width = Math.max(...PLATFORMS.map((p) => p.name.length));
  return PLATFORMS.map((p) => `${p.name.padEnd(width)}  ${p.description}\n`).join('');
}

export const platformsCommand: CommandModule = {
  command: 'platforms',
  describe: 'list the platforms a program can be baked for',
  handler: () => {
    process.stdout.write(platformsText());
  },
};
