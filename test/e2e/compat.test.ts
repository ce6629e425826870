/**
 * What ported GNU programs need beyond newlib: program name, dirname and
 * basename, fnmatch, glob over a --rootfs tree, the mount table, POSIX
 * limits, the group list, sigwait, sigaction flags and getline
 * (test/programs/compat.c).
 */
import * as fs from 'fs';
import * as path from 'path';
import { bake, buildProgram, run, workdir } from '../support/unicore';

function makeRootfs(root: string): void {
  fs.mkdirSync(path.join(root, 'data', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'data', 'a.txt'), 'one\ntwo\n');
  fs.writeFileSync(path.join(root, 'data', 'b.txt'), 'b\n');
  fs.writeFileSync(path.join(root, 'data', 'c.log'), 'c\n');
  fs.writeFileSync(path.join(root, 'data', '.hidden.txt'), 'h\n');
  fs.writeFileSync(path.join(root, 'data', 'sub', 'x.txt'), 'x\n');
}

/* The same answers as glibc's, except dirname("//x") (glibc keeps "//", which
 * POSIX allows) and FNM_EXTMATCH, which unicore does not implement. */
const EXPECTED = [
  "short name is argv[0]'s last part: 1",
  'program_invocation_name is argv[0]: 1',
  'dirname("/usr/lib/")=/usr basename=lib',
  'dirname("usr")=. basename=usr',
  'dirname("/")=/ basename=/',
  'dirname("a//b//")=a basename=b',
  'dirname("")=. basename=.',
  'dirname("//x")=/ basename=x',
  'fnmatch(*.c, main.c, 0)=0',
  'fnmatch(*.c, dir/main.c, 0x1)=1',
  'fnmatch(*.c, .hidden.c, 0x4)=1',
  'fnmatch([a-c]x, bx, 0)=0',
  'fnmatch([!a-c]x, bx, 0)=1',
  'fnmatch([[:digit:]]?, 7z, 0)=0',
  'fnmatch(\\*, *, 0)=0',
  'fnmatch(\\*, \\*, 0x2)=0',
  'fnmatch(MAKE*, Makefile, 0x10)=0',
  'fnmatch(src, src/main.c, 0x8)=0',
  'fnmatch(a/*/c, a/b/c, 0x1)=0',
  'fnmatch([]], ], 0)=0',
  'fnmatch([, [, 0)=0',
  'glob(/data/*.txt, 0)=0: /data/a.txt /data/b.txt',
  'glob(/data/*, 0x2)=0: /data/a.txt /data/b.txt /data/c.log /data/sub/',
  'glob(/data/.*.txt, 0)=0: /data/.hidden.txt',
  'glob(/d?ta/s*/*, 0)=0: /data/sub/x.txt',
  'glob(/data/*.none, 0)=3:',
  'glob(/data/*.none, 0x10)=0: /data/*.none',
  'glob([bc]*, 0)=0: b.txt c.log',
  'glob(*/, 0)=0: sub/',
  'offs+append: NULL NULL c.log a.txt 2',
  'mount: tmpfs on / type tmpfs (rw) rw=1 ro=0',
  'setmntent: ok',
  '_POSIX_OPEN_MAX=20 _POSIX_ARG_MAX=4096 _POSIX_PATH_MAX=256 _POSIX_NAME_MAX=14',
  'ARG_MAX=sysconf 1, OPEN_MAX=sysconf 1, NGROUPS_MAX=sysconf 1',
  'getgroups at boot: 0',
  'setgroups(2): 0, getgroups: 2 [0 5]',
  'getgroups(1): -1 Invalid argument',
  'initgroups(root, 0): 0, getgroups: 1',
  'sigwait: 0 sig=SIGALRM',
  'SA_NODEFER: blocked in handler=0; SA_RESETHAND: reset=1; SA_RESTART=0x10000000',
  'getline: 4 one',
  'getline: 4 two',
  'utime: 0',
  '',
];

describe.each(['linuxu', 'kvm'])('compatibility functions on %s', (platform) => {
  test('program name, paths, wildcards, glob, mount table, limits, groups, signals, getline', async () => {
    const dir = workdir(`compat-${platform}`);
    const root = path.join(dir, 'root');
    makeRootfs(root);
    const program = await buildProgram('compat', platform, dir);
    const image = await bake(platform, program, ['--rootfs', root, '-o', `${program}.${platform}`]);
    const r = await run(image);
    const lines = r.stdout.toString().split('\n');
    // argv[0] is the baked name on kvm and the image's path on linuxu.
    expect(lines[0]).toBe(platform === 'kvm' ? 'getprogname: compat' : 'getprogname: compat.linuxu');
    expect(lines.slice(1)).toEqual(EXPECTED);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });
});
