/**
 * `unicore run IMAGE [--mem SIZE] [--accel kvm|tcg] [--verbose] [--xl-config FILE] [--toolstack]
 *  [--screenshot FILE.png] [--screen-text FILE] [-p [ADDR:]HOST:GUEST[/udp]]... [--net MODE] [-- ARGS]`
 * Boots a baked image like a local process (run/run.ts) and exits with
 * the app's exit status.
 */
import type { Argv, CommandModule } from 'yargs';
import { runImage } from '../../run/run';

interface RunArgs {
  image: string;
  mem?: string;
  accel?: string;
  verbose: boolean;
  'xl-config'?: string;
  toolstack: boolean;
  screenshot?: string;
  'screen-text'?: string;
  p?: string[];
  net?: string;
  '--'?: Array<string | number>;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <image>',
  describe: 'boot an image like a local process: stdin, stdout, stderr and exit status',
  builder: (yargs: Argv) => yargs
    // ARGS after -- are the app's, untouched (not parsed as numbers or options).
    .parserConfiguration({ 'populate--': true })
    .positional('image', { type: 'string', demandOption: true, describe: 'an image written by unicore-bake (or a baremetal ISO)' })
    .option('mem', { type: 'string', describe: 'guest memory, e.g. 64M (default: what the image was baked with)' })
    .option('accel', { type: 'string', choices: ['kvm', 'tcg'], describe: 'QEMU accelerator (default tcg)' })
    .option('verbose', { type: 'boolean', default: false, describe: 'show the boot log (firmware, Xen, QEMU) on stderr' })
    .option('xl-config', { type: 'string', describe: 'xen images: write an xl config for `xl create -c` and exit' })
    .option('toolstack', { type: 'boolean', default: false, describe: 'xen images: run as a domU that xl starts in a Linux dom0 (Xen in QEMU) instead of as dom0' })
    .option('screenshot', { type: 'string', describe: 'save the guest\'s screen as PNG when it ends' })
    .option('screen-text', { type: 'string', describe: 'save the guest\'s VGA text screen as text when it ends' })
    .option('p', { type: 'string', array: true, describe: 'publish a guest port on the host: [ADDR:]HOSTPORT:GUESTPORT[/udp] (repeatable; ADDR default 127.0.0.1)' })
    .option('net', { type: 'string', describe: 'user (default when the program uses sockets), none, or tap=IFNAME' })
    .usage('$0 run IMAGE [options] [-- ARGS...]') as unknown as Argv<RunArgs>,
  handler: async (argv) => {
    const status = await runImage({
      image: argv.image,
      args: (argv['--'] ?? []).map(String),
      mem: argv.mem,
      accel: argv.accel,
      verbose: argv.verbose,
      xlConfig: argv['xl-config'],
      toolstack: argv.toolstack,
      screenshot: argv.screenshot,
      screenText: argv['screen-text'],
      publish: (argv.p ?? []).map(String),
      net: argv.net,
    });
    // The app's status is ours; exit now (stdio is flushed) so nothing else runs on.
    process.exit(status);
  },
};
