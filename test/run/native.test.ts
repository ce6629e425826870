/**
 * The native launcher of `unicore run` (run/native/unicore-run.c): it runs a
 * plain kvm or baremetal ELF image itself, and hands everything else to the
 * Node CLI with the same words. Both paths must look the same from outside:
 * stdout, stderr, exit status, stdin byte for byte, the boot log (but for the
 * line naming the path), signals. UNICORE_RUN_NATIVE=0 forces the Node path.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import execa from 'execa';
import { bake, buildProgram, testPlatforms, toolchainEnv, workdir } from '../support/unicore';

const NATIVE_NOTE = 'unicore run: the native launcher';
const NODE_NOTE = 'unicore run: the Node CLI';
/** Whether the test prefix has linuxu, xen ($UNICORE_TEST_PLATFORMS may leave them out). */
const LINUXU = testPlatforms(['linuxu']).length > 0;
const XEN = testPlatforms(['xen']).length > 0;
type Path = 'native' | 'node';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `unicore run ARGV` by one path, with its own cache directory (so its own boot log). */
async function runBy(how: Path, cache: string, argv: string[], input: string | Buffer = '', more: NodeJS.ProcessEnv = {}) {
  const env = { ...toolchainEnv(), XDG_CACHE_HOME: cache, UNICORE_RUN_NATIVE: how === 'native' ? '1' : '0', ...more };
  const r = await execa('unicore', ['run', ...argv], { env, input, encoding: null, stripFinalNewline: false, reject: false, timeout: 120000 });
  return { exitCode: r.exitCode, stdout: r.stdout as unknown as Buffer, stderr: (r.stderr as unknown as Buffer).toString() };
}

/** The boot log of the last run of NAME in that cache directory. */
const bootLog = (cache: string, name: string) => fs.readFileSync(path.join(cache, 'unicore', 'logs', `${name}.log`), 'utf8');

