/**
 * The signals that stop a unicore command (Ctrl-C, kill, a closed terminal),
 * and the exit status a shell gives a process they kill: 128 + the number.
 */
import * as os from 'os';

export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 0);
}

/** Calls handler on each stop signal until the returned function removes it. */
export function onStopSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  const installed = STOP_SIGNALS.map((s) => [s, () => handler(s)] as const);
  installed.forEach(([s, h]) => process.on(s, h));
  return () => installed.forEach(([s, h]) => process.removeListener(s, h));
}
