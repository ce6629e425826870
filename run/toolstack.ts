/**
 * The Xen toolstack harness: Xen in QEMU with a Debian Linux PVH dom0
 * (dom0-initramfs.ts) that `xl create`s unicore guests from the configs
 * `unicore run --xl-config` writes. The configs and the kernels they name (at
 * the same absolute paths) reach dom0 in a second cpio archive appended to the
 * cached initramfs. COM1 is Xen's and dom0's log; COM2 (our stdio) carries the
 * harness's "@UCD:" report lines (run/templates/dom0-init.sh) and, in console
 * mode, the guest's console itself.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../lib/errors';
import { BootLog } from './boot-log';
import { concatArchives, cpioArchive, CpioEntry, parentDirs } from './cpio';
import { Dom0, dom0 } from './dom0-initramfs';
import { Accel, QemuPlan, findQemu, qemuArgv } from './qemu';
import { runSession } from './session';
import { findHypervisor, unpackedHypervisor, xenCmdline, xenModule } from './xen';
import { xlField } from './xl-config';

/** dom0's memory: its kernel, the initramfs (unpacked in RAM) and the toolstack. */
export const DOM0_MEM_MIB = 512;
/** RAM QEMU gives Xen itself: its heap, dom0's IOMMU and p2m tables (88 MiB was too little for them). */
const HARNESS_XEN_MIB = 192;
/** The dom0 kernel's command line; a panic reboots, which ends QEMU (-no-reboot). */
const DOM0_CMDLINE = 'console=hvc0 earlyprintk=xen quiet panic=1';
/** Xen's: as for a unicore dom0, but a crashed dom0 reboots the machine, which ends QEMU. */
const harnessXenCmdline = () => xenCmdline(DOM0_MEM_MIB).split(' ').filter((w) => w !== 'noreboot').join(' ');

export type JobMode = 'console' | 'batch';

/** A guest config's kernel and memory (the ones xlConfig writes). */
function guestFacts(config: string): { kernel: string; memoryMiB: number; name: string } {
  const kernel = xlField(config, 'kernel');
  const memory = Number(xlField(config, 'memory'));
  const name = xlField(config, 'name');
  if (!kernel || !path.isAbsolute(kernel) || !name || !(memory > 0)) {
    throw new UserError('an xl config for the harness needs name, an absolute kernel path and memory: write it with unicore run --xl-config');
  }
  return { kernel, memoryMiB: memory, name };
}

/** A guest for the batch harness: its xl config, and whether dom0 `xl shutdown`s it once it has printed. */
export interface HarnessGuest {
  config: string;
  shutdownAfterOutput?: boolean;
}

/**
 * The second archive: /job/mode, /job/N.cfg (N.shutdown), each kernel at the
 * path its config names, and /job/dom0.sh (batch mode: a script dom0 runs
 * beside the guests, e.g. a test's network client) when given.
 */
export function jobArchive(guests: readonly HarnessGuest[], mode: JobMode, dom0Script?: string): Buffer {
  const files: CpioEntry[] = [{ kind: 'file', name: 'job/mode', data: Buffer.from(`${mode}\n`) }];
  if (dom0Script !== undefined) files.push({ kind: 'file', name: 'job/dom0.sh', data: Buffer.from(dom0Script) });
  const kernels = new Set<string>();
  guests.forEach((g, i) => {
    files.push({ kind: 'file', name: `job/${i}.cfg`, data: Buffer.from(g.config) });
    if (g.shutdownAfterOutput) files.push({ kind: 'file', name: `job/${i}.shutdown`, data: Buffer.alloc(0) });
    kernels.add(guestFacts(g.config).kernel);
  });
  for (const k of kernels) {
    let data: Buffer;
    try {
      data = fs.readFileSync(k);
    } catch {
      throw new UserError(`${k}: no such file: the xl config names a kernel that is not there`);
    }
    files.push({ kind: 'file', name: k, data, mode: 0o644 });
  }
  const dirs = parentDirs(files.map((f) => f.name.replace(/^\/+/, '')));
  return cpioArchive([...dirs.map((d): CpioEntry => ({ kind: 'dir', name: d })), ...files]);
}

/** The QEMU plan: Xen with dom0 and its initramfs (+ job) as multiboot modules. */
function dom0Plan(d: Dom0, initrd: string, guestsMiB: number, accel: Accel, scratch: string): QemuPlan {
  const xen = unpackedHypervisor(findHypervisor(), scratch);
  const com1Log = path.join(scratch, 'com1.log');
  return {
    accel,
    // Linux as a PVH dom0 dies on RDTSCP emulation under TCG: hide RDTSCP and RDPID.
    machine: ['-M', 'q35', '-cpu', 'max,-rdtscp,-rdpid', '-device', 'amd-iommu'],
    memMiB: DOM0_MEM_MIB + guestsMiB + HARNESS_XEN_MIB,
    vga: false,
    status: { kind: 'exit' },
    com1Log,
    boot: {
      kind: 'kernel', kernel: xen, append: harnessXenCmdline(),
      initrd: `${xenModule(d.kernel, DOM0_CMDLINE)},${xenModule(initrd, '')}`.replace(/ $/, ''),
    },
  };
}

