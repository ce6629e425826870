/**
 * lighttpd throughput (issue 10): requests/s and p99 latency of lighttpd 1.4.69
 * (packages/lighttpd) serving a 612-byte page over 30 keep-alive connections
 * (the Unikraft paper's conditions), for the unicore kvm image (QEMU user
 * networking behind unicore run's port relay, with TCG, or --accel kvm when
 * UNICORE_BENCH_ACCEL=kvm), the same lighttpd built natively (static) in a
 * Linux VM under the same QEMU (Debian's kernel from /boot, an initramfs
 * assembled here: busybox-static, the virtio-net modules from /lib/modules,
 * lighttpd), the linuxu image and the native lighttpd as a host process; the
 * ratios. The unicore kvm image and the native process serve side by side and
 * are measured in turn, 3 rounds interleaved, and their rows are the medians
 * (a busy shared machine slows both alike); the Linux VM and linuxu rows are
 * one run each. Also the smallest --mem at which the kvm image serves, and the
 * idle host CPU of a serving guest (its QEMU's utime+stime over 10 s without
 * requests).
 *
 * The load is Debian's wrk (package wrk) when installed: `wrk -c 30 -d 10s`,
 * all 30 connections opened at once, after a 2 s warm-up; without it,
 * test/support/net.ts's keepAliveLoad (10,000 requests after 1,000). Each
 * measurement is bounded in time, and so is the whole bench (BENCH_LIMIT_MS).
 * Prints a table; asserts nothing.
 *
 *   npm run build && node dist/test/bench/lighttpd.js [PREFIX]
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import execa from 'execa';
import { cpioArchive, CpioEntry } from '../../run/cpio';
import { identifyImage } from '../../run/image';
import { keepAliveLoad } from '../support/net';
import { which } from '../../lib/which';
import { printTable } from './measure';
import { MIN_MEM_MIB } from '../../lib/mem';

const REPO = path.resolve(__dirname, '..', '..', '..');
const DISTFILES = path.resolve(REPO, '..', 'shared', 'distfiles');
const REQUESTS = 10000;
const WARMUP = 1000;
const CONNECTIONS = 30;
const IDLE_SECONDS = 10;
const ROUNDS = 3;
const WRK_SECONDS = 10;
const WRK_WARMUP_SECONDS = 2;
/** The whole bench, builds included: past this it stops (its guests die with it). */
const BENCH_LIMIT_MS = 40 * 60 * 1000;
const WRK = which('wrk');
/** Debian's kernel does not boot in 64 MiB (QEMU exits at once); 128 MiB serves. */
const LINUX_VM_MEM_MIB = 128;
const MEM_STEPS = [64, 32, 16, 8, 6, 4, 3, MIN_MEM_MIB];
const HEAD = '<html><head><title>unicore</title></head><body>';
const TAIL = '</body></html>\n';
const PAGE = HEAD + 'x'.repeat(612 - HEAD.length - TAIL.length) + TAIL;   // 612 bytes

interface Row { rps: number; p99: number; errors: number; idleCpu?: number }

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

