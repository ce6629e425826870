/**
 * `unicore run` killed outright (issue 8, case 2): SIGKILL leaves it no time
 * to clean up, so the guest (QEMU, or the linuxu program) must die with it, and
 * the next run removes the scratch directory it left.
 */
import * as fs from 'fs';
import * as os from 'os';
import execa from 'execa';
import { bake, buildProgram, run, toolchainEnv, workdir } from '../support/unicore';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Pids whose command line holds marker, except unicore run's own. */
async function guestsWith(marker: string, launcher: number | undefined): Promise<number[]> {
  const r = await execa('pgrep', ['-f', '--', marker], { reject: false });
  return r.stdout.split('\n').filter(Boolean).map(Number).filter((pid) => pid !== launcher);
}
const scratchOf = (pid: number) => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`unicore-run-${pid}-`));

describe.each(['kvm', 'baremetal', 'xen', 'linuxu'])('SIGKILL of unicore run on %s', (platform) => {
  test('takes the guest with it; the next run removes its scratch directory', async () => {
    const dir = workdir(`killed-${platform}`);
    const image = await bake(platform, await buildProgram('read_line', platform, dir));
    const marker = `killed-${platform}-${process.pid}-${Date.now()}`;
    // stdin stays open: the guest waits in read() until we kill unicore run.
    const child = execa('unicore', ['run', image, '--', marker], { env: toolchainEnv(), reject: false, stdin: 'pipe' });
    try {
      for (let i = 0; i < 150 && (await guestsWith(marker, child.pid)).length === 0; i++) await sleep(200);
      expect(await guestsWith(marker, child.pid)).toHaveLength(1);
      if (platform !== 'linuxu') expect(scratchOf(child.pid!)).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
    const r = await child;
    expect(r.signal).toBe('SIGKILL');
    for (let i = 0; i < 25 && (await guestsWith(marker, undefined)).length; i++) await sleep(200);
    expect(await guestsWith(marker, undefined)).toEqual([]);

    if (platform !== 'linuxu') {
      expect(scratchOf(child.pid!)).toHaveLength(1);   // left behind: SIGKILL gives no chance to clean up
      const again = await run(image, { input: 'x\n' });
      expect(again.stdout.toString()).toBe('got: x\nend of input\n');
      expect(scratchOf(child.pid!)).toEqual([]);
    }
  });
});
