/** `unicore setup`: the command line of setup/setup.ts. */
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_NEWLIB_TARBALL } from '../../setup/newlib';
import { setup, SetupOptions } from '../../setup/setup';

export const setupCommand: CommandModule<object, SetupOptions> = {
  command: 'setup',
  describe: 'build newlib, the unicore runtime and libstdc++, and write the toolchain into PREFIX',
  builder: (y: Argv) =>
    y
      .option('prefix', { type: 'string', describe: 'where to install (default: $UNICORE_PREFIX, else ~/.unicore)' })
      .option('cc', { type: 'string', default: 'gcc', describe: 'backend compiler (a gcc for x86_64)' })
      .option('newlib', { type: 'string', default: DEFAULT_NEWLIB_TARBALL, describe: 'newlib source tarball' })
      .option('lwip', { type: 'string', describe: 'lwIP 2.1.x source archive (default: the cached Debian lwip source package)' })
      .option('platforms', { type: 'string', describe: 'platforms to build, e.g. "kvm,linuxu" (default: all)' })
      .option('without-cxx', { type: 'boolean', describe: 'no C++: skip building libstdc++ (faster setup), no -g++/-c++ wrappers' })
      .option('gcc-source', { type: 'string', describe: 'GCC source tarball of the backend\'s version, for libstdc++ (default: Debian\'s gcc-N-source)' }) as Argv<SetupOptions>,
  handler: async (argv) => {
    await setup(argv);
  },
};
