/**
 * A linuxu image is a static Linux executable: run it with the arguments, on
 * our stdin/stdout/stderr, and exit as it did (128 + signal if killed).
 */
import { spawn } from 'child_process';
import { onStopSignals, signalStatus } from '../lib/signals';

export function runLinuxu(image: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(image, args, { stdio: 'inherit' });
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
