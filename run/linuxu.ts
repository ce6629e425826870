/**
 * A linuxu image is a static Linux executable: run it with the arguments, on
 * our stdin/stdout/stderr, and exit as it did (128 + signal if killed).
 */
import { spawn } from 'child_process';
import { guarded } from '../lib/guard';
import { shQuote } from '../lib/shell';
import { onStopSignals, signalStatus } from '../lib/signals';

/** Linux's MAX_ARG_STRLEN less the NUL: the longest single argument exec takes. */
export const LINUX_ARG_MAX = 131071;

/** options: runtime option words, handed over in UNICORE_BOOT (a process has no boot command line). */
export function runLinuxu(image: string, args: string[], options: string[] = []): Promise<number> {
  return new Promise((resolve) => {
    const env = options.length ? { ...process.env, UNICORE_BOOT: `${options.map(shQuote).join(' ')} --` } : process.env;
    // The program dies with us, even when we are killed outright (lib/guard.ts).
    const run = guarded(image, args);
    const child = spawn(run.command, run.args, { stdio: 'inherit', env });
    // Ctrl-C reaches the app through the terminal's process group; a signal sent
    // to us alone is passed on, as a shell's exec would make no difference.
    const dropSignalHandler = onStopSignals((signal) => { child.kill(signal); });
    child.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'E2BIG'
        ? `the arguments are over Linux's limit (${LINUX_ARG_MAX} bytes per argument, and all of them with the environment within ARG_MAX): pass fewer or shorter arguments`
        : err.message;
      process.stderr.write(`unicore run: cannot execute ${image}: ${why}\n`);
      resolve(126);
    });
    child.on('exit', (code, signal) => {
      dropSignalHandler();
      resolve(signal ? signalStatus(signal) : code ?? 1);
    });
  });
}
