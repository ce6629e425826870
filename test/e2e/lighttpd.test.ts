/**
 * lighttpd 1.4.69, unmodified (packages/lighttpd), baked with a rootfs holding
 * its configuration and a docroot, serving the host over a published port:
 * a small page and a 10 MB file byte-identical through curl, and 10,000
 * keep-alive requests over 30 connections without an error (a Node client:
 * ab miscounts keep-alive answers that reach it in pieces and then waits for
 * its 30 s timeout, seen under load as "Length" failures). On linuxu the
 * program binds the host's 127.0.0.1 port itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { bake, buildPackage, workdir } from '../support/unicore';
import { Guest, freePort, keepAliveLoad, lighttpdRoot, pattern, sha256 } from '../support/net';

const ALL = ['linuxu', 'kvm', 'baremetal'];
const limit = process.env.UNICORE_TEST_PLATFORMS?.split(/[\s,]+/);
const PLATFORMS = ALL.filter((p) => !limit || limit.includes(p));
const PAGE = `<html><head><title>unicore</title></head><body>${'lighttpd on unicore. '.repeat(27)}</body></html>\n`;

function rootfs(dir: string, port: number): string {
  return lighttpdRoot(dir, port, PAGE, 10 * 1024 * 1024, [
    'server.max-keep-alive-requests = 100000',
    // A guest starved of host CPU (TCG on a busy machine) must not see its
    // keep-alive connections closed under the load generator.
    'server.max-keep-alive-idle = 60',
    'server.max-read-idle = 60',
  ]);
}

async function curl(url: string): Promise<Buffer> {
  const r = await execa('curl', ['-sS', '--fail', '--max-time', '120', url], { encoding: null, stripFinalNewline: false });
  return r.stdout as unknown as Buffer;
}

/** Waits until the server answers (the guest boots and starts listening). */
async function waitServing(url: string, guest: Guest): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const r = await execa('curl', ['-s', '-o', '/dev/null', '--max-time', '2', url], { reject: false });
    if (r.exitCode === 0) return;
    if (guest.proc.exitCode !== null) throw new Error(`lighttpd ended: ${(await guest.proc).stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} never answered`);
}

describe('lighttpd', () => {
  let program: string;
  let dir: string;

  beforeAll(async () => {
    dir = workdir('lighttpd');
    [program] = await buildPackage('lighttpd', PLATFORMS.includes('kvm') ? 'kvm' : PLATFORMS[0], dir);
  });

  describe.each(PLATFORMS)('on %s', (platform) => {
    let guest: Guest | undefined;

    afterEach(async () => {
      await guest?.stop();
      guest = undefined;
    });

    test('serves a page and a 10 MB file byte-identical, and 10,000 keep-alive requests without an error', async () => {
      const host = await freePort();
      const guestPort = platform === 'linuxu' ? host : 80;
      const pdir = path.join(dir, platform);
      fs.mkdirSync(pdir);
      const image = await bake(platform, program, ['--rootfs', rootfs(pdir, guestPort), '-o', path.join(pdir, `lighttpd.${platform}`)]);
      guest = new Guest(image, ['-p', `${host}:${guestPort}`], ['-D', '-f', '/etc/lighttpd.conf']);
      const base = `http://127.0.0.1:${host}`;
      await waitServing(`${base}/`, guest);

      expect((await curl(`${base}/`)).toString()).toBe(PAGE);
      expect(sha256(await curl(`${base}/big.bin`))).toBe(sha256(pattern(10 * 1024 * 1024)));

      const load = await keepAliveLoad(`${base}/`, 10000, 30, PAGE, 300000);
      expect(load.failed).toEqual([]);
      expect(load.ok).toBe(10000);
      expect(load.connections).toBeLessThanOrEqual(30);
    });
  });
});
