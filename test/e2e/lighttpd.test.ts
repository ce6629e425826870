/**
 * lighttpd 1.4.69, unmodified (packages/lighttpd), baked with a rootfs holding
 * its configuration and a docroot, serving the host over a published port:
 * a small page and a 10 MB file byte-identical through curl, and Debian's ab
 * (`ab -k -c 30 -n 10000`: 30 keep-alive connections opened at once) with
 * zero failed requests and zero non-2xx answers. On kvm and baremetal the
 * connections go through unicore run's port relay into QEMU's user network
 * (run/port-relay.ts); on linuxu the program binds the host's 127.0.0.1 port
 * itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { bake, buildPackage, testPlatforms, workdir } from '../support/unicore';
import { Guest, apacheBench, freePort, lighttpdRoot, pattern, sha256 } from '../support/net';

const PLATFORMS = testPlatforms(['linuxu', 'kvm', 'baremetal']);
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

    test('serves a page and a 10 MB file byte-identical, and ab -k -c 30 -n 10000 without a failed request', async () => {
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

      const ab = await apacheBench(`${base}/`, 10000, 30, 300000);
      process.stderr.write(`lighttpd on ${platform}: ab -k -c 30 -n 10000: ${ab.complete} complete, ${ab.failed} failed${ab.failedWhy && ` (${ab.failedWhy})`}, ` +
        `${ab.non2xx} non-2xx, ${ab.keepAlive} keep-alive, ${ab.rps} requests/s\n`);
      expect({ complete: ab.complete, failed: ab.failed, failedWhy: ab.failedWhy, non2xx: ab.non2xx })
        .toEqual({ complete: 10000, failed: 0, failedWhy: '', non2xx: 0 });
      // lighttpd keeps every connection (max-keep-alive-requests): no answer needed a new one.
      expect(ab.keepAlive).toBe(10000);
    });
  });
});
