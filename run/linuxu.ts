/**
 * A linuxu image is a static Linux executable: run it with the arguments, on
 * our stdin/stdout/stderr, and exit as it did (128 + signal if killed).
 */
import { spawn } from 'child_process';
import { shQuote } from '../lib/shell';
import { onStopSignals, signalStatus } from '../lib/signals';

/** options: runtime option words, handed over in UNICORE_BOOT (a process has no boot command line). */
export function runLinuxu(image: string, args: string[], options: string[] = []): Promise<number> {
  return new Promise((resolve) => {
    const env = options.length ? { ...process.env, UNICORE_BOOT: `${options.map(shQuote).join(' ')} --` } : process.env;
    const child = spawn(image, args, { stdio: 'inherit', env });
    // Ctrl-C reaches the app through the terminal's process group; a signal sent
    // to us alone is passed on, as a shell's exec would make no difference.
    const dropSignalHandler = onStopSignals((signal) => { child.kill(signal); });
    child.on('error', (err) => {
      process.stderr.write(`unicore run: cannot execute ${image}: ${err.message}\n`);
      resolve(126);
    });
    child.on('exit', (code, signal) => {
      dropSignalHandler();
      resolve(signal ? signalStatus(signal) : code ?? 1);
    });
  });
}
