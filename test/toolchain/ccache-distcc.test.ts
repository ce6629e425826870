/**
 * Build farms, in front of the wrappers the way their manuals show it (make
 * CC='ccache cc', make CC='distcc cc'), in one GNU hello tree configured once:
 * ccache hits on a rebuild (make clean, make), and distcc sends hello's compile
 * steps to a local distccd volunteer (on 127.0.0.1 only, a free port, stopped
 * at the end); each result boots.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import execa from 'execa';
import { DISTFILES, bake, run, sh, toolchainEnv, workdir } from '../support/unicore';

const TARBALL = path.join(DISTFILES, 'hello-2.10.tar.gz');

/** GNU hello, configured once for kvm, shared by both describes (each builds it from make clean). */
let base: string;
let tree: string;
beforeAll(async () => {
  base = workdir('build-farm');
  tree = path.join(base, 'hello-2.10');
  const configured = await sh(`tar xzf '${TARBALL}' && cd hello-2.10 && ./configure --host=x86_64-unicore-kvm >/dev/null`, base);
  if (configured.exitCode !== 0) throw new Error(`configure of hello failed:\n${configured.stderr.slice(-2000)}`);
});

function stats(text: string): Record<string, number> {
  return Object.fromEntries(text.trim().split('\n').map((l) => l.split('\t')).map(([k, v]) => [k, Number(v)]));
}

describe('ccache', () => {
  test('a rebuild of hello after make clean hits the cache for every compile', async () => {
    const dir = workdir('ccache');
    const env = { ...toolchainEnv(), CCACHE_DIR: path.join(dir, 'cache'), CCACHE_NOCOMPRESS: '1' };
    const make = "make -j2 CC='ccache x86_64-unicore-kvm-gcc'";
    await sh('ccache --zero-stats', dir, env);
    const first = await sh(`make clean >/dev/null && ${make}`, tree, env);
    expect(first.stderr.slice(-2000)).toBe(first.exitCode === 0 ? first.stderr.slice(-2000) : 'first build failed');
    const after1 = stats((await sh('ccache --print-stats', dir, env)).stdout);
    expect(after1.cache_miss).toBeGreaterThanOrEqual(20);
    await sh('ccache --zero-stats', dir, env);
    const second = await sh(`make clean >/dev/null && ${make}`, tree, env);
    expect(second.exitCode).toBe(0);
    const s = stats((await sh('ccache --print-stats', dir, env)).stdout);
    const hits = s.direct_cache_hit + s.preprocessed_cache_hit;
    expect({ hits: hits >= after1.cache_miss, misses: s.cache_miss }).toEqual({ hits: true, misses: 0 });
    const image = await bake('kvm', path.join(tree, 'hello'));
    const r = await run(image, { args: ['--greeting=cached'] });
    expect(r.stdout.toString()).toBe('cached\n');
    expect(r.exitCode).toBe(0);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:port within 10 s. */
async function listening(port: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('distcc', () => {
  let dir: string;
  let daemon: execa.ExecaChildProcess | undefined;

  afterAll(async () => {
    if (daemon?.pid) {
      try { process.kill(-daemon.pid, 'SIGTERM'); } catch { /* already gone */ }
      await daemon.catch(() => undefined);
    }
  });

  test('make -j8 with distcc compiles on the volunteer and the program boots', async () => {
    dir = workdir('distcc');
    // Run by root, distccd becomes an unprivileged user: it must write its log here.
    fs.chmodSync(dir, 0o777);
    fs.mkdirSync(path.join(dir, 'state'));
    const port = await freePort();
    const log = path.join(dir, 'distccd.log');
    const env = { ...toolchainEnv(), DISTCC_DIR: path.join(dir, 'state') };
    // The volunteer: the same relocatable toolchain on its PATH. --enable-tcp-insecure
    // lets it run compilers not masqueraded in /usr/lib/distcc; 127.0.0.1 only.
    daemon = execa('distccd', ['--daemon', '--no-detach', '--listen', '127.0.0.1', '--allow', '127.0.0.1',
      '--port', String(port), '--jobs', '8', '--log-file', log, '--log-level', 'info', '--enable-tcp-insecure'],
    { env, detached: true, stdio: 'ignore', reject: false });
    expect(await listening(port)).toBe(true);
    const buildEnv = { ...env, DISTCC_HOSTS: `127.0.0.1:${port}/8`, DISTCC_FALLBACK: '0', DISTCC_SKIP_LOCAL_RETRY: '1' };
    const built = await sh("make clean >/dev/null && make -j8 CC='distcc x86_64-unicore-kvm-gcc'", tree, buildEnv);
    expect(built.stderr.slice(-2000)).toBe(built.exitCode === 0 ? built.stderr.slice(-2000) : 'build failed');
    expect(built.exitCode).toBe(0);
    const compiled = fs.readFileSync(log, 'utf8').split('\n').filter((l) => /COMPILE_OK/.test(l));
    expect(compiled.length).toBeGreaterThanOrEqual(20);
    const image = await bake('kvm', path.join(tree, 'hello'));
    const r = await run(image, { args: ['--greeting=distributed'] });
    expect(r.stdout.toString()).toBe('distributed\n');
    expect(r.exitCode).toBe(0);
  });
});