/** Waits until url answers; false if proc ends first or `tries` half-seconds pass. */
async function waitServing(url: string, proc: execa.ExecaChildProcess, tries = 240): Promise<boolean> {
  let ended = false;
  proc.then(() => { ended = true; }, () => { ended = true; });
  for (let i = 0; i < tries && !ended; i++) {
    if ((await execa('curl', ['-s', '-o', '/dev/null', '--max-time', '2', url], { reject: false })).exitCode === 0) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** wrk's latency in ms ("812.00us", "1.30ms", "2.01s"). */
function wrkMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
}

async function wrk(url: string, seconds: number): Promise<Row> {
  const r = await execa(WRK!, ['-t', '2', '-c', String(CONNECTIONS), '-d', `${seconds}s`, '--timeout', '10s', '--latency', url],
    { timeout: (seconds + 60) * 1000 });
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(r.stdout);
  const p99 = /^\s+99%\s+(\S+)/m.exec(r.stdout);
  if (!rps || !p99) throw new Error(`wrk printed no result: ${r.stdout}${r.stderr}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(r.stdout);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(r.stdout);
  const errors = (socket ? socket.slice(1).reduce((a, n) => a + Number(n), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  return { rps: Number(rps[1]), p99: wrkMs(p99[1]), errors };
}

/** A warm-up, then the measured load: wrk's if installed, else keepAliveLoad's. */
async function warmAndLoad(url: string): Promise<Row> {
  if (WRK) {
    await wrk(url, WRK_WARMUP_SECONDS);
    return wrk(url, WRK_SECONDS);
  }
  await load(url, WARMUP);
  return load(url, REQUESTS);
}

function median(rows: Row[]): Row {
  const mid = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)];
  return { rps: mid(rows, (r) => r.rps).rps, p99: mid(rows, (r) => r.p99).p99, errors: rows.reduce((a, r) => a + r.errors, 0) };
}

async function load(url: string, requests: number): Promise<Row> {
  const t0 = performance.now();
  const r = await keepAliveLoad(url, requests, CONNECTIONS, PAGE, 600000);
  const seconds = (performance.now() - t0) / 1000;
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? NaN;
  return { rps: r.ok / seconds, p99, errors: r.failed.length };
}

/** The process (pid) or its first descendant whose name starts with qemu-system. */
function qemuPid(pid: number): number {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(Number(d), stat.slice(stat.indexOf('(') + 1, close));
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch { /* gone meanwhile */ }
  }
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    if (names.get(p)?.startsWith('qemu-system')) return p;
    queue.push(...(children.get(p) ?? []));
  }
  throw new Error(`no QEMU process under pid ${pid}`);
}

/** utime + stime of pid, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tck = Number(execa.sync('getconf', ['CLK_TCK']).stdout);
  return (Number(f[11]) + Number(f[12])) / tck;
}

/** Host CPU seconds per wall second of pid's QEMU over IDLE_SECONDS without requests. */
async function idleCpu(pid: number): Promise<number> {
  const qemu = qemuPid(pid);
  const c0 = cpuSeconds(qemu);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  return (cpuSeconds(qemu) - c0) / ((performance.now() - t0) / 1000);
}

/** Runs start(), measures (after a warm-up), optionally the idle CPU of its QEMU, stops it. */
async function measure(start: () => execa.ExecaChildProcess, url: string, idle: boolean): Promise<Row> {
  const proc = start();
  try {
    if (!(await waitServing(url, proc))) throw new Error(`${url} never answered`);
    const row = await warmAndLoad(url);
    if (idle) row.idleCpu = await idleCpu(proc.pid!);
    return row;
  } finally {
    proc.kill('SIGTERM');
    await proc.catch(() => undefined);
  }
}

/**
 * Starts every server, then measures them in turn, ROUNDS rounds interleaved
 * (a change in the machine's load hits all of them alike); each row is the
 * median of its rounds (errors: the sum), plus the idle CPU of a QEMU-run one.
 */
async function interleaved(servers: Array<{ start: () => execa.ExecaChildProcess; url: string; idle: boolean }>): Promise<Row[]> {
  const procs: execa.ExecaChildProcess[] = [];
  try {
    for (const s of servers) {
      const proc = s.start();
      procs.push(proc);
      if (!(await waitServing(s.url, proc))) throw new Error(`${s.url} never answered`);
    }
    const runs: Row[][] = servers.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, s] of servers.entries()) runs[i].push(await warmAndLoad(s.url));
    }
    const rows = runs.map(median);
    for (const [i, s] of servers.entries()) if (s.idle) rows[i].idleCpu = await idleCpu(procs[i].pid!);
    return rows;
  } finally {
    for (const proc of procs) proc.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.catch(() => undefined)));
  }
}

/** The smallest of MEM_STEPS (MiB) at which the kvm image boots and serves the page. */
async function smallestMem(image: string, port: number, env: NodeJS.ProcessEnv, accel: string[]): Promise<string> {
  let smallest = 'none of ' + MEM_STEPS.join(', ');
  for (const mem of MEM_STEPS) {
    const proc = execa('unicore', ['run', image, ...accel, '--mem', `${mem}M`, '-p', `${port}:80`, '--', '-D', '-f', '/etc/lighttpd.conf'], { env, input: '', reject: false });
    let served = false;
    try {
      served = await waitServing(`http://127.0.0.1:${port}/`, proc, 120);
      if (served) served = (await execa('curl', ['-s', '--max-time', '10', `http://127.0.0.1:${port}/`], { reject: false, stripFinalNewline: false })).stdout === PAGE;
    } finally {
      proc.kill('SIGTERM');
      await proc;
    }
    if (!served) break;
    smallest = String(mem);
  }
  return smallest;
}

/** Load order of a module and its dependencies (dependencies first), from modules.dep. */
function moduleOrder(dep: Map<string, string[]>, mod: string, out: string[] = []): string[] {
  if (out.includes(mod)) return out;
  for (const d of [...(dep.get(mod) ?? [])].reverse()) moduleOrder(dep, d, out);
  out.push(mod);
  return out;
}

