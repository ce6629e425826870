/**
 * The in-memory filesystem, the headers unicore adds to newlib's and the
 * honest failures of what a unikernel lacks, seen from programs built with
 * the wrappers, baked and run with `unicore run`.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { PROGRAMS, bake, buildProgram, run, toolchainEnv, workdir } from '../support/unicore';

/** The ustar rootfs: nested directories, modes, a file and a directory symlink, a long path. */
function makeRootfs(root: string): string {
  const long = 'a-directory-name-of-forty-characters-xyz/'.repeat(3);
  fs.mkdirSync(path.join(root, 'etc', 'conf.d'), { recursive: true });
  fs.mkdirSync(path.join(root, 'data', 'deep', 'er'), { recursive: true });
  fs.mkdirSync(path.join(root, 'private'), { mode: 0o700 });
  fs.chmodSync(path.join(root, 'private'), 0o700);
  fs.mkdirSync(path.join(root, long), { recursive: true });
  fs.writeFileSync(path.join(root, 'etc', 'conf.d', 'a.conf'), 'hello\n');
  fs.writeFileSync(path.join(root, 'data', 'deep', 'er', 'leaf.txt'), 'x=1\n');
  fs.writeFileSync(path.join(root, long, 'end.txt'), 'far away\n');
  fs.chmodSync(path.join(root, 'data', 'deep', 'er', 'leaf.txt'), 0o600);
  fs.symlinkSync('../etc/conf.d/a.conf', path.join(root, 'data', 'link'));
  fs.symlinkSync('deep/er', path.join(root, 'data', 'dirlink'));
  return long;
}

const DEV_LISTING = [
  'd 755 /dev', 'c /dev/console', 'c /dev/full', 'c /dev/null', 'c /dev/random', 'c /dev/stderr',
  'c /dev/stdin', 'c /dev/stdout', 'c /dev/tty', 'c /dev/urandom', 'c /dev/zero',
];

describe.each(['linuxu', 'kvm'])('POSIX layer on %s', (platform) => {
  let dir: string;

  beforeAll(() => {
    dir = workdir(`posix-fs-${platform}`);
  });

  test('a --rootfs tree lists with nested directories, modes and symlinks, and reads through them', async () => {
    const root = path.join(dir, 'root');
    const long = makeRootfs(root);
    const program = await buildProgram('tree', platform, dir);
    const image = await bake(platform, program, ['--rootfs', root, '-o', `${program}.${platform}`]);
    const r = await run(image, { args: ['/', '/data/link', '/data/dirlink/leaf.txt', `/${long}end.txt`] });
    const deep = long.split('/').filter(Boolean);
    expect(r.stdout.toString().split('\n')).toEqual([
      ...deep.map((_, i) => `d 755 /${deep.slice(0, i + 1).join('/')}`),
      `f 644 /${long}end.txt 9`,
      'd 755 /data',
      'd 755 /data/deep',
      'd 755 /data/deep/er',
      'f 600 /data/deep/er/leaf.txt 4',
      'l /data/dirlink -> deep/er',
      'l /data/link -> ../etc/conf.d/a.conf',
      ...DEV_LISTING,
      'd 755 /etc',
      'd 755 /etc/conf.d',
      'f 644 /etc/conf.d/a.conf 6',
      'f 644 /etc/mtab 21',
      'd 700 /private',
      'd 1777 /tmp',
      '/etc/conf.d/a.conf = hello',
      '/data/deep/er/leaf.txt = x=1',
      `/${long}end.txt = far away`,
      '',
    ]);
    expect(r.exitCode).toBe(0);
  });

  test('O_APPEND, O_EXCL, holes, ftruncate, rename over a file, links, ELOOP and /dev/null behave as on Unix', async () => {
    const program = await buildProgram('fs_ops', platform, dir);
    const r = await run(await bake(platform, program, ['-o', `${program}.${platform}`]));
    expect(r.stdout.toString()).toBe('via /dev/stdout\nfs ops ok\n');
    expect(r.exitCode).toBe(0);
  });

  test('a non-socket, processes and dlopen fail with the proper errno; root is a real user', async () => {
    const program = await buildProgram('no_subsystems', platform, dir);
    const r = await run(await bake(platform, program, ['-o', `${program}.${platform}`]));
    expect(r.stdout.toString()).toBe([
      'connect on stdout: -1 Socket operation on non-socket',
      'fork: -1 Function not implemented',
      'exec: -1 Function not implemented',
      'waitpid: -1 No children',
      'system(NULL): 0',
      'dlopen: NULL; dynamic loading is not supported on unicore',
      'getpwuid(0): root uid=0 gid=0 home=/ shell=/bin/sh',
      'getpwuid(1000): NULL errno=0',
      'getgrnam(root): gid=0',
      '',
    ].join('\n'));
    expect(r.exitCode).toBe(0);
  });
});

describe('headers newlib lacks', () => {
  let dir: string;

  beforeAll(() => {
    dir = workdir('posix-headers');
  });

  /* Strict modes catch a header that leans on GNU extensions or misses an include. */
  test.each([
    ['gnu11 (default)', []],
    ['c99 + _POSIX_C_SOURCE=200809L', ['-std=c99', '-D_POSIX_C_SOURCE=200809L']],
    ['c11 + _XOPEN_SOURCE=700', ['-std=c11', '-D_XOPEN_SOURCE=700']],
    ['gnu99 + _GNU_SOURCE', ['-std=gnu99', '-D_GNU_SOURCE']],
  ])('all compile with -Wall -Wextra -Werror in %s', async (_name, flags) => {
    await execa('x86_64-unicore-linuxu-gcc', [
      ...flags, '-Wall', '-Wextra', '-Werror', '-c', '-o', path.join(dir, 'headers.o'),
      path.join(PROGRAMS, 'headers.c'),
    ], { env: toolchainEnv() });
  });

  test('what works without a network works: byte order, address text, termios and ioctl errors, statvfs, syslog', async () => {
    const program = await buildProgram('headers', 'linuxu', dir);
    const r = await run(await bake('linuxu', program, ['-o', `${program}.linuxu`]));
    expect(r.stdout.toString()).toBe([
      'htons: ok',
      'inet_pton: 1 0 1',
      'inet_ntoa: 10.0.0.1',
      'inet_ntop: 2001:db8::1:0:0:1',
      'inet_ntop: ::ffff:1.2.3.4',
      'inet_addr: 7f000001',
      'gai_strerror: Name does not resolve',
      'socklen probe: -1 Socket operation on non-socket',
      'tcgetattr(/dev/null): -1 Not a character device',
      'TIOCGWINSZ(file): -1 Not a character device',
      'iovec',
      'writev: 6',
      'flock: 0',
      'statvfs: ok',
      'statfs: tmpfs',
      'makedev: 1 3',
      'paths: /dev/null /tmp/',
      '',
    ].join('\n'));
    expect(r.stderr).toMatch(/headers: to the log: 42/);
    expect(r.exitCode).toBe(0);
  });
});