/** Writes the dom0 initrd (cached base + job) into scratch and returns QEMU's argv. */
export function prepareDom0(guests: readonly HarnessGuest[], mode: JobMode, accel: Accel, scratch: string, dom0Script?: string): string[] {
  const d = dom0();
  const initrd = path.join(scratch, 'dom0-initrd');
  fs.writeFileSync(initrd, concatArchives(fs.readFileSync(d.initramfs), jobArchive(guests, mode, dom0Script)));
  // Each guest's memory plus its page tables and Xen's bookkeeping.
  const guestsMiB = guests.reduce((sum, g) => sum + guestFacts(g.config).memoryMiB + 8, 0);
  return qemuArgv(dom0Plan(d, initrd, guestsMiB, accel, scratch));
}

/** Copies COM1 (Xen's and dom0's log) into the boot log. */
export function keepCom1(scratch: string, log: BootLog): void {
  const file = path.join(scratch, 'com1.log');
  if (!fs.existsSync(file)) return;
  for (const line of fs.readFileSync(file, 'latin1').split('\n')) log.add(line);
}

/** `unicore run --toolstack`: one guest as a domU, its console our framed channel. */
export async function runOnToolstack(config: string, accel: Accel, log: BootLog, scratch: string): Promise<number> {
  const readyMs = readyLimitMs(process.env.UNICORE_TOOLSTACK_READY_TIMEOUT);
  const qemu = findQemu();
  const args = prepareDom0([{ config }], 'console', accel, scratch);
  log.add(`$ ${qemu} ${args.join(' ')}`);
  // Once QEMU is stopped and before the log closes: Xen's and dom0's log into it.
  return runSession({
    command: qemu, args, console: 'framed', log, debugExit: false, scratch, stopGuest: () => keepCom1(scratch, log),
    watch: (fail) => watchReady(path.join(scratch, 'com1.log'), readyMs, fail),
  });
}

/** The ready limit of `unicore run --toolstack`: $UNICORE_TOOLSTACK_READY_TIMEOUT seconds, or DOM0_READY_TIMEOUT_MS. */
export function readyLimitMs(value: string | undefined): number {
  if (value === undefined || value === '') return DOM0_READY_TIMEOUT_MS;
  if (!/^[1-9][0-9]*$/.test(value)) {
    throw new UserError(`UNICORE_TOOLSTACK_READY_TIMEOUT=${value}: not a whole number of seconds: set it to how long dom0 may take to bring the toolstack up (default ${DOM0_READY_TIMEOUT_MS / 1000})`);
  }
  return Number(value) * 1000;
}

/**
 * Fails the run if dom0's /init has not marked "ready" on COM1 within limitMs:
 * a dom0 that hangs in its boot would otherwise hang `unicore run` until
 * Ctrl-C. No guest exists before that, so nothing of the user's is cut short.
 */
function watchReady(com1: string, limitMs: number, fail: (reason: string) => void): () => void {
  const started = Date.now();
  const poll = setInterval(() => {
    const text = fs.existsSync(com1) ? fs.readFileSync(com1, 'latin1') : '';
    if (text.includes('dom0 init: ready')) {
      clearInterval(poll);
    } else if (Date.now() - started >= limitMs) {
      clearInterval(poll);
      const step = text.split('\n').filter((l) => l.startsWith('dom0 init: ')).pop();
      fail(`dom0 did not bring the Xen toolstack up within ${Math.round(limitMs / 1000)} s (${step ? `its last step: ${step.slice(11).trim()}` : 'its /init never ran'}); `
        + 'run it again (Xen and dom0 under TCG are slow on a loaded machine: UNICORE_TOOLSTACK_READY_TIMEOUT=SECONDS gives them longer)');
    }
  }, 250);
  return () => clearInterval(poll);
}

/** What the harness saw of one guest; times are dom0 uptime in seconds. */
export interface GuestReport {
  console: Buffer;           // its console, as xenconsoled logged it
  reason?: number;           // xl's shutdown reason code (0 poweroff, 1 reboot, 2 suspend, 3 crash)
  xlExit?: number;           // xl create -F's exit status
  createdAt?: number;        // when xl create started
  outputAt?: number;         // when its first console output was seen
}

export interface Dom0Report {
  readyAt: number;           // dom0 uptime when the toolstack was up
  readyWallSeconds: number;  // host time from starting QEMU to that
  guests: GuestReport[];
  wallSeconds: number;       // the whole QEMU run
  dom0Output: Buffer;        // what /job/dom0.sh printed (stdout and stderr)
  dom0Exit?: number;         // its exit status
}

