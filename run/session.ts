/**
 * One run of a guest behind a console pipe (QEMU's COM1 on its stdio, or
 * `xl create -c`): our stdin goes in, the console comes out decoded into the
 * app's stdout and stderr and the boot log, and the run ends with the app's
 * exit status: from the X frame, the status port, or QEMU's exit code.
 */
import { spawn } from 'child_process';
import * as net from 'net';
import { BootLog } from './boot-log';
import { FrameDecoder, GuestEvent } from './framed';
import { Qmp, listening } from './qmp';
import { RawConsole } from './raw-console';
import { ScreenRequest, captureScreen } from './screen';
import { StdinPump } from './stdin-pump';
import { statusFromDebugExit } from './qemu';

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
  screens?: ScreenRequest;
  scratch: string;
  /** Extra teardown once the run is over (e.g. `xl destroy`). */
  stopGuest?: () => void;
}

type Ending =
  | { kind: 'status'; status: number }
  | { kind: 'signal'; status: number }
  | { kind: 'closed'; code: number | null; signal: NodeJS.Signals | null };

const SIGNALS: Array<[NodeJS.Signals, number]> = [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]];

export async function runSession(spec: SessionSpec): Promise<number> {
  let settle!: (e: Ending) => void;
  const ending = new Promise<Ending>((resolve) => { settle = resolve; });
  let over = false;
  const end = (e: Ending) => {
    if (!over) {
      over = true;
      settle(e);
    }
  };

  const signalHandlers = SIGNALS.map(([name, number]) => {
    const handler = () => end({ kind: 'signal', status: 128 + number });
    process.on(name, handler);
    return [name, handler] as const;
  });

  const statusServer = spec.statusSocket ? listenForStatus(spec.statusSocket, (s) => end({ kind: 'status', status: s })) : undefined;
  const qmp = spec.qmpSocket ? new Qmp(spec.qmpSocket) : undefined;
  // QEMU connects to these as a client at startup: they must exist first.
  if (statusServer) await listening(statusServer);
  if (qmp) await qmp.listening();

  const child = spawn(spec.command, spec.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let closed = false;
  const childClosed = new Promise<void>((resolve) => child.on('close', (code, signal) => {
    closed = true;
    end({ kind: 'closed', code, signal });
    resolve();
  }));
  let spawnError: Error | undefined;
  child.on('error', (err) => {
    spawnError = err;
    closed = true;
    end({ kind: 'closed', code: null, signal: null });
  });
  child.stdin.on('error', () => { /* the guest is gone; its exit tells the rest */ });

  // Output: back-pressure from our stdout/stderr stops reading the console.
  let blocked = 0;
  const emit = (stream: NodeJS.WriteStream, data: Buffer) => {
    if (data.length === 0 || stream.write(data)) return;
    if (blocked++ === 0) child.stdout.pause();
    stream.once('drain', () => { if (--blocked === 0) child.stdout.resume(); });
  };
  process.stdout.on('error', () => end({ kind: 'signal', status: 141 }));   // reader went away: as SIGPIPE

  const pump = new StdinPump(process.stdin, child.stdin);
  const onEvent = (e: GuestEvent) => {
    if (over) return;
    switch (e.kind) {
      case 'log': spec.log.add(e.line); break;
      case 'up': break;
      case 'output': emit(e.stream === 1 ? process.stdout : process.stderr, e.data); break;
      case 'credit': pump.grant(e.bytes); break;
      case 'exit': end({ kind: 'status', status: e.status }); break;
    }
  };

  if (spec.console === 'framed') {
    const decoder = new FrameDecoder();
    child.stdout.on('data', (chunk: Buffer) => decoder.feed(chunk).forEach(onEvent));
    child.stdout.on('end', () => decoder.end().forEach(onEvent));
  } else {
    const raw = new RawConsole();
    const take = (r: { log: string[]; output: Buffer }) => {
      r.log.forEach((line) => spec.log.add(line));
      if (!over) emit(process.stdout, r.output);
    };
    child.stdout.on('data', (chunk: Buffer) => take(raw.feed(chunk)));
    child.stdout.on('end', () => take(raw.end()));
    // A raw console has no end of input: stdin goes in as typed.
    process.stdin.on('data', (chunk: Buffer) => child.stdin.write(chunk));
  }

  let qemuSaid = '';
  const errLines = new FrameDecoder();
  child.stderr.on('data', (chunk: Buffer) => {
    if (qemuSaid.length < 4096) qemuSaid += chunk.toString();
    errLines.feed(chunk).forEach((e) => e.kind === 'log' && spec.log.add(e.line));
  });

  const result = await ending;
  pump.stop();
  process.stdin.pause();
  for (const [name, handler] of signalHandlers) process.removeListener(name, handler);

  if (spec.screens && qmp && !closed && result.kind === 'status') {
    try {
      await withTimeout(qmp.start().then(() => captureScreen(qmp, spec.screens!, spec.scratch)), 20000, 'QEMU did not answer');
    } catch (err) {
      process.stderr.write(`unicore run: could not read the guest's screen: ${(err as Error).message}\n`);
    }
  }

  if (!closed) child.kill('SIGKILL');
  spec.stopGuest?.();
  await withTimeout(childClosed, 3000, '').catch(() => undefined);
  qmp?.close();
  statusServer?.close();
  await flush(process.stdout);
  await flush(process.stderr);
  spec.log.close();

  switch (result.kind) {
    case 'status':
    case 'signal':
      return result.status;
    case 'closed': {
      if (spawnError) return fail(`cannot start ${spec.command}: ${spawnError.message}`);
      const qemuError = qemuSaid.split('\n').find((l) => /^qemu-system-\w+: /.test(l) && !/warning/i.test(l));
      if (qemuError && result.code === 1) return fail(qemuError);
      const status = spec.debugExit ? statusFromDebugExit(result.code) : undefined;
      if (status !== undefined) return status;
      const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
      return fail(`the guest stopped without reporting an exit status (${spec.command.split('/').pop()} ${how}); ` +
        `the last lines of its console:\n${spec.log.lastLines()}` + (spec.log.file ? `\n(whole log: ${spec.log.file})` : ''));
    }
  }
}

function fail(message: string): number {
  process.stderr.write(`unicore run: ${message}\n`);
  return 1;
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
