/**
 * A stopped or killed `unicore setup` (issue 8, case 3): its make tree stops
 * with it, its work directory in $TMPDIR is removed (at once on SIGTERM, by
 * the next setup after SIGKILL), and a second setup on the same prefix waits
 * for the first instead of racing it.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { REPO, workdir } from '../support/unicore';

const UNICORE = path.join(REPO, 'bin', 'unicore');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Processes whose working directory is under dir: the build's make, shells and compilers. */
function processesUnder(dir: string): Array<{ pid: number; comm: string }> {
  const found: Array<{ pid: number; comm: string }> = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${name}/cwd`);
      if (cwd.startsWith(`${dir}/`)) found.push({ pid: Number(name), comm: fs.readFileSync(`/proc/${name}/comm`, 'utf8').trim() });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !check(); await sleep(250)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

describe('a stopped unicore setup', () => {
  let tmp: string;
  let prefix: string;
  let env: NodeJS.ProcessEnv;
  const newlibDirs = (pid: number) => fs.readdirSync(tmp).filter((n) => n.startsWith(`unicore-newlib-${pid}-`));
  const setup = (extra: string[] = []) => {
    const child = execa(UNICORE, ['setup', '--prefix', prefix, '--platforms', 'kvm', ...extra], { env, extendEnv: false, reject: false, stdin: 'ignore' });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    return { child, stderr: () => stderr };
  };

  beforeAll(() => {
    const dir = workdir('setup-kill');
    tmp = path.join(dir, 'tmp');
    prefix = path.join(dir, 'prefix');
    fs.mkdirSync(tmp);
    env = { ...process.env, TMPDIR: tmp };
    delete env.UNICORE_PREFIX;
  });

  test('SIGTERM while make runs: status 143, one line, no process and no work directory left', async () => {
    const a = setup();
    await until('make to start', () => processesUnder(tmp).some((p) => p.comm === 'make'), 300000);
    a.child.kill('SIGTERM');
    const r = await a.child;
    expect(r.exitCode).toBe(143);
    expect(a.stderr().trim().split('\n').pop()).toBe('unicore setup: stopped by SIGTERM');
    await until('the build to stop', () => processesUnder(tmp).length === 0, 5000);
    expect(newlibDirs(a.child.pid!)).toEqual([]);
  });

  test('a second setup waits for the first; SIGKILL stops the make tree; the next setup removes the work directory', async () => {
    const a = setup();
    await until('make to start', () => processesUnder(tmp).some((p) => p.comm === 'make'), 300000);
    const b = setup();
    await until('the second setup to wait', () => /waiting for it to finish/.test(b.stderr()), 60000);
    expect(b.stderr()).toContain(`unicore setup: another unicore setup (pid ${a.child.pid}) is working on ${prefix}: waiting for it to finish\n`);
    b.child.kill('SIGTERM');
    await b.child;
    expect(fs.readFileSync(path.join(prefix, 'lib', 'unicore', '.setup.lock'), 'utf8')).toBe(`${a.child.pid}\n`);

    a.child.kill('SIGKILL');
    await a.child;
    await until('the build to stop', () => processesUnder(tmp).length === 0, 5000);
    expect(newlibDirs(a.child.pid!)).toHaveLength(1);   // SIGKILL leaves no chance to clean up

    const c = setup(['--newlib', path.join(tmp, 'no-such-newlib.tar.xz')]);
    const rc = await c.child;
    expect(rc.exitCode).toBe(1);
    expect(newlibDirs(a.child.pid!)).toEqual([]);
  });
});
