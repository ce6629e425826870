/**
 * GNU bc 1.07.1 (Debian's bc source package) builds unmodified for kvm: its
 * build links fbc and runs it to generate libmath.h, which works because the
 * wrapper's program file runs on the build machine (with its files).
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { bake, buildPackage, run, workdir } from '../support/unicore';

describe('GNU bc 1.07.1 with --host=x86_64-unicore-kvm', () => {
  let bc: string;
  beforeAll(async () => {
    [bc] = await buildPackage('bc', 'kvm', workdir('bc'));
  });

  test('its build ran fbc: libmath.h holds the compiled math library', () => {
    const libmath = fs.readFileSync(path.join(path.dirname(bc), 'libmath.h'), 'utf8');
    expect(libmath).not.toBe('{0}\n');
    expect(libmath.length).toBeGreaterThan(1000);
  });

  test('bc -q computes 2^64 on the build machine and under unicore run', async () => {
    const here = await execa(bc, ['-q'], { input: '2^64\n', reject: false });
    expect(here.stdout).toBe('18446744073709551616');
    const image = await bake('kvm', bc);
    const r = await run(image, { args: ['-q'], input: '2^64\n' });
    expect(r.stdout.toString()).toBe('18446744073709551616\n');
    expect(r.exitCode).toBe(0);
  });

  test('bc -l uses the generated math library in the guest', async () => {
    const r = await run(`${bc}.kvm`, { args: ['-ql'], input: 'scale=5; a(1)*4\n' });
    expect(r.stdout.toString()).toBe('3.14156\n');
  });
});
