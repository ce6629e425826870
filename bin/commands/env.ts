/**
 * `unicore env`: the shell settings (PATH, CONFIG_SITE) for a prefix, to eval.
 * The text itself comes from wrappers/env.ts.
 */
import type { Argv, CommandModule } from 'yargs';
import { envScript } from '../../toolchain/env';
import { locatePrefix } from '../../lib/toolchain';

export interface EnvOptions {
  prefix?: string;
}

export function env(opts: EnvOptions): void {
  const prefix = locatePrefix(opts.prefix);
  prefix.readToolchain(); // a one-line error when the prefix holds no toolchain
  process.stdout.write(envScript(prefix.root));
}

export const envCommand: CommandModule<object, EnvOptions> = {
  command: 'env',
  describe: 'print the PATH and CONFIG_SITE settings for the toolchain: eval "$(unicore env)"',
  builder: (y: Argv) =>
    y.option('prefix', { type: 'string', describe: 'the toolchain prefix (default: $UNICORE_PREFIX, this CLI\'s prefix, else ~/.unicore)' }) as Argv<EnvOptions>,
  handler: (argv) => env(argv),
};
