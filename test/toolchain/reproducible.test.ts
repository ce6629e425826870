/**
 * Reproducible toolchain: a `unicore setup` from a second checkout path, into
 * another prefix, with another temporary directory, at another time, installs
 * the very bytes the test prefix holds (global-setup.ts: this checkout, its own
 * prefix, TMPDIR and time): every file of the fresh tree is in the test prefix
 * with the same contents, mode and link target (setup's own state — stamps/,
 * logs/, .build/ — is not part of the tree), and with SOURCE_DATE_EPOCH every
 * entry has that time. A program compiled and baked with each prefix is the
 * same image byte for byte (through Node, and through the native bake helper,
 * whose binary holds toolchain.json's text and so differs with --without-cxx
 * as that file does). The fresh setup is one platform and the C
 * toolchain only (--without-cxx): the test prefix has more, and a second whole
 * setup would add minutes; libstdc++'s build is reproducible too (checked by
 * hand, README).
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { DISTFILES, PROGRAMS, REPO, testPlatforms, testPrefix, tmpdir } from '../support/unicore';

const EPOCH = '1700000000';
const SETUP_STATE = ['lib/unicore/stamps', 'lib/unicore/logs', 'lib/unicore/.build'];
/** What --without-cxx leaves out of toolchain.json (the rest must match). */
const CXX_FACTS = ['cxx', 'libstdcxx'];
const EMBEDS_TOOLCHAIN = 'lib/unicore/libexec/unicore-bake';

/** A copy of the checkout (what setup reads: sources and the built CLI) at dir. */
async function checkout(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await execa('sh', ['-c', `tar -C '${REPO}' --exclude=./.git --exclude=./.work --exclude=./.test-prefix ` +
    `--exclude=./node_modules --exclude=./packages-work -cf - . | tar -C '${dir}' -xf -`]);
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
}

interface Entry { mode: number; mtime: number; what: string }

/** Every entry of the tree outside setup's state: relative path -> what it is, byte for byte. */
function describeTree(root: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    const st = fs.lstatSync(abs);
    const entry = (what: string) => out.set(rel, { mode: st.mode & 0o7777, mtime: Math.floor(st.mtimeMs / 1000), what });
    if (st.isSymbolicLink()) entry(`-> ${fs.readlinkSync(abs)}`);
    else if (st.isFile()) {
      entry(rel === 'lib/unicore/toolchain.json' ? withoutCxx(fs.readFileSync(abs, 'utf8'))
        // The bake helper holds toolchain.json's text (bake/native.ts), cxx facts
        // included: it differs with --without-cxx as that file does. Its images are
        // compared below (the bakes with each prefix go through it).
        : rel === EMBEDS_TOOLCHAIN ? 'holds toolchain.json' : fs.readFileSync(abs).toString('base64'));
    }
    else if (st.isDirectory()) {
      entry('dir');
      for (const name of fs.readdirSync(abs)) {
        const child = rel ? `${rel}/${name}` : name;
        if (!SETUP_STATE.includes(child)) walk(child);
      }
    }
  };
  walk('');
  return out;
}

function withoutCxx(json: string): string {
  const facts = JSON.parse(json) as Record<string, unknown>;
  for (const key of CXX_FACTS) delete facts[key];
  return JSON.stringify(facts);
}

/** Entries of fresh that the test prefix lacks or holds otherwise (contents, mode, link target; not times). */
function differences(fresh: Map<string, Entry>, full: Map<string, Entry>): string[] {
  return [...fresh.keys()].sort().filter((n) => {
    const a = fresh.get(n)!;
    const b = full.get(n);
    return !b || a.mode !== b.mode || a.what !== b.what;
  }).map((n) => (full.has(n) ? n : `${n} (not in the test prefix)`));
}

