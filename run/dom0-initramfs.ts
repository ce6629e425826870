/**
 * The dom0 of the Xen toolstack harness: Debian's kernel (linux-image-amd64)
 * and an initramfs assembled from installed Debian packages' files
 * (busybox-static, xen-utils-4.17 and xenstore-utils and the libraries their
 * programs load, the kernel's Xen, bridge and netback modules) plus our /init
 * (run/templates/dom0-init.sh) and vif hotplug script (run/templates/vif-bridge.sh).
 * Built once and cached under ~/.cache/unicore/dom0/, keyed by the package
 * versions and the scripts; nothing is downloaded.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { UserError } from '../lib/errors';
import { readTemplate } from '../lib/templates';
import { CpioEntry, cpioArchive, parentDirs } from './cpio';
import { cacheDir } from './paths';

export const DOM0_PACKAGES = ['xen-utils-4.17', 'linux-image-amd64', 'busybox-static'];
const XEN_BIN = '/usr/lib/xen-4.17/bin';
/** The toolstack's programs: xl, the two daemons, the console client, dom0's xenstore setup. */
const XEN_PROGRAMS = ['xl', 'xenstored', 'xenconsoled', 'xenconsole', 'xen-init-dom0'];
/** xenstore-utils (a dependency of xen-utils-4.17): one program, named by argv[0]; the vif script uses them. */
const XENSTORE = '/usr/bin/xenstore';
const XENSTORE_NAMES = ['xenstore-read', 'xenstore-write', 'xenstore-rm', 'xenstore-ls'];
/** glibc loads this itself (pthread_cancel); ldd does not list it. */
const EXTRA_LIBS = ['libgcc_s.so.1'];
/** Modules /init loads, in this order (dependencies first). */
export const DOM0_MODULES = ['xen-privcmd', 'xenfs', 'xen-evtchn', 'xen-gntdev', 'xen-gntalloc', 'llc', 'stp', 'bridge', 'xen-netback'];
const BUSYBOX = '/bin/busybox';

export interface Dom0 {
  kernel: string;     // vmlinuz
  initramfs: string;  // gzip'd cpio, cached
  release: string;    // kernel release, e.g. 6.1.0-57-amd64
}

function packageVersion(pkg: string): string | undefined {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Status} ${Version}', pkg], { encoding: 'utf8' });
  const m = /install ok installed (\S+)/.exec(r.stdout ?? '');
  return m ? m[1] : undefined;
}

/** The newest installed kernel that has Xen's modules and a vmlinuz. */
function findKernel(): { release: string; vmlinuz: string } {
  let releases: string[] = [];
  try {
    releases = fs.readdirSync('/lib/modules').sort();
  } catch {
    // none
  }
  const usable = releases.filter((r) => fs.existsSync(`/boot/vmlinuz-${r}`) && fs.existsSync(`/lib/modules/${r}/modules.dep`));
  if (!usable.length) throw new UserError('no Linux kernel for the dom0 found in /boot: install it with apt-get install linux-image-amd64');
  const release = usable[usable.length - 1];
  return { release, vmlinuz: `/boot/vmlinuz-${release}` };
}

/** The installed packages' versions; a clear error naming what is missing. */
function checkPackages(): string[] {
  const missing = DOM0_PACKAGES.filter((p) => !packageVersion(p));
  if (missing.length) {
    throw new UserError(`the Xen toolstack harness needs ${missing.join(', ')}: install with apt-get install ${missing.join(' ')} (or bin/install-system-packages)`);
  }
  return DOM0_PACKAGES.map((p) => `${p}=${packageVersion(p)}`);
}

/** Module name -> file, from modules.dep (names use '-' or '_' interchangeably). */
function moduleFiles(release: string): Map<string, string> {
  const dir = `/lib/modules/${release}`;
  const files = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(dir, 'modules.dep'), 'utf8').split('\n')) {
    const file = line.split(':')[0];
    if (!file) continue;
    const name = path.basename(file).replace(/\.ko(\.\w+)?$/, '').replace(/_/g, '-');
    files.set(name, path.join(dir, file));
  }
  return files;
}

