/** `unicore setup`: the command line of setup/setup.ts. */
import type { CommandSpec, ParsedLine } from '../../lib/cli';
import { DEFAULT_NEWLIB_TARBALL } from '../../setup/newlib';
import { setup } from '../../setup/setup';
import { NATIVE_RUN_SOURCE, nativeRunHeader } from '../../run/native';
import { NATIVE_BAKE_SOURCE, nativeBakeHeader } from '../../bake/native';

export const spec: CommandSpec = {
  usage: 'unicore setup [options]',
  describe: 'build newlib, the unicore runtime and libstdc++, and write the toolchain into PREFIX',
  options: {
    prefix: { type: 'string', value: 'DIR', describe: 'where to install (default: $UNICORE_PREFIX, else ~/.unicore)' },
    cc: { type: 'string', value: 'GCC', describe: 'backend compiler (a gcc for x86_64; default gcc)' },
    newlib: { type: 'string', value: 'TARBALL', describe: `newlib source tarball (default ${DEFAULT_NEWLIB_TARBALL})` },
    lwip: { type: 'string', value: 'ARCHIVE', describe: 'lwIP 2.1.x source archive (default: the cached Debian lwip source package)' },
    platforms: { type: 'string', value: 'LIST', describe: 'platforms to build, e.g. "kvm,linuxu" (default: all)' },
    'without-cxx': { type: 'boolean', describe: 'no C++: skip building libstdc++ (faster setup), no -g++/-c++ wrappers' },
    'gcc-source': { type: 'string', value: 'TARBALL', describe: 'GCC source tarball of the backend\'s version, for libstdc++ (default: Debian\'s gcc-N-source)' },
  },
};

export async function main(line: ParsedLine): Promise<void> {
  const v = line.values as Record<string, string | undefined>;
  await setup({
    prefix: v.prefix,
    cc: v.cc ?? 'gcc',
    newlib: v.newlib ?? DEFAULT_NEWLIB_TARBALL,
    lwip: v.lwip,
    platforms: v.platforms,
    withoutCxx: line.values['without-cxx'] === true,
    gccSource: v['gcc-source'],
    nativeRun: { source: NATIVE_RUN_SOURCE, header: nativeRunHeader() },
    nativeBake: { source: NATIVE_BAKE_SOURCE, header: nativeBakeHeader },
  });
}
