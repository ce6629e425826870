/**
 * GNU hello 2.10, unpatched: configure --host=x86_64-unicore-<p> and make, for
 * every platform, and make -j2 builds the same as make -j1 (in kvm's tree,
 * after make clean: configure once, not twice).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DISTFILES, sh, workdir } from '../support/unicore';

const TARBALL = path.join(DISTFILES, 'hello-2.10.tar.gz');

/** Unpacks hello into dir and builds it; returns the program (hello 2.10 builds it at the top). */
async function buildHello(dir: string, platform: string, jobs: number): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const r = await sh(`tar xzf '${TARBALL}' && cd hello-2.10 && ./configure --host=x86_64-unicore-${platform} && make -j${jobs}`, dir);
  if (r.exitCode !== 0) throw new Error(`hello for ${platform} (make -j${jobs}) failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return path.join(dir, 'hello-2.10', 'hello');
}

describe('GNU hello 2.10 builds unpatched', () => {
  let base: string;
  beforeAll(() => { base = workdir('hello-build'); });

  test.each(['xen', 'kvm', 'baremetal', 'linuxu'])('for %s: a program with its recipe, runnable here', async (platform) => {
    const hello = await buildHello(path.join(base, platform), platform, 1);
    const file = await sh(`file '${hello}'`, base);
    expect(file.stdout).toMatch(/ELF 64-bit LSB executable, x86-64/);
    expect((await sh(`readelf -S '${hello}'`, base)).stdout).toContain('.unicore.program');
    expect((await sh(`'${hello}' -g hi`, base)).stdout).toBe('hi');
    const note = await sh(`readelf -p .note '${hello}'`, base);
    expect(note.stdout).toContain(`platform=${platform}`);
  });

  test('make -j2 builds what make -j1 builds', async () => {
    const tree = path.join(base, 'kvm', 'hello-2.10');
    const j1 = path.join(base, 'hello-j1');
    fs.copyFileSync(path.join(tree, 'hello'), j1);
    const r = await sh('make clean >/dev/null && make -j2', tree);
    if (r.exitCode !== 0) throw new Error(`hello for kvm (make -j2) failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    const symbols = async (program: string) => (await sh(`nm '${program}' | awk '$2 ~ /[TDBR]/ {print $3}' | sort`, base)).stdout;
    expect(await symbols(path.join(tree, 'hello'))).toBe(await symbols(j1));
    expect((await symbols(j1)).split('\n')).toContain('main');
  });
});