/** Folds one "@UCD:" line into the report; returns false for other lines. */
export function reportLine(report: Dom0Report, line: string): boolean {
  const m = /@UCD:([a-z][a-z0-9]*):(.*)$/.exec(line.replace(/\r$/, ''));
  if (!m) return false;
  const [, what, rest] = m;
  if (what === 'ready') report.readyAt = Number(rest);
  if (what === 'dom0') {
    report.dom0Output = Buffer.concat([report.dom0Output, Buffer.from(rest, 'base64')]);
    return true;
  }
  if (what === 'dom0exit') {
    report.dom0Exit = Number(rest);
    return true;
  }
  const g = /^(\d+):(.*)$/.exec(rest);
  if (!g) return true;
  const guest = (report.guests[Number(g[1])] ??= { console: Buffer.alloc(0) });
  const value = g[2];
  switch (what) {
    case 'create': guest.createdAt = Number(value); break;
    case 'output': guest.outputAt = Number(value); break;
    case 'exit': guest.xlExit = Number(value); break;
    case 'reason': if (value !== '') guest.reason = Number(value); break;
    case 'console': guest.console = Buffer.concat([guest.console, Buffer.from(value, 'base64')]); break;
  }
  return true;
}

/** How long dom0 may take to bring the toolstack up (17 s wall on a quiet machine in the domU bench: 300 s leaves a loaded CI machine room). */
export const DOM0_READY_TIMEOUT_MS = 300000;

/** One QEMU run of the harness: what it reported and how it ended. */
interface Attempt {
  report: Dom0Report;
  ended: boolean;          // dom0 said "end": the job ran to its end
  ready: boolean;          // the toolstack came up (no guest had been created before that)
  failure: string;         // dom0's own "fail:" message
  code: number | null;
  stderr: string;
  why: string;             // what stopped it, when it did not end
}

function bootOnce(args: readonly string[], timeoutMs: number, readyTimeoutMs: number): Promise<Attempt> {
  const a: Attempt = {
    report: { readyAt: NaN, readyWallSeconds: NaN, guests: [], wallSeconds: NaN, dom0Output: Buffer.alloc(0) },
    ended: false, ready: false, failure: '', code: null, stderr: '', why: '',
  };
  const started = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - started) / 1e9;
  const child = spawn(findQemu(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = (why: string) => { a.why = why; child.kill('SIGKILL'); };
  const timer = setTimeout(() => stop(`no end after ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
  const readyTimer = setTimeout(() => stop(`the toolstack was not up after ${Math.round(readyTimeoutMs / 1000)} s`), readyTimeoutMs);
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('latin1')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const f = /@UCD:fail:(.*)$/.exec(line);
      if (f) a.failure = f[1];
      if (/@UCD:end:/.test(line)) a.ended = true;
      if (/@UCD:ready:/.test(line)) {
        a.ready = true;
        a.report.readyWallSeconds = since();
        clearTimeout(readyTimer);
      }
      reportLine(a.report, line);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => { a.stderr += chunk.toString(); });
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    clearTimeout(readyTimer);
    a.code = code;
    a.report.wallSeconds = since();
    resolve(a);
  }));
}

/** Why an attempt did not end: dom0's own message, else what stopped QEMU, else its exit. */
function stopReason(a: Attempt): string {
  return a.failure ? `dom0: ${a.failure}` : a.why || `QEMU exit ${a.code}`;
}

function com1Tail(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'latin1').split('\n').slice(-25).join('\n') : '';
}

/**
 * Boots the dom0 and runs these guests at the same time, and dom0Script (sh)
 * in dom0 beside them; resolves when dom0 has powered off. Throws if dom0
 * fails or time runs out.
 *
 * A boot that fails before the toolstack is up (dom0's Linux and its busybox,
 * no guest created yet) is tried once more, and says so on stderr with its
 * COM1 tail: under a loaded CI machine one such boot printed "Segmentation
 * fault" (a dom0 program) and hung until the run's timeout. A failure once
 * guests run is never retried. timeoutMs bounds both tries together.
 */
export async function runGuestsInDom0(guests: readonly HarnessGuest[], scratch: string, timeoutMs = 600000,
  dom0Script?: string, readyTimeoutMs = DOM0_READY_TIMEOUT_MS): Promise<Dom0Report> {
  const args = prepareDom0(guests, 'batch', 'tcg', scratch, dom0Script);
  const com1 = path.join(scratch, 'com1.log');
  const deadline = Date.now() + timeoutMs;
  let a = await bootOnce(args, timeoutMs, readyTimeoutMs);
  const left = deadline - Date.now();
  if (!a.ready && left > 0) {
    process.stderr.write(`unicore harness: dom0 did not bring the toolstack up (${stopReason(a)}); booting it once more. COM1 log tail:\n${com1Tail(com1)}\n`);
    a = await bootOnce(args, left, Math.min(readyTimeoutMs, left));
  }
  if (!a.ended) {
    throw new Error(`the dom0 harness did not finish (${stopReason(a)}); ${a.stderr.trim()}\nCOM1 log tail:\n${com1Tail(com1)}`);
  }
  return a.report;
}