/** The shared libraries (and the loader) the programs need, as ldd resolves them. */
function libraryClosure(programs: readonly string[]): string[] {
  const r = spawnSync('ldd', programs, { encoding: 'utf8' });
  if (r.status !== 0) throw new UserError(`ldd ${programs.join(' ')} failed: ${(r.stderr || r.stdout).trim()}: is xen-utils-4.17 installed completely?`);
  const libs = new Set<string>();
  for (const line of r.stdout.split('\n')) {
    const m = /=>\s+(\/\S+)/.exec(line) ?? /^\s+(\/\S+)\s+\(/.exec(line);
    if (m) libs.add(m[1]);
  }
  const libdir = [...libs].map((l) => path.dirname(l)).find((d) => /x86_64-linux-gnu$/.test(d)) ?? '/lib/x86_64-linux-gnu';
  for (const extra of EXTRA_LIBS) if (fs.existsSync(path.join(libdir, extra))) libs.add(path.join(libdir, extra));
  return [...libs].sort();
}

function fileEntry(name: string, source: string, mode = 0o755): CpioEntry {
  return { kind: 'file', name, data: fs.readFileSync(source), mode };
}

/** What goes into the initramfs (pure apart from reading the files named). */
function initramfsEntries(release: string, init: string, vifScript: string): CpioEntry[] {
  if (!fs.existsSync(BUSYBOX)) throw new UserError(`${BUSYBOX} is missing: install it with apt-get install busybox-static`);
  const programs = XEN_PROGRAMS.map((p) => path.join(XEN_BIN, p));
  for (const p of programs) if (!fs.existsSync(p)) throw new UserError(`${p} is missing: install it with apt-get install xen-utils-4.17`);
  if (!fs.existsSync(XENSTORE)) throw new UserError(`${XENSTORE} is missing: install it with apt-get install xenstore-utils`);
  const modules = moduleFiles(release);
  const files: CpioEntry[] = [];

  files.push(fileEntry('bin/busybox', BUSYBOX));
  const applets = spawnSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter((a) => a && a !== 'busybox');
  for (const a of applets) files.push({ kind: 'symlink', name: `bin/${a}`, target: 'busybox' });
  for (const p of programs) files.push(fileEntry(p, p));
  files.push(fileEntry(XENSTORE.slice(1), XENSTORE));
  for (const n of XENSTORE_NAMES) files.push({ kind: 'symlink', name: `usr/bin/${n}`, target: 'xenstore' });
  for (const lib of libraryClosure([...programs, XENSTORE])) files.push(fileEntry(lib, lib));
  for (const m of DOM0_MODULES) {
    const file = modules.get(m);
    if (!file) throw new UserError(`kernel ${release} has no module ${m}: the harness needs Debian's linux-image-amd64`);
    if (!file.endsWith('.ko')) throw new UserError(`module ${file} is compressed: the harness loads plain .ko files with busybox insmod`);
    files.push(fileEntry(`lib/modules/${m}.ko`, file, 0o644));
  }
  files.push(fileEntry('etc/xen/xl.conf', '/etc/xen/xl.conf', 0o644));
  if (fs.existsSync('/etc/xen/scripts')) {
    for (const s of fs.readdirSync('/etc/xen/scripts').sort()) {
      const src = path.join('/etc/xen/scripts', s);
      if (s !== 'vif-bridge' && fs.statSync(src).isFile()) files.push(fileEntry(`etc/xen/scripts/${s}`, src));
    }
  }
  files.push({ kind: 'file', name: 'etc/xen/scripts/vif-bridge', data: Buffer.from(vifScript), mode: 0o755 });
  files.push({ kind: 'file', name: 'init', data: Buffer.from(init), mode: 0o755 });

  const links: CpioEntry[] = [{ kind: 'symlink', name: 'var/run', target: '/run' }, { kind: 'symlink', name: 'var/lock', target: '/run/lock' }];
  const emptyDirs = ['proc', 'sys', 'dev', 'run', 'tmp', 'var/lib/xen', 'var/lib/xenstored', 'var/log/xen/console', 'job'];
  const named = [...files, ...links].map((e) => e.name.replace(/^\/+/, ''));
  const dirs = [...new Set([...parentDirs([...named, ...emptyDirs.map((d) => `${d}/x`)])])].sort();
  return [...dirs.map((d): CpioEntry => ({ kind: 'dir', name: d })), ...links, ...files];
}

/** The dom0 kernel and initramfs, built into the cache when the inputs changed. */
export function dom0(): Dom0 {
  const versions = checkPackages();
  const { release, vmlinuz } = findKernel();
  const init = readTemplate('run/templates/dom0-init.sh');
  const vifScript = readTemplate('run/templates/vif-bridge.sh');
  const key = crypto.createHash('sha256').update([...versions, release, init, vifScript].join('\n')).digest('hex').slice(0, 16);
  const dir = path.join(cacheDir(), 'dom0');
  const initramfs = path.join(dir, `initramfs-${release}-${key}.cpio.gz`);
  if (!fs.existsSync(initramfs)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${initramfs}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, zlib.gzipSync(cpioArchive(initramfsEntries(release, init, vifScript)), { level: 1 }));
      fs.renameSync(tmp, initramfs);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return { kernel: vmlinuz, initramfs, release };
}
