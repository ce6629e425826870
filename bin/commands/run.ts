/**
 * `unicore run IMAGE [--mem SIZE] [--accel kvm|tcg] [--verbose] [--xl-config FILE]
 *  [--screenshot FILE.png] [--screen-text FILE] [-- ARGS]`
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
  screenshot?: string;
  'screen-text'?: string;
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
    .option('screenshot', { type: 'string', describe: 'save the guest\'s screen as PNG when it ends' })
    .option('screen-text', { type: 'string', describe: 'save the guest\'s VGA text screen as text when it ends' })
    .usage('$0 run IMAGE [options] [-- ARGS...]') as unknown as Argv<RunArgs>,
  handler: async (argv) => {
    const status = await runImage({
      image: argv.image,
      args: (argv['--'] ?? []).map(String),
      mem: argv.mem,
      accel: argv.accel,
      verbose: argv.verbose,
      xlConfig: argv['xl-config'],
      screenshot: argv.screenshot,
      screenText: argv['screen-text'],
    });
    // The app's status is ours; exit now (stdio is flushed) so nothing else runs on.
    process.exit(status);
  },
};