/** Debian's installed kernel and an initramfs that brings eth0 up and starts lighttpd. */
function linuxVm(work: string, lighttpd: string): { kernel: string; initrd: string } {
  const version = fs.readdirSync('/lib/modules').sort().pop();
  const kernel = `/boot/vmlinuz-${version}`;
  if (!version || !fs.existsSync(kernel)) throw new Error('no Linux kernel in /boot: apt-get install linux-image-amd64');
  const modDir = `/lib/modules/${version}`;
  const dep = new Map<string, string[]>();
  for (const line of fs.readFileSync(path.join(modDir, 'modules.dep'), 'utf8').split('\n')) {
    const [mod, deps] = line.split(':');
    if (deps !== undefined) dep.set(mod, deps.trim().split(/\s+/).filter(Boolean));
  }
  const wanted = ['kernel/drivers/virtio/virtio_pci.ko', 'kernel/drivers/net/virtio_net.ko'];
  const mods = wanted.reduce((out, m) => moduleOrder(dep, m, out), [] as string[]);
  const root = rootfs(path.join(work, 'root-vm'), 80);
  const init = [
    '#!/bin/busybox sh',
    '/bin/busybox mount -t devtmpfs dev /dev',
    'exec </dev/console >/dev/console 2>&1',
    'b=/bin/busybox',
    '$b mount -t proc proc /proc',
    ...mods.map((m) => `$b insmod /lib/modules/${path.basename(m)} || echo "insmod ${path.basename(m)} failed"`),
    'i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 50 ]; do $b sleep 0.1; i=$((i+1)); done',
    '$b ip link set lo up', '$b ip link set eth0 up',
    '$b ip addr add 10.0.2.15/24 dev eth0', '$b ip route add default via 10.0.2.2',
    'exec /bin/lighttpd -D -f /etc/lighttpd.conf', ''].join('\n');
  const entries: CpioEntry[] = [
    ...['bin', 'dev', 'proc', 'sys', 'tmp', 'etc', 'var', 'var/www', 'lib', 'lib/modules'].map((name) => ({ kind: 'dir' as const, name })),
    { kind: 'file', name: 'init', data: Buffer.from(init), mode: 0o755 },
    { kind: 'file', name: 'bin/busybox', data: fs.readFileSync('/bin/busybox'), mode: 0o755 },
    { kind: 'file', name: 'bin/lighttpd', data: fs.readFileSync(lighttpd), mode: 0o755 },
    { kind: 'file', name: 'etc/lighttpd.conf', data: fs.readFileSync(path.join(root, 'etc', 'lighttpd.conf')) },
    { kind: 'file', name: 'var/www/index.html', data: Buffer.from(PAGE) },
    ...mods.map((m) => ({ kind: 'file' as const, name: `lib/modules/${path.basename(m)}`, data: fs.readFileSync(path.join(modDir, m)) })),
  ];
  const initrd = path.join(work, 'linux-vm.cpio');
  fs.writeFileSync(initrd, cpioArchive(entries));
  return { kernel, initrd };
}

