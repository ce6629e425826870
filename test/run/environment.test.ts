/**
 * `unicore run` in an unfriendly environment (issue 8, cases 8 and 13): an
 * unusable TMPDIR is one line, an unusable cache directory does not stop the
 * run, and --xl-config never writes through a file planted in its directory.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { bake, buildProgram, toolchainEnv, workdir } from '../support/unicore';

let dir: string;
let kvm: string;
let xen: string;
beforeAll(async () => {
  dir = workdir('run-env');
  kvm = await bake('kvm', await buildProgram('streams', 'kvm', dir));
  xen = await bake('xen', await buildProgram('streams', 'xen', dir), ['--mem', '32M']);
});

const unicore = (args: string[], env: NodeJS.ProcessEnv) => execa('unicore', args, { env: { ...toolchainEnv(), ...env }, reject: false, input: '' });

test('a TMPDIR that is not a directory: one line naming it, no stack trace', async () => {
  const notDir = path.join(dir, 'not-a-dir');
  fs.writeFileSync(notDir, '');
  const r = await unicore(['run', kvm], { TMPDIR: notDir });
  expect(r.stderr).toBe(`unicore run: cannot create a temporary directory in ${notDir} (ENOTDIR): set TMPDIR to a writable directory`);
  expect(r.exitCode).toBe(1);
});

test.each([
  ['a file', () => { const f = path.join(dir, 'cache-file'); fs.writeFileSync(f, ''); return f; }],
  ['under /proc', () => '/proc/no-such-cache'],
])('a cache directory that cannot be made (%s) does not stop kvm or xen runs', async (_what, cache) => {
  for (const image of [kvm, xen]) {
    const r = await unicore(['run', image, '--', 'ok'], { XDG_CACHE_HOME: cache() });
    expect(r.stdout).toBe('arg1=[ok]\nto stdout');
    expect(r.stderr).toBe('to stderr');
    expect(r.exitCode).toBe(0);
  }
});

test('--xl-config does not follow a link planted at its temporary name', async () => {
  const shared = path.join(dir, 'shared');
  fs.mkdirSync(shared);
  const victim = path.join(dir, 'victim');
  fs.writeFileSync(victim, 'precious\n');
  const cfg = path.join(shared, 'guest.cfg');
  const child = execa('unicore', ['run', xen, '--xl-config', cfg], { env: toolchainEnv(), reject: false, input: '' });
  // The names a predictable writer would use, planted before it writes.
  for (const name of [`.guest.cfg.tmp-${child.pid}`, `guest.cfg.${child.pid}.tmp`]) fs.symlinkSync(victim, path.join(shared, name));
  const r = await child;
  expect(r.exitCode).toBe(0);
  expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n');
  expect(fs.lstatSync(cfg).isFile()).toBe(true);
  expect(fs.readFileSync(cfg, 'utf8')).toMatch(/^kernel = /m);
  expect(fs.readdirSync(shared).filter((n) => !n.includes('tmp')).sort()).toEqual(['guest.cfg']);
});
