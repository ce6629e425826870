/**
 * One run of a guest behind a console pipe (QEMU's COM1 on its stdio, or
 * `xl create -c`): our stdin goes in, the console comes out decoded into the
 * app's stdout and stderr and the boot log, and the run ends with the app's
 * exit status: from the X frame, the status port, or QEMU's exit code.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as net from 'net';
import { guarded } from '../lib/guard';
import { onStopSignals, signalStatus } from '../lib/signals';
import { BootLog } from './boot-log';
import { routeConsole } from './console-router';
import { exitStatus, FirstEnding } from './ending';
import { Qmp, listening } from './qmp';
import { ScreenRequest, captureScreen } from './screen';

export interface SessionSpec {
  command: string;
  args: string[];
  /** framed: the channel of docs/architecture.md; raw: an ISO's plain COM1 (see raw-console.ts). */
  console: 'framed' | 'raw';
  log: BootLog;
  /** QEMU's exit code carries isa-debug-exit's (status << 1) | 1. */
  debugExit: boolean;
  /** Unix socket the status UART connects to (see QemuPlan.status). */
  statusSocket?: string;
  qmpSocket?: string;
  /** Unix socket the guest's virtio-serial channel connects to (see QemuPlan.channelSocket). */
  channelSocket?: string;
  screens?: ScreenRequest;
  scratch: string;
  /** An open file the child gets as its fd 3 (the image, see IMAGE_FD_PATH). */
  inheritFd?: number;
  /** Extra teardown once the run is over (e.g. `xl destroy`). */
  stopGuest?: () => void;
  /** A check beside the guest that can end the run as failed with a one-line
   * reason (the toolstack harness's ready limit); returns how to stop it. */
  watch?: (fail: (reason: string) => void) => () => void;
}

/** The guest's process: started, and watched until it closes. */
interface Guest {
  child: ChildProcessWithoutNullStreams;
  closed: Promise<void>;
  isClosed(): boolean;
  spawnError(): Error | undefined;
}

function startGuest(command: string, args: string[], inheritFd: number | undefined, ending: FirstEnding,
  drained: () => Promise<void>): Guest {
  const extra = inheritFd !== undefined ? [inheritFd] : [];
  // QEMU dies with us, even when we are killed outright (lib/guard.ts).
  const run = guarded(command, args);
  const child = spawn(run.command, run.args, { stdio: ['pipe', 'pipe', 'pipe', ...extra] }) as ChildProcessWithoutNullStreams;
  let closed = false;
  let spawnError: Error | undefined;
  const whenClosed = new Promise<void>((resolve) => child.on('close', (code, signal) => {
    closed = true;
    // What the guest wrote on its channel before it stopped comes first.
    void withTimeout(drained(), 3000, '').catch(() => undefined).then(() => {
      ending.end({ kind: 'closed', code, signal });
      resolve();
    });
  }));
  child.on('error', (err) => {
    spawnError = err;
    closed = true;
    ending.end({ kind: 'closed', code: null, signal: null });
  });
  child.stdin.on('error', () => { /* the guest is gone; its exit tells the rest */ });
  return { child, closed: whenClosed, isClosed: () => closed, spawnError: () => spawnError };
}

export async function runSession(spec: SessionSpec): Promise<number> {
  const ending = new FirstEnding();
  const dropSignalHandler = onStopSignals((signal) => ending.end({ kind: 'signal', status: signalStatus(signal) }));

  const statusServer = spec.statusSocket ? listenForStatus(spec.statusSocket, (s) => ending.end({ kind: 'status', status: s })) : undefined;
  const qmp = spec.qmpSocket ? new Qmp(spec.qmpSocket) : undefined;
  // QEMU connects to these as a client at startup: they must exist first.
  if (statusServer) await listening(statusServer);
  if (qmp) await qmp.listening();
  const channel = spec.channelSocket ? new Channel(spec.channelSocket) : undefined;
  if (channel) await listening(channel.server);

  const guest = startGuest(spec.command, spec.args, spec.inheritFd, ending, () => channel?.drained() ?? Promise.resolve());
  const routed = routeConsole(guest.child, spec.console, spec.log, ending);
  channel?.onConnect((socket) => routed.attach(socket));
  const unwatch = spec.watch?.((reason) => ending.end({ kind: 'failed', reason }));

  const result = await ending.promise;
  unwatch?.();
  routed.stop();
  dropSignalHandler();

  if (spec.screens && qmp && !guest.isClosed() && result.kind === 'status') {
    try {
      await withTimeout(qmp.start().then(() => captureScreen(qmp, spec.screens!, spec.scratch)), 20000, 'QEMU did not answer');
    } catch (err) {
      process.stderr.write(`unicore run: could not read the guest's screen: ${(err as Error).message}\n`);
    }
  }

  if (!guest.isClosed()) guest.child.kill('SIGKILL');
  spec.stopGuest?.();
  await withTimeout(guest.closed, 3000, '').catch(() => undefined);
  qmp?.close();
  statusServer?.close();
  channel?.close();
  await flush(process.stdout);
  await flush(process.stderr);
  spec.log.close();

  const { status, error } = exitStatus(result, {
    command: spec.command, debugExit: spec.debugExit, spawnError: guest.spawnError(),
    stderr: routed.stderr(), lastLines: spec.log.lastLines(), logFile: spec.log.file,
  });
  if (error) process.stderr.write(`unicore run: ${error}\n`);
  return status;
}

/** The listening end of the virtio-serial channel: QEMU connects once, at start. */
class Channel {
  readonly server: net.Server;
  private socket?: net.Socket;
  private closed = false;
  private whenClosed?: Promise<void>;
  private connected: (socket: net.Socket) => void = () => undefined;

  constructor(path: string) {
    this.server = net.createServer((socket) => {
      if (this.socket) { socket.destroy(); return; }
      this.socket = socket;
      this.whenClosed = new Promise((resolve) => socket.on('close', () => { this.closed = true; resolve(); }));
      this.connected(socket);
    });
    this.server.listen(path);
  }

  onConnect(f: (socket: net.Socket) => void): void {
    this.connected = f;
  }

  /** Resolves once everything the guest wrote on the channel has been read (at once if it never connected). */
  drained(): Promise<void> {
    return this.closed || !this.whenClosed ? Promise.resolve() : this.whenClosed;
  }

  close(): void {
    this.socket?.destroy();
    this.server.close();
  }
}

/** The status UART: the first byte the guest writes to it is its exit status. */
function listenForStatus(path: string, onStatus: (status: number) => void): net.Server {
  const server = net.createServer((socket) => {
    socket.on('data', (data: Buffer) => { if (data.length) onStatus(data[0]); });
    socket.on('error', () => undefined);
  });
  server.listen(path);
  return server;
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(what)), ms); }),
  ]).finally(() => clearTimeout(timer));
}
