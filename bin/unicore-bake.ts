#!/usr/bin/env node
/**
 * unicore-bake PLATFORM INPUT... [-o OUT] [--rootfs DIR] [--cmdline ARGS] [--mem SIZE] [--iso]
 * Links a platform onto a fermented unicore program and writes a bootable image.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runCli, UserError } from '../lib/errors';
import { locatePrefix } from '../lib/toolchain';
import { bake } from '../bake/bake';
import { ToolError } from '../bake/link';
import { extractCmdline } from '../bake/options';
import { DEFAULT_MEM_MIB, parseMem } from '../lib/mem';
import { PLATFORMS } from '../lib/platforms';

async function main(): Promise<void> {
  // --cmdline's value is the guest's arguments and usually starts with '-'.
  const { argv, cmdline } = extractCmdline(hideBin(process.argv));
  const args = yargs(argv)
    .scriptName('unicore-bake')
    .usage('$0 PLATFORM INPUT... [-o OUT] [--rootfs DIR] [--cmdline ARGS] [--mem SIZE] [--iso]\n\n'
      + 'Bakes a program linked with x86_64-unicore-<platform>-gcc (or objects compiled with it) into an image.')
    .epilogue('Platforms:\n' + PLATFORMS.map((p) => `  ${p.name.padEnd(10)} ${p.description}`).join('\n'))
    .wrap(null)
    .option('o', { alias: 'output', type: 'string', requiresArg: true, describe: 'the image to write (default INPUT.PLATFORM)' })
    .option('rootfs', { type: 'string', requiresArg: true, describe: 'directory packed into the image, seen by the program at /' })
    .option('cmdline', { type: 'string', describe: 'default arguments (sh-like quoting), before the boot arguments' })
    .option('mem', { type: 'string', requiresArg: true, describe: `guest memory, e.g. 64M or 1G (default ${DEFAULT_MEM_MIB}M)` })
    .option('iso', { type: 'boolean', default: false, describe: 'baremetal only: write a bootable GRUB ISO' })
    .option('prefix', { type: 'string', requiresArg: true, describe: 'the unicore toolchain to use (default $UNICORE_PREFIX or ~/.unicore)' })
    // File names stay strings ("0755" is not 755); a repeated option: the last one wins.
    .parserConfiguration({ 'parse-positional-numbers': false, 'duplicate-arguments-array': false })
    .strictOptions()
    .help()
    .version(false)
    .fail((msg, err) => {
      throw new UserError(`${msg ?? err?.message}: see unicore-bake --help`);
    })
    .parseSync();

  const [platform, ...inputs] = args._.map(String);
  if (platform === undefined || inputs.length === 0) {
    throw new UserError('usage: unicore-bake PLATFORM INPUT... [-o OUT]: give a platform and the program to bake');
  }
  try {
    await bake({
      prefix: locatePrefix(args.prefix),
      platform,
      inputs,
      out: args.o,
      rootfs: args.rootfs,
      cmdline: cmdline ?? '',
      mem: args.mem === undefined ? undefined : parseMem(args.mem),
      iso: args.iso,
    });
  } catch (err) {
    if (err instanceof ToolError && err.details) process.stderr.write(err.details.endsWith('\n') ? err.details : `${err.details}\n`);
    throw err;
  }
}

void runCli('unicore-bake', main);
