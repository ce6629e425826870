/**
 * Faults the program catches itself (components/posix/core/fault.c): SIGSEGV
 * from a NULL dereference, a stack overflow and a write to a page mprotect
 * made read-only or inaccessible, SIGFPE from an integer division by zero,
 * each delivered to a SA_SIGINFO handler on the sigaltstack stack with
 * si_addr, si_code and a glibc-layout ucontext, left with siglongjmp or
 * returned from to retry the access; and the default action after a
 * SA_RESETHAND handler returns. On every platform: the VM ones share the
 * x86_64 trap path, linuxu gets the host kernel's signals.
 */
import { bake, buildProgram, run, testPlatforms, workdir } from '../support/unicore';

const PLATFORMS = testPlatforms(['linuxu', 'kvm', 'baremetal', 'xen']);

const EXPECTED = [
  'null: caught SIGSEGV code 1 addr ok altstack yes rip yes',
  'overflow: caught SIGSEGV altstack yes near-sp yes',
  'mprotect: caught SIGSEGV code 2 addr ok read 0',
  'resume: handler ran 1 time(s), value 42',
  'fpe: caught SIGFPE code 1 addr-is-rip yes',
  'again: caught addr ok',
  'done',
  '',
].join('\n');

describe.each(PLATFORMS)('faults on %s', (platform) => {
  let image: string;

  beforeAll(async () => {
    const dir = workdir(`faults-${platform}`);
    image = await bake(platform, await buildProgram('faults', platform, dir));
  }, 180000);

  test('SA_SIGINFO handlers on the alternate stack catch SIGSEGV (NULL, stack overflow, mprotect) and SIGFPE', async () => {
    const r = await run(image, { timeoutMs: 120000 });
    expect(r.stderr).not.toMatch(/crash/i);
    expect(r.stdout.toString()).toBe(EXPECTED);
    expect(r.exitCode).toBe(0);
  }, 150000);

  test('a handler that returns retries the access; with SA_RESETHAND that is the default action (139)', async () => {
    const r = await run(image, { args: ['once'], timeoutMs: 120000 });
    expect(r.stdout.toString()).toBe('once: handler ran\n');
    expect(r.stderr).toMatch(/SIGSEGV|page fault|segmentation/i);
    expect(r.exitCode).toBe(139);
  }, 150000);
});
