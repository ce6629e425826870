/**
 * Reproducible toolchain: two `unicore setup` runs from two checkout paths into
 * two prefixes, with different temporary directories, at different times but
 * the same SOURCE_DATE_EPOCH, install byte-identical trees (contents, modes,
 * link targets and file times; setup's own state — stamps/, logs/, .build/ —
 * is not part of the tree). A program compiled and baked with each is the same
 * image byte for byte. The C toolchain only (--without-cxx): libstdc++ would add
 * minutes to each setup; its build is reproducible too (checked by hand, README).
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { PROGRAMS, REPO, tmpdir } from '../support/unicore';

const EPOCH = '1700000000';
const SETUP_STATE = ['lib/unicore/stamps', 'lib/unicore/logs', 'lib/unicore/.build'];

/** A copy of the checkout (what setup reads: sources and the built CLI) at dir. */
async function checkout(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await execa('sh', ['-c', `tar -C '${REPO}' --exclude=./.git --exclude=./.work --exclude=./.test-prefix ` +
    `--exclude=./node_modules --exclude=./packages-work -cf - . | tar -C '${dir}' -xf -`]);
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
}

/** Every entry of the tree outside setup's state: relative path -> what it is, byte for byte. */
function describeTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    const st = fs.lstatSync(abs);
    const head = `${(st.mode & 0o7777).toString(8)} ${Math.floor(st.mtimeMs / 1000)}`;
    if (st.isSymbolicLink()) out.set(rel, `${head} -> ${fs.readlinkSync(abs)}`);
    else if (st.isFile()) out.set(rel, `${head} ${fs.readFileSync(abs).toString('base64')}`);
    else if (st.isDirectory()) {
      out.set(rel, `${head} dir`);
      for (const name of fs.readdirSync(abs)) {
        const child = rel ? `${rel}/${name}` : name;
        if (!SETUP_STATE.includes(child)) walk(child);
      }
    }
  };
  walk('');
  return out;
}

function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.filter((n) => a.get(n) !== b.get(n)).map((n) => (!a.has(n) || !b.has(n) ? `${n} (only in one)` : n));
}

describe('reproducible toolchain', () => {
  const prefixes: string[] = [];
  let base: string;

  beforeAll(async () => {
    base = tmpdir('repro');
    for (const name of ['one', 'two']) {
      const src = path.join(base, `checkout-${name}`, 'unicore');
      const tmp = path.join(base, `tmp-${name}`);
      const prefix = path.join(base, `prefix-${name}`, 'deeper');
      await checkout(src);
      fs.mkdirSync(tmp);
      const r = await execa(path.join(src, 'bin', 'unicore'), ['setup', '--prefix', prefix, '--platforms', 'kvm', '--without-cxx'], {
        env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, TMPDIR: tmp, UNICORE_PREFIX: '' },
        reject: false,
      });
      if (r.exitCode !== 0) throw new Error(`setup ${name} failed:\n${r.stdout}\n${r.stderr}`);
      prefixes.push(prefix);
    }
  }, 1_800_000); // two whole setups (newlib included): minutes on a loaded machine

  test('two setups install byte-identical trees', () => {
    const [one, two] = prefixes.map(describeTree);
    expect(one.size).toBeGreaterThan(100);
    expect(one.get('lib/unicore/sysroot/lib/libc.a')).toBeDefined();
    expect(differences(one, two)).toEqual([]);
  });

  test('no path of the build machine is left in the libraries', async () => {
    for (const lib of ['sysroot/lib/libc.a', 'sysroot/lib/libunicore.a', 'sysroot/lib/liblwip.a', 'platforms/kvm/libplat.a']) {
      const r = await execa('sh', ['-c', `strings -a '${path.join(prefixes[0], 'lib', 'unicore', lib)}' | grep -c '${base}' || true`]);
      expect({ lib, paths: r.stdout.trim() }).toEqual({ lib, paths: '0' });
    }
  });

  test('a program compiled and baked with each prefix gives the same image', async () => {
    const images = [];
    for (const [i, prefix] of prefixes.entries()) {
      const dir = path.join(base, `prog-${i}`);
      fs.mkdirSync(dir);
      const env = { ...process.env, SOURCE_DATE_EPOCH: EPOCH, PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}` };
      fs.mkdirSync(path.join(dir, 'root'));
      fs.writeFileSync(path.join(dir, 'root', 'data.txt'), 'same\n');
      await execa('x86_64-unicore-kvm-gcc', ['-O2', '-o', path.join(dir, 'show_args'), path.join(PROGRAMS, 'show_args.c')], { env, cwd: dir });
      await execa('unicore-bake', ['kvm', path.join(dir, 'show_args'), '-o', path.join(dir, 'image'), '--rootfs', path.join(dir, 'root')], { env, cwd: dir });
      images.push(fs.readFileSync(path.join(dir, 'image')));
    }
    expect(images[0].length).toBeGreaterThan(10000);
    expect(images[0].equals(images[1])).toBe(true);
  });
});
