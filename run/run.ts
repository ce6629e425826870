/**
 * `unicore run`: boots an image like a local process. Picks how from the
 * platform in the image note (an ISO is baremetal) and hands the console to a
 * session (session.ts), or execs a linuxu image directly.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../lib/errors';
import { writeFileAtomic } from '../lib/fsutil';
import { makeTempDir, removeStaleTempDirs } from '../lib/tempdirs';
import { DEFAULT_MEM_MIB, MIN_MEM_MIB, parseMem } from '../lib/mem';
import { BootLog, removeStaleLogs } from './boot-log';
import { FRAMED, bootCmdline, cmdlineTooLong } from './cmdline';
import { Image, identifyImage } from './image';
import { runLinuxu } from './linuxu';
import { bootLogFile } from './paths';
import { NetMode, checkDistinct, checkHostPortsFree, parseNetMode, parsePublish, qemuNetArgs } from './network';
import { relayForwards } from './port-relay';
import { Accel, IMAGE_FD_PATH, QemuPlan, chooseAccel, findQemu, qemuArgv } from './qemu';
import { ScreenRequest } from './screen';
import { SessionSpec, runSession } from './session';
import {
  findHypervisor, unpackedHypervisor, xenCmdline, xenMachine, xenModule, xenQemuMemMiB, xlWorks,
} from './xen';
import { domainName, xlConfig } from './xl-config';

/** $TMPDIR/unicore-run-PID-XXXXXX: sockets and files of one run. */
export const SCRATCH_PREFIX = 'unicore-run';

export interface RunRequest {
  image: string;
  args: string[];
  mem?: string;
  accel?: string;
  verbose?: boolean;
  xlConfig?: string;
  /** xen images: run as a domU started by xl in a dom0 booted in QEMU (toolstack.ts). */
  toolstack?: boolean;
  screenshot?: string;
  screenText?: string;
  bootOptions?: string[];  // unicore.* words (split from args by runImage)
  publish?: string[];   // -p [ADDR:]HOSTPORT:GUESTPORT[/udp]
  net?: string;         // --net user|none|tap=IFNAME
}

/**
 * Leading `unicore.KEY=VALUE` words of ARGS are runtime options (the guest's own
 * rule, docs/architecture.md); a `--` after them is dropped; the rest are the app's.
 */
export function splitBootOptions(args: readonly string[]): { options: string[]; args: string[] } {
  let i = 0;
  while (i < args.length && /^unicore\.[a-z][a-z0-9._-]*=/.test(args[i])) {
    if (args[i].startsWith('unicore.console=')) {
      throw new UserError(`${args[i]}: unicore run chooses the console itself: drop the word`);
    }
    i++;
  }
  return { options: args.slice(0, i), args: args.slice(i < args.length && args[i] === '--' && i > 0 ? i + 1 : i) };
}

