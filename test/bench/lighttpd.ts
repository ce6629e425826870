/**
 * lighttpd throughput (issue 10): requests/s and p99 latency of lighttpd 1.4.69
 * (packages/lighttpd) serving a 612-byte page to `ab -k -c 30` (keep-alive, the
 * Unikraft paper's conditions), for the unicore kvm image (QEMU user networking
 * with TCG, or --accel kvm when UNICORE_BENCH_ACCEL=kvm), the linuxu image and
 * the same lighttpd built natively and run as a host process, and the ratio.
 * Not here yet: the Linux VM row, the smallest --mem, idle CPU of a serving
 * guest. Prints a table; asserts nothing.
 *
 *   npm run build && node dist/test/bench/lighttpd.js [PREFIX]
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import execa from 'execa';
import { printTable } from './measure';

const REPO = path.resolve(__dirname, '..', '..', '..');
const DISTFILES = path.resolve(REPO, '..', 'shared', 'distfiles');
const REQUESTS = 20000;
const HEAD = '<html><head><title>unicore</title></head><body>';
const TAIL = '</body></html>\n';
const PAGE = HEAD + 'x'.repeat(612 - HEAD.length - TAIL.length) + TAIL;   // 612 bytes

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function rootfs(dir: string, port: number): string {
  fs.mkdirSync(path.join(dir, 'etc'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'var', 'www'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'etc', 'lighttpd.conf'), [
    'server.document-root = "/var/www"',
    `server.port = ${port}`, 'server.upload-dirs = ( "/tmp" )',
    'server.modules = ( "mod_indexfile", "mod_staticfile" )', 'index-file.names = ( "index.html" )',
    'mimetype.assign = ( ".html" => "text/html" )', 'server.max-keep-alive-requests = 1000000',
    'server.max-keep-alive-idle = 60', ''].join('\n'));
  fs.writeFileSync(path.join(dir, 'var', 'www', 'index.html'), PAGE);
  return dir;
}

async function waitServing(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if ((await execa('curl', ['-s', '-o', '/dev/null', '--max-time', '2', url], { reject: false })).exitCode === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} never answered`);
}

async function ab(url: string): Promise<{ rps: number; p99: number }> {
  const r = await execa('ab', ['-k', '-q', '-n', String(REQUESTS), '-c', '30', url]);
  const rps = Number(/Requests per second:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const p99 = Number(/^\s*99%\s+(\d+)/m.exec(r.stdout)?.[1]);
  return { rps, p99 };
}

/** Runs start(), measures (after a warm-up run), stops it. */
async function measure(start: () => execa.ExecaChildProcess, url: string): Promise<{ rps: number; p99: number }> {
  const proc = start();
  try {
    await waitServing(url);
    await ab(url);                 // warm-up
    return await ab(url);
  } finally {
    proc.kill('SIGTERM');
    await proc.catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const prefix = path.resolve(process.argv[2] ?? process.env.UNICORE_PREFIX ?? path.join(REPO, '.test-prefix'));
  const env = { ...process.env, PATH: `${prefix}/bin:${process.env.PATH}`, CONFIG_SITE: path.join(prefix, 'share', 'unicore', 'config.site'), UNICORE_DISTDIR: DISTFILES };
  fs.mkdirSync(path.join(REPO, '.work'), { recursive: true });
  const work = fs.mkdtempSync(path.join(REPO, '.work', 'bench-lighttpd-'));
  const accel = process.env.UNICORE_BENCH_ACCEL === 'kvm' ? ['--accel', 'kvm'] : [];
  const rows: string[][] = [];
  try {
    const built = await execa(path.join(REPO, 'packages', 'build'), ['lighttpd', 'kvm', work], { env });
    const program = built.stdout.trim();
    // The same source built natively (static modules, as in the recipe) for the host rows.
    const native = path.join(work, 'native');
    fs.mkdirSync(native);
    await execa('tar', ['-xf', path.join(DISTFILES, 'lighttpd-1.4.69.tar.xz'), '-C', native]);
    const src = path.join(native, 'lighttpd-1.4.69');
    await execa('sh', ['-c', `sed -n '/^if LIGHTTPD_STATIC/,/^lighttpd_CPPFLAGS/p' src/Makefile.am | grep -o 'mod_[a-z0-9_]*\\.c' | grep -v '_api\\.c' | sed 's/\\.c$//; s/.*/PLUGIN_INIT(&)/' > src/plugin-static.h && LIGHTTPD_STATIC=yes ./configure --without-pcre2 --without-zlib --without-bzip2 >/dev/null && make -j2 >/dev/null`], { cwd: src });

    const kvmPort = await freePort();
    const kvmImage = path.join(work, 'lighttpd.kvm');
    await execa('unicore-bake', ['kvm', program, '--rootfs', rootfs(path.join(work, 'root-kvm'), 80), '-o', kvmImage], { env });
    const kvm = await measure(() => execa('unicore', ['run', kvmImage, ...accel, '-p', `${kvmPort}:80`, '--', '-D', '-f', '/etc/lighttpd.conf'], { env, input: '' }), `http://127.0.0.1:${kvmPort}/`);

    const luPort = await freePort();
    const luImage = path.join(work, 'lighttpd.linuxu');
    await execa('unicore-bake', ['linuxu', program, '--rootfs', rootfs(path.join(work, 'root-linuxu'), luPort), '-o', luImage], { env });
    const linuxu = await measure(() => execa('unicore', ['run', luImage, '-p', `${luPort}:${luPort}`, '--', '-D', '-f', '/etc/lighttpd.conf'], { env, input: '' }), `http://127.0.0.1:${luPort}/`);

    const hostPort = await freePort();
    const hostRoot = rootfs(path.join(work, 'root-host'), hostPort);
    const conf = path.join(hostRoot, 'etc', 'lighttpd.conf');
    fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace('"/var/www"', `"${path.join(hostRoot, 'var', 'www')}"`));
    const host = await measure(() => execa(path.join(src, 'src', 'lighttpd'), ['-D', '-f', conf]), `http://127.0.0.1:${hostPort}/`);

    rows.push([`unicore kvm (QEMU ${accel.length ? 'KVM' : 'TCG'}, user net)`, kvm.rps.toFixed(0), String(kvm.p99), '']);
    rows.push(['unicore linuxu', linuxu.rps.toFixed(0), String(linuxu.p99), `${(linuxu.rps / host.rps).toFixed(2)}x native`]);
    rows.push(['native host process', host.rps.toFixed(0), String(host.p99), '']);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable(`lighttpd 1.4.69, 612-byte page, ab -k -c 30, ${REQUESTS} requests (Linux VM row: not measured yet)`,
    ['server', 'requests/s', 'p99 ms', 'ratio'], rows);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
