#!/usr/bin/env node
/**
 * unicore-bake PLATFORM INPUT... [-o OUT] [--rootfs DIR] [--cmdline ARGS] [--mem SIZE] [--iso] [--verbose]
 * Links a platform onto a fermented unicore program and writes a bootable image.
 */
import { CommandSpec, helpText, parseCommandLine } from '../lib/cli';
import { runCli, UserError } from '../lib/errors';
import { DEFAULT_MEM_MIB } from '../lib/mem';
import { PLATFORMS } from '../lib/platforms';
import { extractCmdline, NODE_BAKED } from '../bake/options';

const SPEC: CommandSpec = {
  usage: 'unicore-bake PLATFORM INPUT... [-o OUT] [--rootfs DIR] [--cmdline ARGS] [--mem SIZE] [--iso]',
  describe: 'Bakes a program linked with x86_64-unicore-<platform>-gcc (or objects compiled with it) into an image.',
  options: {
    output: { type: 'string', short: 'o', value: 'OUT', describe: 'the image to write (default INPUT.PLATFORM)' },
    rootfs: { type: 'string', value: 'DIR', describe: 'directory packed into the image, seen by the program at /' },
    cmdline: { type: 'string', value: 'ARGS', describe: 'default arguments (sh-like quoting), before the boot arguments' },
    mem: { type: 'string', value: 'SIZE', describe: `guest memory, e.g. 64M or 1G (default ${DEFAULT_MEM_MIB}M)` },
    iso: { type: 'boolean', describe: 'baremetal only: write a bootable GRUB ISO' },
    prefix: { type: 'string', value: 'DIR', describe: 'the unicore toolchain to use (default $UNICORE_PREFIX or ~/.unicore)' },
    verbose: { type: 'boolean', describe: 'say which path baked the image: the native helper or the Node CLI' },
  },
  // File names stay strings ("0755" is not 755); a repeated option: the last one wins.
  positionals: { min: 0, max: Infinity, missing: '' },
  epilogue: 'Platforms:\n' + PLATFORMS.map((p) => `  ${p.name.padEnd(10)} ${p.description}`).join('\n'),
};

async function main(): Promise<number | void> {
  // --cmdline's value is the guest's arguments and usually starts with '-'.
  const { argv, cmdline } = extractCmdline(process.argv.slice(2));
  let line;
  try {
    line = parseCommandLine(SPEC, argv, 'see unicore-bake --help');
  } catch (err) {
    // Bad usage of unicore-bake has always been status 1.
    throw err instanceof UserError ? new UserError(err.message) : err;
  }
  if (line.help) {
    process.stdout.write(helpText(SPEC));
    return 0;
  }
  const args = line.values as Record<string, string | undefined>;
  // Loaded only now: `--help` and bad usage need none of it.
  const { locatePrefix } = await import('../lib/toolchain');
  const { bake } = await import('../bake/bake');
  const { ToolError } = await import('../bake/link');
  const { parseMem } = await import('../lib/mem');

  const [platform, ...inputs] = line.positionals;
  if (platform === undefined || inputs.length === 0) {
    throw new UserError('usage: unicore-bake PLATFORM INPUT... [-o OUT]: give a platform and the program to bake');
  }
  try {
    const out = await bake({
      prefix: locatePrefix(args.prefix),
      platform,
      inputs,
      out: args.output,
      rootfs: args.rootfs,
      cmdline: cmdline ?? '',
      mem: args.mem === undefined ? undefined : parseMem(args.mem),
      iso: line.values.iso === true,
    });
    if (line.values.verbose === true) process.stderr.write(`${NODE_BAKED} ${out}\n`);
  } catch (err) {
    if (err instanceof ToolError && err.details) process.stderr.write(err.details.endsWith('\n') ? err.details : `${err.details}\n`);
    throw err;
  }
}

void runCli('unicore-bake', main);
