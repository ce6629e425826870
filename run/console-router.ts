/**
 * Routes a guest's console (the child's stdout, and the channel socket of a
 * virtio-serial port when the guest speaks the framed channel there) to where it belongs: app
 * output to our stdout and stderr (with back-pressure), boot log to the log,
 * stdin credit to the pump, the exit frame to the ending; and the child's
 * stderr (QEMU's messages) to the log.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process';
import type { Socket } from 'net';
import type { Readable, Writable } from 'stream';
import type { BootLog } from './boot-log';
import type { FirstEnding } from './ending';
import { FrameDecoder, GuestEvent } from './framed';
import { RawConsole } from './raw-console';
import { StdinPump } from './stdin-pump';

export interface Routed {
  /** Stops feeding stdin to the guest. */
  stop(): void;
  /** The start of what the child wrote on its stderr. */
  stderr(): string;
  /** A second framed console (the virtio channel): frames there count as on the console; stdin goes where credit came from. */
  attach(channel: Socket): void;
}

export function routeConsole(child: ChildProcessWithoutNullStreams, kind: 'framed' | 'raw', log: BootLog, ending: FirstEnding): Routed {
  // Output: back-pressure from our stdout/stderr stops reading the console.
  let blocked = 0;
  const sources: Readable[] = [child.stdout];
  const full = new Set<NodeJS.WriteStream>();
  const emit = (stream: NodeJS.WriteStream, data: Buffer) => {
    if (data.length === 0 || stream.write(data) || full.has(stream)) return;
    full.add(stream);
    if (blocked++ === 0) sources.forEach((s) => s.pause());
    stream.once('drain', () => {
      full.delete(stream);
      if (--blocked === 0) sources.forEach((s) => s.resume());
    });
  };
  process.stdout.on('error', () => ending.end({ kind: 'signal', status: 141 }));   // reader went away: as SIGPIPE

  const pump = new StdinPump(() => process.stdin, child.stdin);
  const decode = (from: Readable, to: Writable) => {
    const onEvent = (e: GuestEvent) => {
      if (ending.over) return;
      switch (e.kind) {
        case 'log': log.add(e.line); break;
        case 'up': break;
        case 'output': emit(e.stream === 1 ? process.stdout : process.stderr, e.data); break;
        case 'credit': pump.grant(e.bytes, to); break;
        case 'exit': ending.end({ kind: 'status', status: e.status }); break;
      }
    };
    const decoder = new FrameDecoder();
    from.on('data', (chunk: Buffer) => decoder.feed(chunk).forEach(onEvent));
    from.on('end', () => decoder.end().forEach(onEvent));
  };
  if (kind === 'framed') {
    decode(child.stdout, child.stdin);
  } else {
    const raw = new RawConsole();
    const take = (r: { log: string[]; output: Buffer }) => {
      r.log.forEach((line) => log.add(line));
      if (!ending.over) emit(process.stdout, r.output);
    };
    child.stdout.on('data', (chunk: Buffer) => take(raw.feed(chunk)));
    child.stdout.on('end', () => take(raw.end()));
    // A raw console has no end of input: stdin goes in as typed.
    process.stdin.on('data', (chunk: Buffer) => child.stdin.write(chunk));
  }

  let said = '';
  const errLines = new FrameDecoder();
  child.stderr.on('data', (chunk: Buffer) => {
    if (said.length < 4096) said += chunk.toString();
    errLines.feed(chunk).forEach((e) => {
      if (e.kind !== 'log') return;
      log.add(e.line);
      // KVM cannot go on (QEMU then pauses the guest for ever): end the run with a reason.
      // A moment first, for the console output already on its way.
      if (/^KVM internal error|^error: kvm run failed/.test(e.line)) {
        const reason = kvmFailure(e.line);
        setTimeout(() => ending.end({ kind: 'failed', reason }), 300);
      }
    });
  });

  return {
    stop: () => {
      pump.stop();
      if (kind !== 'framed') process.stdin.pause();
    },
    stderr: () => said,
    attach: (channel: Socket) => {
      channel.on('error', () => undefined);   // the guest is gone; its exit tells the rest
      sources.push(channel);
      if (blocked) channel.pause();
      decode(channel, channel);
    },
  };
}

/** The one line for a guest KVM stopped with an internal error. */
export function kvmFailure(qemuLine: string): string {
  return `KVM stopped the guest with an internal error (${qemuLine.trim()}): run it without --accel kvm (TCG emulates what KVM could not)`;
}