async function main(): Promise<void> {
  const prefix = path.resolve(process.argv[2] ?? process.env.UNICORE_PREFIX ?? path.join(REPO, '.test-prefix'));
  const env = { ...process.env, PATH: `${prefix}/bin:${process.env.PATH}`, CONFIG_SITE: path.join(prefix, 'share', 'unicore', 'config.site'), UNICORE_DISTDIR: DISTFILES };
  fs.mkdirSync(path.join(REPO, '.work'), { recursive: true });
  const work = fs.mkdtempSync(path.join(REPO, '.work', 'bench-lighttpd-'));
  const accel = process.env.UNICORE_BENCH_ACCEL === 'kvm' ? ['--accel', 'kvm'] : [];
  const accelName = accel.length ? 'KVM' : 'TCG';
  const rows: string[][] = [];
  const fmt = (r: Row) => [r.rps.toFixed(0), r.p99.toFixed(1), String(r.errors), r.idleCpu === undefined ? '' : r.idleCpu.toFixed(3)];
  const load0 = os.loadavg()[0];
  let memLine = '';
  try {
    const built = await execa(path.join(REPO, 'packages', 'build'), ['lighttpd', 'kvm', work], { env });
    const program = built.stdout.trim();
    // The same source built natively and static (static modules, as in the recipe): the host process and the Linux VM run it.
    const native = path.join(work, 'native');
    fs.mkdirSync(native);
    await execa('tar', ['-xf', path.join(DISTFILES, 'lighttpd-1.4.69.tar.xz'), '-C', native]);
    const src = path.join(native, 'lighttpd-1.4.69');
    await execa('sh', ['-c', `sed -n '/^if LIGHTTPD_STATIC/,/^lighttpd_CPPFLAGS/p' src/Makefile.am | grep -o 'mod_[a-z0-9_]*\\.c' | grep -v '_api\\.c' | sed 's/\\.c$//; s/.*/PLUGIN_INIT(&)/' > src/plugin-static.h && LIGHTTPD_STATIC=yes ./configure --without-pcre2 --without-zlib --without-bzip2 >/dev/null && make -j2 >/dev/null && rm src/lighttpd && make -C src lighttpd LDFLAGS=-all-static >/dev/null 2>&1`], { cwd: src });
    const nativeBin = path.join(src, 'src', 'lighttpd');

    const kvmPort = await freePort();
    const kvmImage = path.join(work, 'lighttpd.kvm');
    await execa('unicore-bake', ['kvm', program, '--rootfs', rootfs(path.join(work, 'root-kvm'), 80), '-o', kvmImage], { env });
    const hostPort = await freePort();
    const hostRoot = rootfs(path.join(work, 'root-host'), hostPort);
    const conf = path.join(hostRoot, 'etc', 'lighttpd.conf');
    fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace('"/var/www"', `"${path.join(hostRoot, 'var', 'www')}"`));
    const [kvm, host] = await interleaved([
      { start: () => execa('unicore', ['run', kvmImage, ...accel, '-p', `${kvmPort}:80`, '--', '-D', '-f', '/etc/lighttpd.conf'], { env, input: '' }), url: `http://127.0.0.1:${kvmPort}/`, idle: true },
      { start: () => execa(nativeBin, ['-D', '-f', conf]), url: `http://127.0.0.1:${hostPort}/`, idle: false },
    ]);
    const kvmImg = identifyImage(kvmImage);
    const kvmMem = kvmImg.kind === 'elf' ? kvmImg.memMiB : undefined;

    const vmPort = await freePort();
    const vm = linuxVm(work, nativeBin);
    const vmLog = path.join(work, 'linux-vm.log');
    const linux = await measure(() => execa('qemu-system-x86_64', [
      '-accel', accel.length ? 'kvm' : 'tcg', '-m', String(LINUX_VM_MEM_MIB), '-display', 'none', '-nodefaults', '-no-reboot',
      '-serial', `file:${vmLog}`, '-netdev', `user,id=net0,hostfwd=tcp:127.0.0.1:${vmPort}-:80`, '-device', 'virtio-net-pci,netdev=net0',
      '-kernel', vm.kernel, '-initrd', vm.initrd, '-append', 'console=ttyS0 quiet panic=-1'], { input: '' }), `http://127.0.0.1:${vmPort}/`, true);

    const smallest = await smallestMem(kvmImage, await freePort(), env, accel);
    memLine = `smallest --mem at which the kvm image serves the page: ${smallest} MiB (tried ${MEM_STEPS.join(', ')}; unicore run accepts no less than ${MIN_MEM_MIB})`;

    const luPort = await freePort();
    const luImage = path.join(work, 'lighttpd.linuxu');
    await execa('unicore-bake', ['linuxu', program, '--rootfs', rootfs(path.join(work, 'root-linuxu'), luPort), '-o', luImage], { env });
    const linuxu = await measure(() => execa('unicore', ['run', luImage, '-p', `${luPort}:${luPort}`, '--', '-D', '-f', '/etc/lighttpd.conf'], { env, input: '' }), `http://127.0.0.1:${luPort}/`, false);


    rows.push([`unicore kvm (QEMU ${accelName}, user net via relay${kvmMem ? `, ${kvmMem} MiB` : ''}; median of ${ROUNDS})`, ...fmt(kvm),
      `${(kvm.rps / linux.rps).toFixed(2)}x Linux VM, ${(kvm.rps / host.rps).toFixed(2)}x native`]);
    rows.push([`Linux VM (QEMU ${accelName}, user net hostfwd, ${LINUX_VM_MEM_MIB} MiB)`, ...fmt(linux), '']);
    rows.push(['unicore linuxu', ...fmt(linuxu), `${(linuxu.rps / host.rps).toFixed(2)}x native`]);
    rows.push([`native host process (static; median of ${ROUNDS})`, ...fmt(host), '']);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const how = WRK
    ? `wrk, ${CONNECTIONS} connections opened at once, ${WRK_SECONDS} s after ${WRK_WARMUP_SECONDS} s warm-up`
    : `keepAliveLoad (wrk not installed), up to ${CONNECTIONS} connections (one more per answer), ${REQUESTS} requests after ${WARMUP} warm-up`;
  printTable(`lighttpd 1.4.69, 612-byte page, keep-alive, ${how}; load average ${load0.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}`,
    ['server', 'requests/s', 'p99 ms', 'errors', `idle host CPU s/s (${IDLE_SECONDS} s)`, 'ratio'], rows);
  console.log(memLine);
}

const limit = setTimeout(() => {
  console.error(`bench: over its limit of ${BENCH_LIMIT_MS / 60000} minutes, stopped (its servers and guests end with it)`);
  process.exit(1);
}, BENCH_LIMIT_MS);
limit.unref();

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
