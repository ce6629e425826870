/**
 * `unicore run IMAGE [--mem SIZE] [--accel kvm|tcg] [--verbose] [--xl-config FILE] [--toolstack]
 *  [--screenshot FILE.png] [--screen-text FILE] [-p [ADDR:]HOST:GUEST[/udp]]... [--net MODE] [-- ARGS]`
 * Boots a baked image like a local process (run/run.ts) and exits with
 * the app's exit status.
 */
import type { CommandSpec, ParsedLine } from '../../lib/cli';
import { runImage } from '../../run/run';

export const spec: CommandSpec = {
  usage: 'unicore run IMAGE [options] [-- ARGS...]',
  describe: 'boot an image like a local process: stdin, stdout, stderr and exit status\n'
    + 'IMAGE: an image written by unicore-bake (or a baremetal ISO); ARGS after -- are the app\'s, untouched',
  options: {
    mem: { type: 'string', value: 'SIZE', describe: 'guest memory, e.g. 64M (default: what the image was baked with)' },
    accel: { type: 'string', value: 'ACCEL', choices: ['kvm', 'tcg'], describe: 'QEMU accelerator (default tcg)' },
    verbose: { type: 'boolean', describe: 'show the boot log (firmware, Xen, QEMU) on stderr' },
    'xl-config': { type: 'string', value: 'FILE', describe: 'xen images: write an xl config for `xl create -c` and exit' },
    toolstack: { type: 'boolean', describe: 'xen images: run as a domU that xl starts in a Linux dom0 (Xen in QEMU) instead of as dom0' },
    screenshot: { type: 'string', value: 'FILE.png', describe: 'save the guest\'s screen as PNG when it ends' },
    'screen-text': { type: 'string', value: 'FILE', describe: 'save the guest\'s VGA text screen as text when it ends' },
    p: { type: 'string', value: '[ADDR:]HOST:GUEST[/udp]', multiple: true, describe: 'publish a guest port on the host (repeatable; ADDR default 127.0.0.1)' },
    net: { type: 'string', value: 'MODE', describe: 'user (default when the program uses sockets), none, or tap=IFNAME' },
  },
  positionals: { min: 1, max: 1, missing: 'give the image to run' },
  rest: true,
};

export async function main(line: ParsedLine): Promise<void> {
  const v = line.values as Record<string, string | undefined>;
  const status = await runImage({
    image: line.positionals[0],
    args: line.rest,
    mem: v.mem,
    accel: v.accel,
    verbose: line.values.verbose === true,
    xlConfig: v['xl-config'],
    toolstack: line.values.toolstack === true,
    screenshot: v.screenshot,
    screenText: v['screen-text'],
    publish: (line.values.p as string[] | undefined) ?? [],
    net: v.net,
  });
  // The app's status is ours; exit now (stdio is flushed) so nothing else runs on.
  process.exit(status);
}
