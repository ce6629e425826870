/**
 * How a run ends and what exit status `unicore run` gives for it. Pure: the
 * first ending wins; the status comes from the app (X frame or status port),
 * from a signal we got, or from the way the guest's process closed.
 */

export type Ending =
  | { kind: 'status'; status: number }
  | { kind: 'signal'; status: number }
  | { kind: 'closed'; code: number | null; signal: NodeJS.Signals | null };

/** Settles once: later endings (the process closing after the X frame) are ignored. */
export class FirstEnding {
  readonly promise: Promise<Ending>;
  private settle!: (e: Ending) => void;
  private settled = false;

  constructor() {
    this.promise = new Promise<Ending>((resolve) => { this.settle = resolve; });
  }

  get over(): boolean {
    return this.settled;
  }

  end(e: Ending): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(e);
  }
}

/** What the closed process tells beyond its code: its stderr and whether it could start at all. */
export interface ClosedContext {
  command: string;
  /** QEMU's exit code carries isa-debug-exit's (status << 1) | 1. */
  debugExit: boolean;
  spawnError?: Error;
  /** The start of what the process wrote on its stderr. */
  stderr: string;
  /** The end of the console, for a guest that stopped without a status. */
  lastLines: string;
  logFile?: string;
}

/** The exit status, and the one-line reason when the app's own status is not known. */
export function exitStatus(e: Ending, ctx: ClosedContext): { status: number; error?: string } {
  if (e.kind !== 'closed') return { status: e.status };
  if (ctx.spawnError) return { status: 1, error: `cannot start ${ctx.command}: ${ctx.spawnError.message}` };
  const qemuError = ctx.stderr.split('\n').find((l) => /^qemu-system-\w+: /.test(l) && !/warning/i.test(l));
  if (qemuError && e.code === 1) return { status: 1, error: qemuError };
  const status = ctx.debugExit ? statusFromDebugExit(e.code) : undefined;
  if (status !== undefined) return { status };
  const how = e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
  return {
    status: 1,
    error: `the guest stopped without reporting an exit status (${ctx.command.split('/').pop()} ${how}); `
      + `the last lines of its console:\n${ctx.lastLines}` + (ctx.logFile ? `\n(whole log: ${ctx.logFile})` : ''),
  };
}

/** The guest status in QEMU's exit code, if the guest left through isa-debug-exit. */
export function statusFromDebugExit(code: number | null): number | undefined {
  return code !== null && code % 2 === 1 ? (code >> 1) & 255 : undefined;
}
