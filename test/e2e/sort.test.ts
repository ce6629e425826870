/**
 * GNU sort of coreutils 9.1 (packages/coreutils: Debian's coreutils source,
 * configured with --host, `make src/sort`, unmodified) sorts 400,000 lines
 * with --parallel=4 on kvm and linuxu, byte-identical to the host's sort
 * (LC_ALL=C both). sort splits its line array between threads only when each
 * part has at least 128Ki lines (SUBTHREAD_LINES_HEURISTIC), so 400,000 lines
 * in one buffer (-S 100M, the guest has 256 MiB) make it create 3 threads:
 * the boot option unicore.threads.stats=1 reports them at exit.
 * The source must be in Debian's source cache (bin/install-system-packages
 * puts it there); the test never downloads it.
 */
import * as crypto from 'crypto';
import execa from 'execa';
import { bake, buildPackage, REPO, run, testPlatforms, workdir } from '../support/unicore';
import * as path from 'path';

const PLATFORMS = testPlatforms(['kvm', 'linuxu']);
const LINES = 400000;
const SORT_ARGS = ['--parallel=4', '-S', '100M'];

/** LINES lines from a fixed xorshift32 sequence: words of 1 to 24 bytes from
 * a 70-byte alphabet (blanks, punctuation, digits, both cases), some repeated,
 * some prefixes of others, two fields so that ties are frequent. */
function input(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-_:;/';
  let x = 2463534242;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  const word = (max: number) => {
    let w = '';
    for (let n = 1 + (next() % max); n > 0; n--) w += alphabet[next() % alphabet.length];
    return w;
  };
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const r = next() % 16;
    if (r === 0 && i > 0) lines.push(lines[next() % i]);                   // a duplicate
    else if (r === 1 && i > 0) lines.push(lines[next() % i].slice(0, 3));  // a prefix
    else lines.push(`${word(16)}\t${next() % 100000}`);
  }
  return `${lines.join('\n')}\n`;
}

const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

(PLATFORMS.length ? describe : describe.skip)('GNU sort (coreutils 9.1) --parallel=4 on 400,000 lines', () => {
  let dir: string;
  let sort: string;
  let text: string;
  let expected: string;

  beforeAll(async () => {
    // Like the other recipes from Debian's source packages: the source comes
    // from the cache; missing, the test fails saying how to get it.
    const fetched = await execa(path.join(REPO, 'packages', 'fetch'), ['coreutils'], {
      env: { ...process.env, UNICORE_OFFLINE: '1' }, reject: false,
    });
    if (fetched.exitCode !== 0) {
      throw new Error('coreutils 9.1 source (coreutils_9.1.orig.tar.xz) is not in the source cache: run ' +
        `bin/install-system-packages (it fetches Debian's coreutils source package into /var/cache/unicore/distfiles)\n${fetched.stderr}`);
    }
    dir = workdir('sort');
    [sort] = await buildPackage('coreutils', PLATFORMS.includes('kvm') ? 'kvm' : PLATFORMS[0], dir);
    text = input();
    const host = await execa('sort', SORT_ARGS, {
      input: text, env: { ...process.env, LC_ALL: 'C' }, encoding: null, stripFinalNewline: false,
    });
    expected = sha256(host.stdout as unknown as Buffer);
  }, 1800000);   // coreutils' configure alone takes minutes (9 on a loaded 2-core machine)

  test('the input is what the test means: 400,000 lines, not already sorted', () => {
    expect(text.split('\n').length - 1).toBe(LINES);
    expect(sha256(text)).not.toBe(expected);
  });

  test.each(PLATFORMS)('on %s: the same bytes as the host\'s sort, from 3 threads', async (platform) => {
    const image = await bake(platform, sort, ['-o', path.join(dir, `sort.${platform}`), '--mem', '256M']);
    const started = Date.now();
    const r = await run(image, {
      args: ['unicore.threads.stats=1', 'unicore.env=LC_ALL=C', ...SORT_ARGS],
      input: text,
      timeoutMs: 540000,
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const stats = /^unicore: threads: (\d+) created, (\d+) at most at once, (\d+) context switches \((\d+) preemptions\)$/m
      .exec(r.stderr);
    process.stdout.write(`sort on ${platform}: ${seconds} s; ${stats ? stats[0] : 'no thread statistics'}\n`);
    expect(r.stderr.replace(/^unicore: threads: .*\n/m, '')).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBe(Buffer.byteLength(text));
    expect(sha256(r.stdout)).toBe(expected);
    expect(stats).not.toBeNull();
    expect(Number(stats![1])).toBeGreaterThanOrEqual(3);
    expect(Number(stats![2])).toBeGreaterThanOrEqual(2);
    expect(Number(stats![3])).toBeGreaterThan(0);
  });
});