describe.each(['kvm', 'baremetal'])('the native launcher on %s', (platform) => {
  let dir: string;
  let copy: string;
  let crash: string;

  beforeAll(async () => {
    dir = workdir(`native-${platform}`);
    copy = await bake(platform, await buildProgram('copy', platform, dir));
    crash = await bake(platform, await buildProgram('null_deref', platform, dir));
  });

  test('runs a plain image itself; UNICORE_RUN_NATIVE=0 takes the Node CLI', async () => {
    for (const how of ['native', 'node'] as const) {
      const cache = path.join(dir, `cache-which-${how}`);
      const r = await runBy(how, cache, [copy], 'hello\n');
      expect([r.exitCode, r.stdout.toString()]).toEqual([0, 'hello\n']);
      const log = bootLog(cache, 'copy').split('\n');
      const notes = log.filter((l) => l.startsWith('unicore run: '));
      expect(notes).toHaveLength(1);
      expect(notes[0].startsWith(how === 'native' ? NATIVE_NOTE : NODE_NOTE)).toBe(true);
    }
  });

  test('stdout, stderr, exit status, binary stdin and the boot log are the same both ways', async () => {
    // Every byte value, and more than the guest's window of credit.
    const input = Buffer.concat([Buffer.from([...Array(256).keys()]), crypto.randomBytes(600 * 1024)]);
    const args = ['7', 'unicore.x=y'];
    const [native, node] = await Promise.all((['native', 'node'] as const).map((how) =>
      runBy(how, path.join(dir, `cache-same-${how}`), [copy, '--', 'unicore.env=A=b', '--', ...args], input)));
    expect(native.exitCode).toBe(7);
    expect(Buffer.compare(native.stdout, input)).toBe(0);
    expect(native.stderr).toBe(`copied ${input.length} bytes\n`);
    expect([native.exitCode, native.stderr]).toEqual([node.exitCode, node.stderr]);
    expect(Buffer.compare(native.stdout, node.stdout)).toBe(0);
    // The logs: the same lines, but for the line naming the path (and the pids in the channel socket's path).
    const same = (how: Path) => bootLog(path.join(dir, `cache-same-${how}`), 'copy')
      .replace(/unicore-run-\d+-[A-Za-z0-9]{6}/g, 'SCRATCH').split('\n').filter((l) => !l.startsWith('unicore run: '));
    expect(same('native')).toEqual(same('node'));
    expect(same('native')[0]).toMatch(/^\$ .*qemu-system-x86_64 .* -append unicore.console=framed unicore.env=A=b -- 7 unicore.x=y {2}\(/);
  });

  test('a crash gives the same report and status both ways', async () => {
    const [native, node] = await Promise.all((['native', 'node'] as const).map((how) => runBy(how, path.join(dir, `cache-crash-${how}`), [crash])));
    expect(native.exitCode).toBe(139);
    expect(native.stderr).not.toBe('');
    expect([native.exitCode, native.stderr, native.stdout.toString()]).toEqual([node.exitCode, node.stderr, node.stdout.toString()]);
  });

  test('a reader that goes away ends the run as SIGPIPE would (141), both ways', async () => {
    for (const how of ['native', 'node'] as const) {
      const r = await execa('bash', ['-c', `head -c 3000000 /dev/zero | unicore run "$0" | head -c 10 >/dev/null; echo "\${PIPESTATUS[1]}"`, copy], {
        env: { ...toolchainEnv(), XDG_CACHE_HOME: path.join(dir, 'cache-pipe'), UNICORE_RUN_NATIVE: how === 'native' ? '1' : '0' },
        reject: false, timeout: 120000,
      });
      expect([how, r.stdout.trim()]).toEqual([how, '141']);
    }
  });
});

/** The QEMU command line a boot log records, the scratch directory's name made fixed. */
const qemuLine = (log: string) => log.replace(/unicore-run-\d+-[A-Za-z0-9]{6}/g, 'SCRATCH').split('\n').find((l) => l.startsWith('$ '));

(XEN ? describe : describe.skip)('the native launcher on xen (Xen in QEMU, the image its PVH dom0)', () => {
  let dir: string;
  let copy: string;

  beforeAll(async () => {
    dir = workdir('native-xen');
    copy = await bake('xen', await buildProgram('copy', 'xen', dir));
  });

  test('the first run unpacks Xen through the Node CLI; the next is native, with the same QEMU argv, stdout, stderr and status', async () => {
    const cache = path.join(dir, 'cache');
    const input = Buffer.concat([Buffer.from([...Array(256).keys()]), crypto.randomBytes(64 * 1024)]);
    // A comma: Xen's module string doubles it (xenModule), the native launcher too.
    const argv = [copy, '--', '7', 'a,b c'];
    const first = await runBy('native', cache, argv, input);
    const firstLog = bootLog(cache, 'copy');
    const second = await runBy('native', cache, argv, input);
    const secondLog = bootLog(cache, 'copy');
    expect([firstLog.includes(NODE_NOTE), secondLog.includes(NATIVE_NOTE)]).toEqual([true, true]);
    for (const r of [first, second]) {
      expect([r.exitCode, r.stderr]).toEqual([7, `copied ${input.length} bytes\n`]);
      expect(Buffer.compare(r.stdout, input)).toBe(0);
    }
    expect(qemuLine(secondLog)).toBe(qemuLine(firstLog));
    expect(qemuLine(secondLog)).toMatch(/ dom0_mem=\d+M .* -initrd \/dev\/fd\/3 unicore.console=framed -- 7 'a,,b c' {2}\(/);
  });

  test('UNICORE_XEN names another hypervisor: the Node CLI\'s answer', async () => {
    const more = { UNICORE_XEN: path.join(dir, 'no-such-xen.gz') };
    const [native, node] = await Promise.all((['native', 'node'] as const).map((how) => runBy(how, path.join(dir, 'cache-env'), [copy], '', more)));
    expect(native.stderr).toMatch(/UNICORE_XEN=.*no-such-xen.gz: no such file/);
    expect([native.exitCode, native.stderr]).toEqual([node.exitCode, node.stderr]);
    expect(native.exitCode).not.toBe(0);
  });
});

describe('what the native launcher leaves to the Node CLI', () => {
  let dir: string;
  let kvm: string;
  let linuxu: string;

  beforeAll(async () => {
    dir = workdir('native-fallback');
    kvm = await bake('kvm', await buildProgram('streams', 'kvm', dir));
    if (LINUXU) linuxu = await bake('linuxu', await buildProgram('streams', 'linuxu', dir));
  });

  test('an option it does not take (--accel): the Node CLI runs the image', async () => {
    const cache = path.join(dir, 'cache-accel');
    const r = await runBy('native', cache, [kvm, '--accel', 'tcg', '--', 'a b']);
    expect([r.exitCode, r.stdout.toString(), r.stderr]).toEqual([0, 'arg1=[a b]\nto stdout\n', 'to stderr\n']);
    expect(bootLog(cache, 'streams')).toContain(NODE_NOTE);
  });

  test.each([
    ['--mem 1M', (img: string) => [img, '--mem', '1M'], /--mem 1M: too small/],
    ['unicore.console= in ARGS', (img: string) => [img, '--', 'unicore.console=raw'], /unicore.console=raw: unicore run chooses the console itself/],
    ['--help', () => ['--help'], /^$/],
    ['no image', () => [], /give the image to run/],
    ['a missing image', () => ['/nonexistent/x.kvm'], /no such file/],
  ])('%s: the Node CLI\'s answer, the same as without the launcher', async (_name, argv, message) => {
    const [native, node] = await Promise.all((['native', 'node'] as const).map((how) => runBy(how, path.join(dir, 'cache-msg'), argv(kvm))));
    expect(native.stderr).toMatch(message);
    expect([native.exitCode, native.stdout.toString(), native.stderr]).toEqual([node.exitCode, node.stdout.toString(), node.stderr]);
  });

  test('a file that is not an image goes to the Node CLI', async () => {
    const text = path.join(dir, 'not-an-image');
    fs.writeFileSync(text, 'just text\n');
    const r = await runBy('native', path.join(dir, 'cache-text'), [text]);
    expect(r.stderr).toMatch(/is not a unicore image/);
    expect(r.exitCode).toBe(1);
  });

  // Only when the test prefix has linuxu (UNICORE_TEST_PLATFORMS).
  (LINUXU ? test : test.skip)('a linuxu image goes to the Node CLI', async () => {
    const l = await runBy('native', path.join(dir, 'cache-linuxu'), [linuxu, '--', 'x']);
    expect([l.exitCode, l.stdout.toString(), l.stderr]).toEqual([0, 'arg1=[x]\nto stdout\n', 'to stderr\n']);
  });
});

describe.each([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const)('%s to the native launcher', (signal, status) => {
  test(`stops QEMU, removes the scratch directory, exits ${status}`, async () => {
    const dir = workdir(`native-${signal}`);
    const image = await bake('kvm', await buildProgram('read_line', 'kvm', dir));
    const cache = path.join(dir, 'cache');
    const marker = `native-${signal}-${process.pid}-${Date.now()}`;
    const child = execa('unicore', ['run', image, '--', marker], {
      env: { ...toolchainEnv(), XDG_CACHE_HOME: cache }, reject: false, stdin: 'pipe',
    });
    const qemus = async () => (await execa('pgrep', ['-f', '--', `qemu-system.*${marker}`], { reject: false })).stdout.split('\n').filter(Boolean);
    const scratch = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`unicore-run-${child.pid}-`));
    for (let i = 0; i < 150 && (await qemus()).length === 0; i++) await sleep(200);
    expect(await qemus()).toHaveLength(1);
    expect(scratch()).toHaveLength(1);
    await sleep(1000);
    child.kill(signal);
    const r = await child;
    expect(r.exitCode).toBe(status);
    expect(await qemus()).toEqual([]);
    expect(scratch()).toEqual([]);
    expect(bootLog(cache, 'read_line')).toContain(NATIVE_NOTE);
  });
});