export async function runImage(request: RunRequest): Promise<number> {
  const split = splitBootOptions(request.args);
  const req = { ...request, args: split.args, bootOptions: split.options };
  const image = identifyImage(req.image);
  checkFlags(req, image);
  const memMiB = req.mem !== undefined ? parseMem(req.mem) : image.kind === 'elf' ? image.memMiB : DEFAULT_MEM_MIB;
  if (memMiB < MIN_MEM_MIB) {
    throw new UserError(`${req.image} asks for ${memMiB} MiB: a unicore guest needs at least ${MIN_MEM_MIB} MiB: pass --mem ${MIN_MEM_MIB}M or more`);
  }

  const tooLong = image.kind === 'elf' ? cmdlineTooLong(image.platform.name, bootCmdline([FRAMED, ...req.bootOptions], req.args)) : undefined;
  if (tooLong) throw new UserError(tooLong);

  const netMode = await networkFor(req, image);
  if (req.xlConfig !== undefined) {
    writeXlConfig(req.xlConfig, image, memMiB, req.bootOptions, req.args);
    return 0;
  }
  if (image.platform.run === 'exec') return runLinuxu(image.path, req.args, req.bootOptions);

  // Runs killed outright (SIGKILL) leave their scratch directory: clean those first.
  removeStaleTempDirs(SCRATCH_PREFIX);
  const scratch = makeTempDir(SCRATCH_PREFIX);
  try {
    removeStaleLogs(path.dirname(bootLogFile(image.name)));
    const log = new BootLog(bootLogFile(image.name), req.verbose ?? false);
    const screens: ScreenRequest | undefined = req.screenshot || req.screenText
      ? { png: req.screenshot && path.resolve(req.screenshot), text: req.screenText && path.resolve(req.screenText) }
      : undefined;
    if (req.toolstack) {
      const config = xlConfig({ name: domainName(image.name), kernel: image.path, memoryMiB: memMiB, cmdline: bootCmdline([FRAMED, ...req.bootOptions], req.args) });
      // Loaded only here: it brings the dom0 initramfs builder, which no other run needs (start-up time).
      const { runOnToolstack } = await import('./toolstack');
      return await runOnToolstack(config, chooseAccel(req.accel), log, scratch);
    }
    if (image.platform.run === 'xen' && xlWorks()) return await runOnXl(image, memMiB, req.bootOptions, req.args, log, scratch);
    return await runInQemu(image, memMiB, req, log, scratch, screens, netMode);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Flags that do not fit the image: refuse before anything starts. */
function checkFlags(req: RunRequest, image: Image): void {
  const what = image.kind === 'iso' ? 'an ISO (baremetal)' : `a ${image.platform.name} image`;
  if (req.xlConfig !== undefined && image.platform.run !== 'xen') {
    throw new UserError(`--xl-config: ${req.image} is ${what}, not a xen image: bake it with \`unicore-bake xen PROGRAM\``);
  }
  if (req.toolstack && (image.platform.run !== 'xen' || req.xlConfig !== undefined)) {
    throw new UserError(image.platform.run !== 'xen'
      ? `--toolstack: ${req.image} is ${what}, not a xen image: bake it with \`unicore-bake xen PROGRAM\``
      : '--toolstack and --xl-config: choose one (--xl-config only writes the config)');
  }
  if ((req.screenshot || req.screenText) && (image.platform.run === 'exec' || req.xlConfig !== undefined || req.toolstack)) {
    throw new UserError(`--screenshot/--screen-text: ${req.image} is ${what}, which has no screen: use them with kvm, baremetal or xen images`);
  }
  if (image.kind === 'iso' && req.args.length > 0) {
    throw new UserError(`${req.image}: an ISO boots with the arguments baked into it, so arguments after -- cannot reach it: ` +
      'bake them in with unicore-bake --cmdline, or run the baremetal ELF image');
  }
  if (image.platform.run === 'exec' && req.accel !== undefined) {
    throw new UserError(`--accel: ${req.image} is ${what}, which runs as a process: drop --accel`);
  }
}

/**
 * What -p and --net mean for this image, checked before anything boots. linuxu
 * programs bind the host's ports themselves, so there -p only says which port
 * (HOSTPORT must equal GUESTPORT) and checks it is free.
 */
async function networkFor(req: RunRequest, image: Image): Promise<NetMode> {
  const forwards = (req.publish ?? []).map(parsePublish);
  checkDistinct(forwards);
  if (forwards.length && !image.net) {
    throw new UserError(`-p ${forwards[0].spec}: ${req.image} has no networking (its program never uses sockets), so nothing in it can answer on a port: drop -p`);
  }
  if (image.platform.run === 'exec') {
    if (req.net !== undefined) throw new UserError(`--net ${req.net}: ${req.image} is a linuxu image, which uses the host's network directly: drop --net`);
    const moved = forwards.find((f) => f.hostPort !== f.guestPort || f.hostAddr !== '127.0.0.1');
    if (moved) {
      throw new UserError(`-p ${moved.spec}: a linuxu program binds the host's ports itself, so only -p PORT:PORT (same port, 127.0.0.1) fits it: ` +
        `use -p ${moved.guestPort}:${moved.guestPort}, or bake for kvm to map ports`);
    }
    await checkHostPortsFree(forwards);
    return { kind: 'none' };
  }
  if (image.platform.run === 'xen' && (forwards.length || (req.net !== undefined && req.net !== 'none'))) {
    throw new UserError(`${forwards.length ? `-p ${forwards[0].spec}` : `--net ${req.net}`}: a xen image reaches the network only through a vif on a Xen host's bridge (--xl-config writes one; --toolstack puts it on the harness dom0's xenbr0), not from this host: bake the program for kvm or baremetal to publish ports here`);
  }
  if (image.platform.run === 'xen') return { kind: 'none' };
  const mode = parseNetMode(req.net, forwards, image.net);
  if (mode.kind === 'user') await checkHostPortsFree(mode.forwards);
  return mode;
}

function writeXlConfig(file: string, image: Image, memMiB: number, options: string[], args: string[]): void {
  // For a person's `xl create -c`: the plain console, not the framed channel.
  const text = xlConfig({ name: domainName(image.name), kernel: image.path, memoryMiB: memMiB, cmdline: bootCmdline(options, args), vif: image.net });
  try {
    writeFileAtomic(file, text);
  } catch (err) {
    throw new UserError(`--xl-config ${file}: cannot write it: ${(err as Error).message}`);
  }
}

async function runInQemu(image: Image, memMiB: number, req: RunRequest, log: BootLog, scratch: string,
  screens: ScreenRequest | undefined, netMode: NetMode): Promise<number> {
  const qemu = findQemu();
  const accel = chooseAccel(req.accel);
  // Published TCP ports: we listen on them and relay to QEMU (port-relay.ts), for as long as the guest runs.
  const relay = await relayForwards(netMode);
  try {
    return await bootInQemu(qemu, accel, image, memMiB, req, log, scratch, screens, relay.mode);
  } finally {
    await relay.close();
  }
}

async function bootInQemu(qemu: string, accel: Accel, image: Image, memMiB: number, req: RunRequest, log: BootLog, scratch: string,
  screens: ScreenRequest | undefined, netMode: NetMode): Promise<number> {
  const cmdline = bootCmdline([FRAMED, ...(req.bootOptions ?? [])], req.args);
  const status: QemuPlan['status'] = screens ? { kind: 'uart', socket: path.join(scratch, 'status.sock') } : { kind: 'exit' };
  const common = { accel, status, qmpSocket: screens ? path.join(scratch, 'qmp.sock') : undefined, net: qemuNetArgs(netMode) };

  let plan: QemuPlan;
  if (image.kind === 'iso') {
    plan = { ...common, memMiB, vga: true, boot: { kind: 'cdrom', iso: IMAGE_FD_PATH } };
  } else if (image.platform.run === 'xen') {
    const xen = unpackedHypervisor(findHypervisor(), scratch);
    plan = {
      ...common,
      machine: xenMachine(),
      memMiB: xenQemuMemMiB(memMiB),
      vga: !!screens,
      boot: { kind: 'kernel', kernel: xen, append: xenCmdline(memMiB), initrd: xenModule(IMAGE_FD_PATH, cmdline) },
      channelSocket: path.join(scratch, 'channel.sock'), channelBehindIommu: true,
    };
  } else {
    plan = {
      // The screen is there to be read: without --screenshot/--screen-text nobody can,
      // and drawing on it would cost the guest more than its console channel.
      ...common, memMiB, vga: !!screens,
      boot: { kind: 'kernel', kernel: IMAGE_FD_PATH, append: cmdline },
      channelSocket: path.join(scratch, 'channel.sock'),
    };
  }
  const args = qemuArgv(plan);
  log.add(`$ ${qemu} ${args.join(' ')}  (${IMAGE_FD_PATH}: ${image.path})`);
  // The native launcher (run/native.ts) notes itself here; UNICORE_RUN_NATIVE=0 forces this path.
  log.note('unicore run: the Node CLI');
  // QEMU reads the image through an inherited descriptor: its multiboot loader
  // puts the file's name before the command line, and the guest (like Xen for
  // a module) can only skip a name without blanks. /dev/fd/3 has none, whatever
  // the image's path.
  const imageFd = fs.openSync(image.path, 'r');
  try {
    const spec: SessionSpec = {
      command: qemu, args, console: image.kind === 'iso' ? 'raw' : 'framed', log, debugExit: true,
      statusSocket: status.kind === 'uart' ? status.socket : undefined, qmpSocket: common.qmpSocket, screens, scratch,
      inheritFd: imageFd, channelSocket: plan.channelSocket,
    };
    return await runSession(spec);
  } finally {
    fs.closeSync(imageFd);
  }
}

async function runOnXl(image: Image, memMiB: number, options: string[], args: string[], log: BootLog, scratch: string): Promise<number> {
  const name = domainName(image.name, `unicore-${process.pid}`);
  const cfg = path.join(scratch, 'domain.cfg');
  fs.writeFileSync(cfg, xlConfig({ name, kernel: image.path, memoryMiB: memMiB, cmdline: bootCmdline([FRAMED, ...options], args) }));
  log.add(`$ xl create -c ${cfg}`);
  return runSession({
    command: 'xl', args: ['create', '-c', cfg], console: 'framed', log, debugExit: false, scratch,
    stopGuest: () => { spawnSync('xl', ['destroy', name], { stdio: 'ignore', timeout: 15000 }); },
  });
}
