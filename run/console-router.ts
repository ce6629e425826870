/**
 * Routes a guest's console (the child's stdout) to where it belongs: app
 * output to our stdout and stderr (with back-pressure), boot log to the log,
 * stdin credit to the pump, the exit frame to the ending; and the child's
 * stderr (QEMU's messages) to the log.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process';
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
}

export function routeConsole(child: ChildProcessWithoutNullStreams, kind: 'framed' | 'raw', log: BootLog, ending: FirstEnding): Routed {
  // Output: back-pressure from our stdout/stderr stops reading the console.
  let blocked = 0;
  const emit = (stream: NodeJS.WriteStream, data: Buffer) => {
    if (data.length === 0 || stream.write(data)) return;
    if (blocked++ === 0) child.stdout.pause();
    stream.once('drain', () => { if (--blocked === 0) child.stdout.resume(); });
  };
  process.stdout.on('error', () => ending.end({ kind: 'signal', status: 141 }));   // reader went away: as SIGPIPE

  const pump = new StdinPump(process.stdin, child.stdin);
  if (kind === 'framed') {
    const onEvent = (e: GuestEvent) => {
      if (ending.over) return;
      switch (e.kind) {
        case 'log': log.add(e.line); break;
        case 'up': break;
        case 'output': emit(e.stream === 1 ? process.stdout : process.stderr, e.data); break;
        case 'credit': pump.grant(e.bytes); break;
        case 'exit': ending.end({ kind: 'status', status: e.status }); break;
      }
    };
    const decoder = new FrameDecoder();
    child.stdout.on('data', (chunk: Buffer) => decoder.feed(chunk).forEach(onEvent));
    child.stdout.on('end', () => decoder.end().forEach(onEvent));
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
    errLines.feed(chunk).forEach((e) => e.kind === 'log' && log.add(e.line));
  });

  return {
    stop: () => {
      pump.stop();
      process.stdin.pause();
    },
    stderr: () => said,
  };
}
