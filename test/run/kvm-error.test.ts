/**
 * `unicore run --accel kvm` when KVM gives up on the guest (issue 8, case 9):
 * QEMU pauses the guest for ever; unicore run must end with one line that
 * says so and suggests TCG, and leave no QEMU behind.
 */
import execa from 'execa';
import { kvmUsable } from '../../run/qemu';
import { bake, buildProgram, run, workdir } from '../support/unicore';

// Needs /dev/kvm (nested KVM on the test machines).
(kvmUsable() ? test : test.skip)('a KVM internal error ends the run with one line suggesting TCG', async () => {
  const dir = workdir('kvm-error');
  const image = await bake('kvm', await buildProgram('exec_mmio', 'kvm', dir));
  const r = await run(image, { runFlags: ['--accel', 'kvm'], args: [`kvm-error-${process.pid}`], timeoutMs: 120000 });
  // Nested KVM (the test machines) already fails in the boot code; elsewhere the program's jump does.
  expect(['', 'jumping into MMIO\n']).toContain(r.stdout.toString());
  expect(r.stderr).toBe('unicore run: KVM stopped the guest with an internal error (KVM internal error. Suberror: 1): ' +
    'run it without --accel kvm (TCG emulates what KVM could not)\n');
  expect(r.exitCode).toBe(1);
  expect((await execa('pgrep', ['-f', '--', `kvm-error-${process.pid}`], { reject: false })).stdout).toBe('');
});