describe('reproducible toolchain', () => {
  const platform = testPlatforms(['kvm', 'linuxu', 'xen', 'baremetal'])[0];
  let fresh: string;
  let base: string;

  beforeAll(async () => {
    base = tmpdir('repro');
    const src = path.join(base, 'checkout', 'unicore');
    const tmp = path.join(base, 'tmp');
    fresh = path.join(base, 'prefix', 'deeper');
    await checkout(src);
    fs.mkdirSync(tmp);
    const args = ['setup', '--prefix', fresh, '--platforms', platform, '--without-cxx'];
    // The test prefix's lwIP (global-setup.ts), so that both build the same source.
    const lwip = path.join(DISTFILES, 'lwip-2.1.3.dfsg1.tar.xz');
    if (fs.existsSync(lwip)) args.push('--lwip', lwip);
    const r = await execa(path.join(src, 'bin', 'unicore'), args, {
      env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, TMPDIR: tmp, UNICORE_PREFIX: '' },
      reject: false,
    });
    if (r.exitCode !== 0) throw new Error(`setup failed:\n${r.stdout}\n${r.stderr}`);
  }, 1_800_000); // a whole setup (newlib included): minutes on a loaded machine

  test('a fresh setup installs the bytes the test prefix holds', () => {
    const tree = describeTree(fresh);
    expect(tree.size).toBeGreaterThan(100);
    expect(tree.get('lib/unicore/sysroot/lib/libc.a')).toBeDefined();
    expect(tree.get(`lib/unicore/platforms/${platform}/libplat.a`)).toBeDefined();
    expect(differences(tree, describeTree(testPrefix()))).toEqual([]);
  });

  test('with SOURCE_DATE_EPOCH every entry has that time', () => {
    const other = [...describeTree(fresh)].filter(([, e]) => String(e.mtime) !== EPOCH).map(([n, e]) => `${n}: ${e.mtime}`);
    expect(other).toEqual([]);
  });

  test('no path of the build machine is left in the libraries', async () => {
    for (const lib of ['sysroot/lib/libc.a', 'sysroot/lib/libunicore.a', 'sysroot/lib/liblwip.a', `platforms/${platform}/libplat.a`]) {
      const r = await execa('sh', ['-c', `strings -a '${path.join(fresh, 'lib', 'unicore', lib)}' | grep -c '${base}' || true`]);
      expect({ lib, paths: r.stdout.trim() }).toEqual({ lib, paths: '0' });
    }
  });

  test('a program compiled and baked with each prefix gives the same image', async () => {
    const images = [];
    for (const [i, prefix] of [fresh, testPrefix()].entries()) {
      const dir = path.join(base, `prog-${i}`);
      fs.mkdirSync(dir);
      const env = { ...process.env, SOURCE_DATE_EPOCH: EPOCH, PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}` };
      fs.mkdirSync(path.join(dir, 'root'));
      fs.writeFileSync(path.join(dir, 'root', 'data.txt'), 'same\n');
      await execa(`x86_64-unicore-${platform}-gcc`, ['-O2', '-o', path.join(dir, 'show_args'), path.join(PROGRAMS, 'show_args.c')], { env, cwd: dir });
      await execa('unicore-bake', [platform, path.join(dir, 'show_args'), '-o', path.join(dir, 'image'), '--rootfs', path.join(dir, 'root')], { env, cwd: dir });
      // Without --rootfs: the prefix's native bake helper bakes it (with --verbose it says so).
      const plain = await execa('unicore-bake', ['--verbose', platform, path.join(dir, 'show_args'), '-o', path.join(dir, 'plain')], { env, cwd: dir });
      expect(`${plain.stdout}${plain.stderr}`).toMatch(/native helper/);
      images.push(Buffer.concat([fs.readFileSync(path.join(dir, 'image')), fs.readFileSync(path.join(dir, 'plain'))]));
    }
    expect(images[0].length).toBeGreaterThan(20000);
    expect(images[0].equals(images[1])).toBe(true);
  });
});
