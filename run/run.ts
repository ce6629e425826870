/**
 * `unicore run`: boots an image like a local process. Picks how from the
 * platform in the image note (an ISO is baremetal) and hands the console to a
 * session (session.ts), or execs a linuxu image directly.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../lib/errors';
import { writeFileAtomic } from '../lib/fsutil';
import { DEFAULT_MEM_MIB, MIN_MEM_MIB, parseMem } from '../lib/mem';
import { BootLog } from './boot-log';
import { FRAMED, bootCmdline } from './cmdline';
import { Image, identifyImage } from './image';
import { runLinuxu } from './linuxu';
import { bootLogFile } from './paths';
import { QemuPlan, chooseAccel, findQemu, qemuArgv } from './qemu';
import { ScreenRequest } from './screen';
import { SessionSpec, runSession } from './session';
import {
  XEN_OVERHEAD_MIB, findHypervisor, unpackedHypervisor, xenCmdline, xenMachine, xenModule, xlWorks,
} from './xen';
import { domainName, xlConfig } from './xl-config';

export interface RunRequest {
  image: string;
  args: string[];
  mem?: string;
  accel?: string;
  verbose?: boolean;
  xlConfig?: string;
  screenshot?: string;
  screenText?: string;
}

export async function runImage(req: RunRequest): Promise<number> {
  const image = identifyImage(req.image);
  checkFlags(req, image);
  const memMiB = req.mem !== undefined ? parseMem(req.mem) : image.kind === 'elf' ? image.memMiB : DEFAULT_MEM_MIB;
  if (memMiB < MIN_MEM_MIB) {
    throw new UserError(`${req.image} asks for ${memMiB} MiB: a unicore guest needs at least ${MIN_MEM_MIB} MiB: pass --mem ${MIN_MEM_MIB}M or more`);
  }

  if (req.xlConfig !== undefined) {
    writeXlConfig(req.xlConfig, image, memMiB, req.args);
    return 0;
  }
  if (image.platform.run === 'exec') return runLinuxu(image.path, req.args);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'unicore-run-'));
  try {
    const log = new BootLog(bootLogFile(image.name), req.verbose ?? false);
    const screens: ScreenRequest | undefined = req.screenshot || req.screenText
      ? { png: req.screenshot && path.resolve(req.screenshot), text: req.screenText && path.resolve(req.screenText) }
      : undefined;
    if (image.platform.run === 'xen' && xlWorks()) return await runOnXl(image, memMiB, req.args, log, scratch);
    return await runInQemu(image, memMiB, req, log, scratch, screens);
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
  if ((req.screenshot || req.screenText) && (image.platform.run === 'exec' || req.xlConfig !== undefined)) {
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

function writeXlConfig(file: string, image: Image, memMiB: number, args: string[]): void {
  // For a person's `xl create -c`: the plain console, not the framed channel.
  const text = xlConfig({ name: domainName(image.name), kernel: image.path, memoryMiB: memMiB, cmdline: bootCmdline([], args) });
  try {
    writeFileAtomic(file, text);
  } catch (err) {
    throw new UserError(`--xl-config ${file}: cannot write it: ${(err as Error).message}`);
  }
}

async function runInQemu(image: Image, memMiB: number, req: RunRequest, log: BootLog, scratch: string,
  screens: ScreenRequest | undefined): Promise<number> {
  const qemu = findQemu();
  const accel = chooseAccel(req.accel);
  const cmdline = bootCmdline([FRAMED], req.args);
  const status: QemuPlan['status'] = screens ? { kind: 'uart', socket: path.join(scratch, 'status.sock') } : { kind: 'exit' };
  const common = { accel, status, qmpSocket: screens ? path.join(scratch, 'qmp.sock') : undefined };

  let plan: QemuPlan;
  if (image.kind === 'iso') {
    plan = { ...common, memMiB, vga: true, boot: { kind: 'cdrom', iso: image.path } };
  } else if (image.platform.run === 'xen') {
    const xen = unpackedHypervisor(findHypervisor());
    // Xen reads the module's file name up to the first blank: give it one without.
    const guest = path.join(scratch, 'guest.xen');
    fs.symlinkSync(image.path, guest);
    plan = {
      ...common,
      machine: xenMachine(),
      memMiB: memMiB + XEN_OVERHEAD_MIB + Math.ceil(memMiB / 16),
      vga: !!screens,
      boot: { kind: 'kernel', kernel: xen, append: xenCmdline(memMiB), initrd: xenModule(guest, cmdline) },
    };
  } else {
    plan = {
      ...common, memMiB, vga: !!screens || image.platform.vga,
      boot: { kind: 'kernel', kernel: image.path, append: cmdline },
    };
  }
  const args = qemuArgv(plan);
  log.add(`$ ${qemu} ${args.join(' ')}`);
  const spec: SessionSpec = {
    command: qemu, args, console: image.kind === 'iso' ? 'raw' : 'framed', log, debugExit: true,
    statusSocket: status.kind === 'uart' ? status.socket : undefined, qmpSocket: common.qmpSocket, screens, scratch,
  };
  return runSession(spec);
}

async function runOnXl(image: Image, memMiB: number, args: string[], log: BootLog, scratch: string): Promise<number> {
  const name = domainName(image.name, `unicore-${process.pid}`);
  const cfg = path.join(scratch, 'domain.cfg');
  fs.writeFileSync(cfg, xlConfig({ name, kernel: image.path, memoryMiB: memMiB, cmdline: bootCmdline([FRAMED], args) }));
  log.add(`$ xl create -c ${cfg}`);
  return runSession({
    command: 'xl', args: ['create', '-c', cfg], console: 'framed', log, debugExit: false, scratch,
    stopGuest: () => { spawnSync('xl', ['destroy', name], { stdio: 'ignore', timeout: 15000 }); },
  });
}
