/**
 * memcached 1.6.18 over libevent 2.1.12 (packages/memcached, packages/libevent),
 * both configured with nothing but --host, libevent installed into the
 * toolchain first (depends=). Built once, baked for each platform and started
 * with four worker threads (-t 4) behind a published port; the host talks the
 * text protocol to it over 127.0.0.1 on four connections at once (memcached
 * hands each to a worker thread): 1,000 keys set and read back byte-identical,
 * and `stats` agrees. On linuxu the program binds the host's 127.0.0.1 port itself.
 */
import * as path from 'path';
import { bake, buildPackage, run, sh, testPlatforms, workdir } from '../support/unicore';
import { Guest, freePort } from '../support/net';
import { Memcache } from '../support/memcache';

const PLATFORMS = testPlatforms(['linuxu', 'kvm']);
const KEYS = 1000;
const CONNECTIONS = 4;
const BATCH = 50;

/** Key i's value: 1 to 3000 bytes, every byte value (CR and LF too), deterministic. */
function value(i: number): Buffer {
  const v = Buffer.alloc(1 + ((i * 997) % 3000));
  for (let j = 0; j < v.length; j++) v[j] = (i * 131 + j * 7 + (j >> 8)) & 255;
  return v;
}

const key = (i: number) => `unicore:key:${i}`;
const flags = (i: number) => (i * 2654435761) % 4294967296;

/** The keys connection c stores (and, shifted by one, the ones it reads back). */
function share(c: number): number[] {
  const keys: number[] = [];
  for (let i = c; i < KEYS; i += CONNECTIONS) keys.push(i);
  return keys;
}

function batches(keys: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < keys.length; i += BATCH) out.push(keys.slice(i, i + BATCH));
  return out;
}

/** Opens a connection once memcached answers (the guest boots and starts listening). */
async function connect(port: number, guest: Guest): Promise<Memcache> {
  for (let i = 0; i < 120; i++) {
    try {
      return await Memcache.open(port, 5000);
    } catch {
      if (guest.proc.exitCode !== null) throw new Error(`memcached ended: ${(await guest.proc).stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`memcached never answered on 127.0.0.1:${port}`);
}

// Skipped when UNICORE_TEST_PLATFORMS names neither platform.
(PLATFORMS.length ? describe : describe.skip)('memcached 1.6.18 over libevent 2.1.12 (a library installed into the toolchain)', () => {
  let dir: string;
  let program: string;

  beforeAll(async () => {
    // packages/build builds libevent first (its depends=) unless the toolchain's
    // pkg-config already knows it; its `make install` goes into the toolchain.
    dir = workdir('memcached');
    [program] = await buildPackage('memcached', PLATFORMS.includes('kvm') ? 'kvm' : PLATFORMS[0], dir);
  });

  test('libevent is configured with --host only, installed, found by memcached, which builds unmodified and runs', async () => {
    const pc = await sh(`x86_64-unicore-${PLATFORMS[0]}-pkg-config --libs libevent`, dir);
    expect(pc.stdout).toMatch(/-levent\b/);
    const image = await bake(PLATFORMS[0], program, ['-o', path.join(dir, `version.${PLATFORMS[0]}`)]);
    const r = await run(image, { args: ['--version'] });
    expect(r.stdout.toString()).toBe('memcached 1.6.18\n');
    expect(r.exitCode).toBe(0);
  });

  for (const platform of PLATFORMS) describe(`on ${platform}`, () => {
    let guest: Guest | undefined;
    const conns: Memcache[] = [];

    afterEach(async () => {
      conns.splice(0).forEach((c) => c.close());
      await guest?.stop();
      guest = undefined;
    });

    test(`with -t 4: ${KEYS} keys set and read back byte-identical over ${CONNECTIONS} connections at once; stats agree`, async () => {
      const host = await freePort();
      const image = await bake(platform, program, ['-o', path.join(dir, `memcached.${platform}`)]);
      // -u root: memcached refuses to run as root without it (a guest is uid 0).
      const args = ['-u', 'root', '-t', '4', '-U', '0'];
      if (platform === 'linuxu') args.push('-l', '127.0.0.1', '-p', String(host));
      guest = new Guest(image, ['-p', `${host}:${platform === 'linuxu' ? host : 11211}`], args);

      // One after the other: QEMU's user network takes forwarded connections with a backlog of 1.
      for (let c = 0; c < CONNECTIONS; c++) conns.push(await connect(host, guest));

      await Promise.all(conns.map(async (mc, c) => {
        for (const b of batches(share(c))) await mc.set(b.map((i) => [key(i), flags(i), value(i)]));
      }));

      // Each connection reads back what another one stored.
      const got = await Promise.all(conns.map(async (mc, c) => {
        const mismatched: number[] = [];
        let n = 0;
        for (const b of batches(share((c + 1) % CONNECTIONS))) {
          const found = await mc.get(b.map(key));
          for (const i of b) {
            const item = found.get(key(i));
            if (item) n++;
            if (!item || item.flags !== flags(i) || !item.value.equals(value(i))) mismatched.push(i);
          }
        }
        return { n, mismatched };
      }));
      expect(got.flatMap((g) => g.mismatched)).toEqual([]);
      expect(got.reduce((sum, g) => sum + g.n, 0)).toBe(KEYS);

      const stats = await conns[0].stats();
      expect(stats.get('version')).toBe('1.6.18');
      expect(stats.get('threads')).toBe('4');
      expect(stats.get('curr_items')).toBe(String(KEYS));
      expect(stats.get('total_items')).toBe(String(KEYS));
      expect(stats.get('get_hits')).toBe(String(KEYS));
      expect(stats.get('get_misses')).toBe('0');
    });
  });
});
