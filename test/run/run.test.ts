/**
 * `unicore run` from outside, on real baked images: bad input gets one clear
 * line, --xl-config writes a config field by field, and Ctrl-C stops the guest.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { bake, buildProgram, testPrefix, toolchainEnv, workdir } from '../support/unicore';

let dir: string;
let kvmImage: string;
let xenImage: string;

beforeAll(async () => {
  dir = workdir('run');
  kvmImage = await bake('kvm', await buildProgram('read_line', 'kvm', dir));
  xenImage = await bake('xen', await buildProgram('exit_code', 'xen', dir), ['--mem', '32M']);
});

const unicore = (args: string[], env = toolchainEnv()) =>
  execa('unicore', args, { env, reject: false, input: '' });

test('without QEMU on PATH it says how to install it', async () => {
  // A PATH with node only: the launcher needs it, QEMU is not there.
  const bin = path.join(dir, 'node-only');
  fs.mkdirSync(bin, { recursive: true });
  if (!fs.existsSync(path.join(bin, 'node'))) fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  const r = await execa(path.join(testPrefix(), 'bin', 'unicore'), ['run', kvmImage], {
    env: { ...process.env, PATH: bin }, reject: false, input: '',
  });
  expect(r.stderr.trim()).toBe('unicore run: qemu-system-x86_64 not found: install it with apt-get install qemu-system-x86');
  expect(r.exitCode).not.toBe(0);
});

test('a file that is not a unicore image is refused in one line', async () => {
  const notImage = path.join(dir, 'not-an-image');
  fs.writeFileSync(notImage, 'just text\n');
  const r = await unicore(['run', notImage]);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/is not a unicore image/);
  expect(r.exitCode).not.toBe(0);
});

test('--xl-config writes an xl config for the xen image and runs nothing', async () => {
  const cfg = path.join(dir, 'exit_code.cfg');
  const r = await unicore(['run', xenImage, '--xl-config', cfg, '--', 'say hi', "it's"]);
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe('');
  const fields = Object.fromEntries(fs.readFileSync(cfg, 'utf8').split('\n')
    .filter((l) => l && !l.startsWith('#')).map((l) => l.split(/ = (.*)/s).slice(0, 2)));
  expect(fields).toEqual({
    name: '"exit_code"',
    type: '"pvh"',
    kernel: `"${path.resolve(xenImage)}"`,
    memory: '32',
    vcpus: '1',
    extra: `"-- 'say hi' 'it'\\\\''s'"`,  // xl escapes the quoting's backslash
    on_poweroff: '"destroy"',
    on_reboot: '"destroy"',
    on_crash: '"destroy"',
  });
});

test('--toolstack on a kvm image is refused', async () => {
  const r = await unicore(['run', kvmImage, '--toolstack']);
  expect(r.stderr).toMatch(/--toolstack: .* is a kvm image, not a xen image/);
  expect(r.exitCode).not.toBe(0);
});

test('--xl-config on a kvm image is refused and writes nothing', async () => {
  const cfg = path.join(dir, 'kvm.cfg');
  const r = await unicore(['run', kvmImage, '--xl-config', cfg]);
  expect(r.stderr).toMatch(/--xl-config: .* is a kvm image, not a xen image/);
  expect(r.exitCode).not.toBe(0);
  expect(fs.existsSync(cfg)).toBe(false);
});

test('Ctrl-C stops a guest waiting for input: status 130, no QEMU left', async () => {
  // stdin stays open (a pipe nobody writes), so the guest waits in read().
  const marker = `ctrl-c-${process.pid}-${Date.now()}`;   // on QEMU's command line, to find it
  const child = execa('unicore', ['run', kvmImage, '--', marker], { env: toolchainEnv(), reject: false, stdin: 'pipe' });
  await new Promise((resolve) => setTimeout(resolve, 4000));
  expect((await execa('pgrep', ['-f', '--', marker], { reject: false })).stdout).not.toBe('');
  const started = Date.now();
  child.kill('SIGINT');
  const r = await child;
  expect(r.exitCode).toBe(130);
  expect(Date.now() - started).toBeLessThan(5000);
  const left = await execa('pgrep', ['-f', '--', marker], { reject: false });
  expect(left.stdout).toBe('');
});
